import type { Annotation, AnnotationColor, Selector } from '../../../../shared/schemas';
import { call } from '../../lib/api';
import { toasts } from '../../lib/toast.svelte';
import { AnnotationStore, type NoteDraft } from './annotation-store.svelte';

/** The annotations of the fiche being read, and every change made to them. */
export class FicheAnnotations extends AnnotationStore {
  list: Annotation[] = $state([]);
  tags: string[] = $state([]);
  /** The list has been read at least once (an empty list then means « no annotation »). */
  loaded = $state(false);

  constructor(
    private readonly kit: string,
    private readonly number: number,
  ) {
    super();
  }

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

  async reattach(id: string, selector: Selector): Promise<void> {
    await this.attempt(async () => {
      await call('updateAnnotation', { id, selector });
      await this.load();
      toasts.show('Annotation rattachée au passage sélectionné.');
    });
  }
}
