/**
 * Where the focus goes when what held it disappears (a toolbar, a toast, a dialog's opener):
 * the page's content, which the skip link also targets. Without it the focus falls on the
 * page body and a keyboard user starts again from the top of the window.
 */
export function focusContent(): void {
  document.getElementById('contenu')?.focus({ preventScroll: true });
}

/** Gives the focus back to what had it before a dialog opened, or to the content if it is gone. */
export function restoreFocus(opener: Element | null): void {
  if (opener instanceof HTMLElement && opener.isConnected && opener !== document.body) opener.focus({ preventScroll: true });
  else focusContent();
}

/**
 * Runs `remove`, which takes `container` off the page (a toast, a toolbar); if the focus was
 * inside it, the focus goes to `fallback` instead of falling on the page body.
 */
export function removeKeepingFocus(container: Element | undefined, remove: () => void, fallback: () => void = focusContent): void {
  const hadFocus = container?.contains(document.activeElement) ?? false;
  remove();
  if (hadFocus) fallback();
}

/** Brings a passage or a note into view and gives it the focus, outlined for a moment. */
export function flash(element: Element | null): void {
  if (!(element instanceof HTMLElement)) return;
  element.scrollIntoView({ block: 'center' });
  element.focus({ preventScroll: true });
  element.classList.add('flash');
  setTimeout(() => element.classList.remove('flash'), 1600);
}
