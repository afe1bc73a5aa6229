import type { Annotation, AnnotationColor, Selector } from '../../../../shared/schemas';
import { call } from '../../lib/api';
import { toasts } from '../../lib/toast.svelte';
import { AnnotationStore, type NoteDraft } from './annotation-store.svelte';

/** What a reader shows: a fiche, or a library document (whose annotations are each on one page). */
export type Annotated = { kit: string; number: number } | { documentId: string };

/** The annotations of the fiche or document being read, and every change made to them. */
export class ReaderAnnotations extends AnnotationStore {
  list: Annotation[] = $state([]);
  tags: string[] = $state([]);
  /** The list has been read at least once (an empty list then means « no annotation »). */
  loaded = $state(false);

  constructor(private readonly annotated: Annotated) {
    super();
  }

  /** The target of a new annotation; `page` only counts in a document. */
  private target(page: number): { kit: string; number: number } | { document: { id: string; page: number } } {
    return 'documentId' in this.annotated ? { document: { id: this.annotated.documentId, page } } : this.annotated;
  }

  /** What the list and the export of this reader's notes ask for. */
  get filters(): { kit: string; number: number } | { document: string } {
    return 'documentId' in this.annotated ? { document: this.annotated.documentId } : this.annotated;
  }

  async load(): Promise<void> {
    await this.attempt(async () => {
      this.list = await call('listAnnotations', { ...this.filters, sort: 'reading' });
      this.tags = (await call('listTags', {})).map((t) => t.tag);
      this.loaded = true;
    });
  }

  async highlight(selector: Selector, color: AnnotationColor, page = 1): Promise<Annotation | undefined> {
    return this.attempt(async () => {
      const created = await call('createAnnotation', { ...this.target(page), selector, color });
      await this.load();
      return created;
    });
  }

  async create(selector: Selector | null, draft: NoteDraft, page = 1): Promise<Annotation | undefined> {
    return this.attempt(async () => {
      const created = await call('createAnnotation', { ...this.target(page), selector, ...draft });
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
