import { call } from '../../lib/api';
import { copyRichText } from '../../lib/clipboard';
import { downloadBase64, savedMessage, wordType } from '../../lib/download';

/** Mail programs (Outlook notably) cut or refuse longer mailto: addresses. */
export const maxMailtoLength = 1800;

/** A new message with its subject and body, or null when it would be too long to open. */
export function mailtoUrl(subject: string, body: string): string | null {
  const url = `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  return url.length <= maxMailtoLength ? url : null;
}

/** Each action answers with the sentence that tells the person what happened. */
export async function copyNotes(ids: string[]): Promise<string> {
  const { html, text, notes } = await call('shareAnnotations', { ids });
  await copyRichText(html, text);
  return notes.length > 1 ? `${notes.length} notes copiées : collez-les dans un courriel ou un document.` : 'Note copiée : collez-la dans un courriel ou un document.';
}

export async function mailNotes(ids: string[]): Promise<string> {
  const { subject, text, html } = await call('shareAnnotations', { ids });
  const url = mailtoUrl(subject, text);
  if (!url) {
    await copyRichText(html, text);
    return 'Le message est trop long pour être ouvert dans votre logiciel de courriel : il a été copié. Collez-le dans un nouveau courriel.';
  }
  // The desktop app hands new windows to the system (src/main/security.ts); a browser opens its mail program.
  if (window.kb) window.open(url);
  else window.location.href = url;
  return 'Message ouvert dans votre logiciel de courriel.';
}

export async function saveNotesWord(ids: string[]): Promise<string> {
  const { fileName, base64 } = await call('exportAnnotationsDocx', { ids });
  downloadBase64(fileName, base64, wordType);
  return savedMessage(fileName);
}
