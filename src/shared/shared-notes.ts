import type { SharedNote } from './schemas';

/** What the exports of notes say in place of a passage, or of a passage gone. */
export const wholeFicheLine = 'Note sur l’ensemble de la fiche.';
export const orphanLine = 'Passage introuvable dans la version actuelle de la fiche.';

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
