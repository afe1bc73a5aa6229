/**
 * Copies `html` (pasted as formatted text in a word processor or web mail) and `text` (pasted
 * anywhere else). The asynchronous clipboard API can be refused (permissions, older engines):
 * the copy event of execCommand, run within the same click, then carries both forms.
 */
export async function copyRichText(html: string, text: string): Promise<void> {
  try {
    if (typeof ClipboardItem === 'undefined' || !navigator.clipboard?.write) throw new Error('no async clipboard');
    await navigator.clipboard.write([
      new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([text], { type: 'text/plain' }) }),
    ]);
  } catch {
    copyWithEvent(html, text);
  }
}

function copyWithEvent(html: string, text: string): void {
  let copied = false;
  const onCopy = (event: ClipboardEvent): void => {
    event.clipboardData?.setData('text/html', html);
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
    copied = true;
  };
  document.addEventListener('copy', onCopy, { once: true });
  document.execCommand('copy');
  document.removeEventListener('copy', onCopy);
  if (!copied) throw new Error('La copie a été refusée par le navigateur : sélectionnez le texte et copiez-le avec Ctrl+C.');
}
