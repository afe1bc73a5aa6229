import { call } from '../../lib/api';

/**
 * The extracted text of each page of one document, read once: the text annotation selectors
 * count characters in, and that the text layer is mapped onto.
 */
export class PageTexts {
  private readonly pages = new Map<number, Promise<string>>();
  /** The texts already arrived, for code that cannot wait (a selection being made). */
  private readonly ready = new Map<number, string>();

  constructor(private readonly id: string) {}

  get(page: number): Promise<string> {
    let text = this.pages.get(page);
    if (!text) {
      text = call('getDocumentPage', { id: this.id, page }).then((result) => {
        this.ready.set(page, result.text);
        return result.text;
      });
      // A failed read is tried again next time rather than remembered.
      text.catch(() => this.pages.delete(page));
      this.pages.set(page, text);
    }
    return text;
  }

  now(page: number): string | null {
    return this.ready.get(page) ?? null;
  }
}
