import type { Annotation, Selector } from '../../../../shared/schemas';
import { call } from '../../lib/api';
import { clearAnnotations, drawAnnotations } from '../annotations/draw-annotations';
import { quoteSelector } from '../annotations/selection';

/** A passage selected in a document: its page, and its selector over that page's stored text. */
export interface DocumentPassage {
  page: number;
  selector: Selector;
}

/**
 * The highlights of a library document, drawn into each page as it is shown: a PDF page's text
 * layer (rebuilt at every zoom and text size, released when far from view), the text of a
 * document that is not a PDF (one page), or the extracted text of an absent original's page.
 * Selectors point into each page's text as stored at import (getDocumentPage), read once per page.
 */
export class PageHighlights {
  private readonly texts = new Map<number, string>();
  /** Where each page shown now has its text. */
  private readonly roots = new Map<number, HTMLElement>();
  private annotations: readonly Annotation[] = [];

  constructor(private readonly documentId: string) {}

  /** A page's stored text already read (a document that is not a PDF reads it to be shown). */
  knowText(page: number, text: string): void {
    this.texts.set(page, text);
  }

  private async textOf(page: number): Promise<string> {
    const known = this.texts.get(page);
    if (known !== undefined) return known;
    const { text } = await call('getDocumentPage', { id: this.documentId, page });
    this.texts.set(page, text);
    return text;
  }

  /** A page drawn (again): its highlights go into it once its text is known. */
  async attach(page: number, root: HTMLElement): Promise<void> {
    // An absent original's pages are shown one at a time in the same place: that place now holds this page only.
    for (const [shown, shownRoot] of this.roots) if (shownRoot === root && shown !== page) this.roots.delete(shown);
    this.roots.set(page, root);
    try {
      await this.textOf(page);
    } catch {
      // The page's text could not be read: it stays unmarked; the panel still lists its notes.
      return;
    }
    if (this.roots.get(page) === root && root.isConnected) this.drawPage(page, root);
  }

  /** The document's annotations, read again: every page shown is marked anew. */
  show(annotations: readonly Annotation[]): void {
    this.annotations = annotations;
    for (const [page, root] of this.roots) {
      if (root.isConnected) this.drawPage(page, root);
      else this.roots.delete(page);
    }
  }

  private drawPage(page: number, root: HTMLElement): void {
    const text = this.texts.get(page);
    if (text === undefined) return;
    clearAnnotations(root);
    drawAnnotations(
      root,
      text,
      this.annotations.filter((a) => a.document?.page === page),
      { focusable: true },
    );
  }

  /** The passage a selection covers, when it lies on one page whose text is known (not across two). */
  passageAt(range: Range): DocumentPassage | null {
    for (const [page, root] of this.roots) {
      if (!root.isConnected || !root.contains(range.startContainer)) continue;
      const text = this.texts.get(page);
      if (text === undefined || !root.contains(range.endContainer)) return null;
      const selector = quoteSelector(root, text, range);
      return selector ? { page, selector } : null;
    }
    return null;
  }
}
