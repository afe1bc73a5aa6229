import type { AnnotationColor } from '../../../../shared/schemas';

export const colorLabels: Record<AnnotationColor, string> = {
  jaune: 'Jaune',
  vert: 'Vert',
  bleu: 'Bleu',
  rose: 'Rose',
  violet: 'Violet',
};

export const colors = Object.keys(colorLabels) as AnnotationColor[];
