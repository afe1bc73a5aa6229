import { frenchDate } from './french-dates';
import { markdownToPlainText } from './markdown/plain-text';
import type { Annotation, SharedNote } from './schemas';

/** What the exports of notes say in place of a passage, or of a passage gone. */
const wholeFicheLine = 'Note sur l’ensemble de la fiche.';
const wholePageLine = 'Note sur l’ensemble de la page.';
export const orphanLine = 'Passage introuvable dans la version actuelle de la fiche.';

type FicheNaming = Pick<Annotation, 'kit' | 'kitTitle' | 'number' | 'ficheTitle'>;

/**
 * « DépartementalESS, fiche 7 : Agriculture, alimentation & ESS » in written exports and dossiers;
 * the screen separates kit and fiche with « · ».
 */
export function ficheLabel(fiche: FicheNaming, separator: ', ' | ' · ' = ', '): string {
  return `${fiche.kitTitle ?? fiche.kit}${separator}fiche ${fiche.number} : ${fiche.ficheTitle ?? 'fiche retirée de la base'}`;
}

/** The fiche (see ficheLabel), or « Document « SPASER 2025 », page 3 ». */
export function ficheReference(a: FicheNaming & { document?: Annotation['document'] }, separator: ', ' | ' · ' = ', '): string {
  return a.document ? documentReference(a.document) : ficheLabel(a, separator);
}

export function documentReference(document: NonNullable<Annotation['document']>): string {
  // No title: the document is not in this library (removed here, or shared by the team and not fetched yet).
  return document.title === null ? `Document absent de cet ordinateur, page ${document.page}` : `Document « ${document.title} », page ${document.page}`;
}

/**
 * Notes as a colleague reads them, outside the app: the fiche and its official address, the
 * passage, the note in plain words (no Markdown signs), tags, author and date.
 */
export function toSharedNotes(annotations: readonly Annotation[], sourceOf: (a: Annotation) => string | null): SharedNote[] {
  return annotations.map((a) => ({
    id: a.id,
    ficheReference: ficheReference(a),
    sourceUrl: sourceOf(a),
    quote: a.selector ? a.selector.exact.replace(/\s+/g, ' ').trim() : null,
    orphan: a.status === 'orphan',
    wholeLine: a.document ? wholePageLine : wholeFicheLine,
    note: markdownToPlainText(a.note).trim(),
    tags: a.tags,
    author: a.authorName.trim(),
    dateLine: a.updatedAt === a.createdAt ? `créée le ${frenchDate(a.createdAt)}` : `modifiée le ${frenchDate(a.updatedAt)}`,
  }));
}

/** « par Marie Dupont, créée le 4 décembre 2026 » */
export function signature(note: SharedNote): string {
  return note.author ? `par ${note.author}, ${note.dateLine}` : note.dateLine.replace(/^./, (c) => c.toUpperCase());
}

export interface SharedNoteGroup {
  ficheReference: string;
  sourceUrl: string | null;
  notes: SharedNote[];
}

/** Consecutive notes of one fiche share its heading, as in « Mes annotations ». */
export function groupByFiche(notes: readonly SharedNote[]): SharedNoteGroup[] {
  const groups: SharedNoteGroup[] = [];
  for (const note of notes) {
    const last = groups.at(-1);
    if (last && last.ficheReference === note.ficheReference) last.notes.push(note);
    else groups.push({ ficheReference: note.ficheReference, sourceUrl: note.sourceUrl, notes: [note] });
  }
  return groups;
}
