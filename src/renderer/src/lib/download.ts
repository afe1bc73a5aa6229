/** Saves a file through the browser's (or Electron's) download, without any network. */
function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves text as a file through the browser's (or Electron's) download, without any network. */
export function downloadText(fileName: string, text: string, type = 'text/markdown;charset=utf-8'): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

export const wordType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Saves a file core built (a Word document, as base64). */
export function downloadBase64(fileName: string, base64: string, type: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  downloadBlob(fileName, new Blob([bytes], { type }));
}

/**
 * Where a download went: the browser's downloads folder, and in the desktop app the same
 * folder (src/main/downloads.ts saves there), so that the person knows where to look.
 */
export function savedMessage(fileName: string): string {
  return `Enregistré dans Téléchargements : ${fileName}`;
}
