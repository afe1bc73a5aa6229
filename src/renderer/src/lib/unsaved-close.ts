import { saveBeforeClosingEvent, type SaveBeforeClosingDetail } from '../../../shared/ipc';

export interface UnsavedWork {
  isUnsaved: () => boolean;
  /** Stores the work; resolves to true once it is stored. */
  save: () => Promise<boolean>;
}

/**
 * While the returned function is not called, closing or reloading the page with unsaved work asks
 * first: the browser asks itself; the desktop app asks « Enregistrer / Ne pas enregistrer /
 * Annuler » (src/main/unsaved-note.ts) and its « Enregistrer » comes back here as an event.
 */
export function guardPageClosing(work: UnsavedWork, page: EventTarget = window): () => void {
  const onBeforeUnload = (event: Event): void => {
    if (work.isUnsaved()) event.preventDefault();
  };
  const onSaveAsked = (event: Event): void => {
    const detail: unknown = (event as CustomEvent<unknown>).detail;
    if (typeof detail !== 'object' || detail === null) return;
    (detail as SaveBeforeClosingDetail).saved = work.isUnsaved() ? work.save() : Promise.resolve(true);
  };
  page.addEventListener('beforeunload', onBeforeUnload);
  page.addEventListener(saveBeforeClosingEvent, onSaveAsked);
  return () => {
    page.removeEventListener('beforeunload', onBeforeUnload);
    page.removeEventListener(saveBeforeClosingEvent, onSaveAsked);
  };
}
