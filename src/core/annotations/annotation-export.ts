import { frenchDate } from '../../shared/french-dates';
import { safeMarkdown } from '../../shared/markdown/safe-markdown';
import type { Annotation } from '../../shared/schemas';
import { documentReference } from '../../shared/shared-notes';

const colorNames: Record<NonNullable<Annotation['color']>, string> = {
  jaune: 'jaune',
  vert: 'vert',
  bleu: 'bleu',
  rose: 'rose',
  violet: 'violet',
};


function quoteBlock(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

/**
 * Annotations as a Markdown document that reads well pasted into an e-mail or a draft
 * deliberation: grouped by fiche, each quote followed by its note and tags.
 */
export function annotationsToMarkdown(annotations: readonly Annotation[], exportedAt: string, sourceOf: (a: Annotation) => string | null): string {
  const lines: string[] = ['# Annotations Kits ESS', '', `Exportées le ${frenchDate(exportedAt)} : ${annotations.length} annotation${annotations.length > 1 ? 's' : ''}.`];
  let currentFiche = '';
  for (const a of annotations) {
    const fiche = a.document ? `${a.document.id}/${a.document.page}` : `${a.kit}/${a.number}`;
    if (fiche !== currentFiche) {
      currentFiche = fiche;
      if (a.document) {
        lines.push('', `## ${safeMarkdown(documentReference(a.document))}`);
      } else {
        const title = a.ficheTitle ?? 'fiche retirée de la base';
        lines.push('', `## ${safeMarkdown(a.kitTitle ?? a.kit ?? '')}, fiche ${a.number} : ${safeMarkdown(title)}`);
        const source = sourceOf(a);
        if (source) lines.push('', `Fiche officielle : ${source}`);
      }
    }
    lines.push('');
    if (a.selector) {
      lines.push(quoteBlock(`« ${safeMarkdown(a.selector.exact)} »`));
      if (a.status === 'orphan') lines.push('', '_Passage introuvable dans la version actuelle de la fiche._');
    } else {
      lines.push('_Note sur l’ensemble de la fiche._');
    }
    if (a.note.trim()) lines.push('', safeMarkdown(a.note.trim()));
    const details = [
      a.tags.length > 0 ? `Étiquettes : ${safeMarkdown(a.tags.join(', '))}` : '',
      a.color ? `surlignage ${colorNames[a.color]}` : '',
      a.updatedAt === a.createdAt ? `créée le ${frenchDate(a.createdAt)}` : `modifiée le ${frenchDate(a.updatedAt)}`,
    ].filter(Boolean);
    lines.push('', `_${details.join(' · ')}_`, '', '---');
  }
  return `${lines.join('\n')}\n`;
}
