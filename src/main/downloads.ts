import fs from 'node:fs';
import path from 'node:path';
import type { Session } from 'electron';

/** « notes.docx », or « notes (1).docx », « notes (2).docx »… when taken, as browsers name downloads. */
export function freeDownloadPath(dir: string, fileName: string, exists: (file: string) => boolean = fs.existsSync): string {
  const safeName = path.basename(fileName) || 'kits-ess';
  const extension = path.extname(safeName);
  const stem = safeName.slice(0, safeName.length - extension.length);
  let candidate = path.join(dir, safeName);
  for (let n = 1; exists(candidate); n += 1) candidate = path.join(dir, `${stem} (${n})${extension}`);
  return candidate;
}

/**
 * Exports (Word, Markdown, CSV, JSON) go straight to the Downloads folder, as in a browser,
 * so that the message « Enregistré dans Téléchargements : … » is true in the desktop app too.
 */
export function saveDownloadsIn(session: Session, dir: () => string): void {
  session.on('will-download', (_event, item) => {
    item.setSavePath(freeDownloadPath(dir(), item.getFilename()));
  });
}
