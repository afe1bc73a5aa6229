import type { DocumentFormat } from '../../../../shared/document-schemas';

export const formatLabels: Record<DocumentFormat, string> = {
  pdf: 'PDF',
  docx: 'Word',
  markdown: 'Markdown',
  html: 'HTML',
  text: 'Texte',
};

export function pageCountLabel(count: number): string {
  return `${count} page${count > 1 ? 's' : ''}`;
}
