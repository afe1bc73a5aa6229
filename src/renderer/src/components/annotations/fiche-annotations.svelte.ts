import type { Annotation, AnnotationColor, Selector } from '../../../../shared/schemas';
import { call, errorMessage } from '../../lib/api';
import { focusContent } from '../../lib/focus';
import { toasts } from '../../lib/toast.svelte';

export interface NoteDraft {
  note: string;
  tags: string[];
  color: AnnotationColor | null;
}

/** The annotations of the fiche being read, and every change made to them. */
export class FicheAnnotations {
  list: Annotation[] = $state([]);
  tags: string[] = $state([]);
  error: string | null = $state(null);
  /** The list has been read at least once (an empty list then means « no annotation »). */
  loaded = $state(false);

  constructor(
    private readonly kit: string,
    private readonly number: number,
  ) {}

  async load(): Promise<void> {
    await this.attempt(async () => {
      this.list = await call('listAnnotations', { kit: this.kit, number: this.number, sort: 'reading' });
      this.tags = (await call('listTags', {})).map((t) => t.tag);
      this.loaded = true;
    });
  }

  async highlight(selector: Selector, color: AnnotationColor): Promise<Annotation | undefined> {
    return this.attempt(async () => {
      const created = await call('createAnnotation', { kit: this.kit, number: this.number, selector, color });
      await this.load();
      return created;
    });
  }

  async create(selector: Selector | null, draft: NoteDraft): Promise<Annotation | undefined> {
    return this.attempt(async () => {
      const created = await call('createAnnotation', { kit: this.kit, number: this.number, selector, ...draft });
      await this.load();
      return created;
    });
  }

  async edit(id: string, draft: NoteDraft): Promise<void> {
    await this.attempt(async () => {
      await call('updateAnnotation', { id, ...draft });
      await this.load();
    });
  }

  async reattach(id: string, selector: Selector): Promise<void> {
    await this.attempt(async () => {
      await call('updateAnnotation', { id, selector });
      await this.load();
      toasts.show('Annotation rattachée au passage sélectionné.');
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

  private async attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
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
