import { countOf } from '../../shared/french-format';
import type { SharedNote } from '../../shared/schemas';
import { groupByFiche, orphanLine, signature } from '../../shared/shared-notes';

export function sharedNotesSubject(notes: readonly SharedNote[]): string {
  const fiches = new Set(notes.map((n) => n.ficheReference));
  const only = fiches.size === 1 ? [...fiches][0] : undefined;
  return only ? `Notes Kits ESS : ${only}` : `Notes Kits ESS : ${countOf(notes.length, 'note')} sur ${countOf(fiches.size, 'fiche')}`;
}

/** Plain text for an e-mail body or the clipboard: readable in any mail program. */
export function sharedNotesText(notes: readonly SharedNote[]): string {
  const blocks: string[] = [];
  for (const group of groupByFiche(notes)) {
    blocks.push([group.ficheReference, group.sourceUrl ? `Fiche officielle : ${group.sourceUrl}` : ''].filter(Boolean).join('\n'));
    for (const note of group.notes) {
      const lines = [note.quote ? `« ${note.quote} »` : note.wholeLine];
      if (note.orphan) lines.push(`(${orphanLine})`);
      if (note.note) lines.push(note.note);
      if (note.tags.length > 0) lines.push(`Étiquettes : ${note.tags.join(', ')}`);
      lines.push(`— ${signature(note)}`);
      blocks.push(lines.join('\n'));
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** The same notes as simple HTML for a rich paste (word processor, web mail); every text is escaped. */
export function sharedNotesHtml(notes: readonly SharedNote[]): string {
  const parts: string[] = [];
  for (const group of groupByFiche(notes)) {
    parts.push(`<h2>${escapeHtml(group.ficheReference)}</h2>`);
    if (group.sourceUrl) {
      const url = escapeHtml(group.sourceUrl);
      parts.push(`<p>Fiche officielle : <a href="${url}">${url}</a></p>`);
    }
    for (const note of group.notes) {
      parts.push(note.quote ? `<blockquote>« ${escapeHtml(note.quote)} »</blockquote>` : `<p><em>${note.wholeLine}</em></p>`);
      if (note.orphan) parts.push(`<p><em>${orphanLine}</em></p>`);
      if (note.note) parts.push(paragraphs(note.note));
      if (note.tags.length > 0) parts.push(`<p>Étiquettes : ${escapeHtml(note.tags.join(', '))}</p>`);
      parts.push(`<p><em>${escapeHtml(signature(note))}</em></p>`);
    }
  }
  return parts.join('\n');
}
