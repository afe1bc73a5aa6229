import type { AnnotationColor } from '../../../../shared/schemas';
import { call, errorMessage } from '../../lib/api';
import { focusContent } from '../../lib/focus';
import { toasts } from '../../lib/toast.svelte';

export interface NoteDraft {
  note: string;
  tags: string[];
  color: AnnotationColor | null;
  /** Kept on this computer only: never sent to the team workspace. */
  isPrivate: boolean;
}

/**
 * A list of annotations shown on a page (one fiche's, or « Mes annotations »), and the changes
 * made from it: each change is followed by `load`, so that the page shows what is stored.
 */
export abstract class AnnotationStore {
  error: string | null = $state(null);

  abstract load(): Promise<void>;

  async edit(id: string, draft: NoteDraft): Promise<void> {
    await this.attempt(async () => {
      await call('updateAnnotation', { id, ...draft });
      await this.load();
    });
  }

  /** Deletes, then offers « Annuler », which puts the very same annotation back. */
  async remove(id: string): Promise<void> {
    await this.attempt(async () => {
      const deleted = await call('deleteAnnotation', { id });
      await this.load();
      // The deleted note's card held the focus: it goes to the content rather than the page body.
      if (document.activeElement === document.body) focusContent();
      toasts.show('Annotation supprimée.', {
        label: 'Annuler',
        run: () =>
          this.attempt(async () => {
            await call('restoreAnnotation', { annotation: deleted });
            await this.load();
          }),
      });
    });
  }

  protected async attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await work();
      this.error = null;
      return result;
    } catch (error) {
      this.error = errorMessage(error);
      return undefined;
    }
  }
}
