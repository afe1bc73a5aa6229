import { router } from '../../lib/router.svelte';

/** F1 opens the list of shortcuts, in the desktop app (its Aide menu shows it) and in a browser. */
export function listenForHelpKey(): () => void {
  const onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'F1' || event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
    // A browser would open its own help page.
    event.preventDefault();
    router.go({ name: 'shortcuts' });
  };
  window.addEventListener('keydown', onKeydown);
  return () => window.removeEventListener('keydown', onKeydown);
}
