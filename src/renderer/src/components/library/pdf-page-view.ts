import { AnnotationMode, TextLayer, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';

/** Points to CSS pixels at zoom 100 %: a PDF point is 1/72 in, a CSS pixel 1/96 in. */
export const cssPixelsPerPoint = 96 / 72;

/**
 * One page of a PDF in the reader: a canvas for what the page looks like and, over it, pdf.js's
 * text layer (transparent text at the same place) that the person selects and that highlights
 * are drawn into. Drawn only while the page is near the visible part of the reader, released
 * when it goes far away, so that a 300-page document holds a few canvases at a time.
 */
export class PdfPageView {
  private task: RenderTask | null = null;
  private textLayer: TextLayer | null = null;
  /** The zoom the page is drawn at, null when it is not drawn. */
  private drawnScale: number | null = null;
  private generation = 0;
  /** The draw under way or done, at its zoom; null once released. */
  private drawing: { zoom: number; done: Promise<void> } | null = null;

  constructor(
    private readonly pdf: PDFDocumentProxy,
    readonly pageNumber: number,
    private readonly box: HTMLElement,
    /** Called each time the text layer is (re)built, to draw search hits and annotations into it. */
    private readonly onTextLayer: (pageNumber: number, layer: HTMLElement) => void,
  ) {}

  get drawn(): boolean {
    return this.drawnScale !== null;
  }

  /**
   * Draws the page at `zoom` (1 = 100 %), unless it already is. Resolves once the text layer is
   * in place, also for a second caller while the first draw is still under way.
   */
  draw(zoom: number): Promise<void> {
    if (this.drawing?.zoom !== zoom) this.drawing = { zoom, done: this.render(zoom) };
    return this.drawing.done;
  }

  private async render(zoom: number): Promise<void> {
    this.release();
    const generation = this.generation;
    const page = await this.pdf.getPage(this.pageNumber);
    if (generation !== this.generation) return;
    const viewport = page.getViewport({ scale: zoom * cssPixelsPerPoint });
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    canvas.setAttribute('aria-hidden', 'true');
    const layer = document.createElement('div');
    layer.className = 'textLayer';
    this.box.style.setProperty('--total-scale-factor', String(viewport.scale));
    this.box.style.width = `${Math.floor(viewport.width)}px`;
    this.box.style.height = `${Math.floor(viewport.height)}px`;
    this.box.replaceChildren(canvas, layer);
    this.drawnScale = zoom;
    // Form fields and links are not drawn as widgets: nothing in a document is interactive.
    this.task = page.render({
      canvas,
      viewport,
      transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      annotationMode: AnnotationMode.ENABLE,
    });
    this.textLayer = new TextLayer({ textContentSource: page.streamTextContent(), container: layer, viewport });
    try {
      await Promise.all([this.task.promise, this.textLayer.render()]);
    } catch (error) {
      // Cancelled because the page went away or the zoom changed: nothing to report.
      if (generation !== this.generation) return;
      throw error;
    }
    if (generation !== this.generation) return;
    // What a mouse selection extends over between lines (see pdf-pages.svelte), as in pdf.js's viewer.
    const end = document.createElement('div');
    end.className = 'endOfContent';
    layer.append(end);
    this.onTextLayer(this.pageNumber, layer);
  }

  /** Frees the canvas; the box keeps its size so that the scroll position does not jump. */
  release(): void {
    this.generation += 1;
    this.task?.cancel();
    this.textLayer?.cancel();
    this.task = null;
    this.textLayer = null;
    this.drawnScale = null;
    this.drawing = null;
    this.box.replaceChildren();
  }
}
