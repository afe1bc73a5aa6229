import type { DocumentFormat } from '../../shared/document-schemas';
import { markdownToPlainText } from '../../shared/markdown/plain-text';
import { replaceUnsafeCharacters } from '../../shared/clean-text';
import { checkDocx } from './docx-guard';
import { ExtractionError } from './extraction-error';
import { htmlTitle, htmlToText } from './html-text';

/** What a file holds once read: the text of each page (one page for all but PDF) and what it says of itself. */
export interface ExtractedDocument {
  pages: string[];
  /** Empty when the file names none: the file name stands in. */
  title: string;
  author: string;
  date: string;
}

export interface ExtractOptions {
  password?: string;
  /** Called after each page of a PDF. */
  onProgress?: (pagesDone: number, pageCount: number) => void;
}

/** Text as stored: no NUL or half character, Unix line ends, no trailing blanks. */
function cleanPageText(text: string): string {
  return replaceUnsafeCharacters(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A PDF date (D:20240312093000+01'00') as a day, 2024-03-12. */
function pdfDay(value: unknown): string {
  const match = typeof value === 'string' ? /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value) : null;
  if (!match) return '';
  return [match[1], match[2], match[3]].filter(Boolean).join('-');
}

const oneLine = (value: unknown): string => (typeof value === 'string' ? cleanPageText(value).replace(/\s+/g, ' ').slice(0, 500) : '');

async function extractPdf(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
  const [pdfjs, pdfWorker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
  // This is already a worker thread: pdf.js parses here rather than loading its own worker.
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfWorker;
  // JavaScript inside a PDF never runs: no eval, no scripting; fonts are not loaded (text only).
  const task = pdfjs.getDocument({
    data: bytes,
    password: options.password,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let pdf: Awaited<typeof task.promise>;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy();
    if (error instanceof Error && error.name === 'PasswordException') {
      const wrong = (error as Error & { code?: number }).code === pdfjs.PasswordResponses.INCORRECT_PASSWORD;
      throw new ExtractionError(
        'password-required',
        wrong ? 'Mot de passe incorrect pour ce PDF : réessayez.' : 'Ce PDF est protégé par un mot de passe : saisissez-le pour l’importer.',
      );
    }
    throw new ExtractionError('invalid', 'Ce PDF est endommagé ou incomplet : il ne peut pas être lu. Rien n’a été importé.');
  }
  try {
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(cleanPageText(text));
      page.cleanup();
      options.onProgress?.(number, pdf.numPages);
    }
    const { info } = (await pdf.getMetadata().catch(() => ({ info: {} }))) as { info: Record<string, unknown> };
    return { pages, title: oneLine(info.Title), author: oneLine(info.Author), date: pdfDay(info.CreationDate) };
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    throw new ExtractionError('invalid', 'Ce PDF est endommagé ou incomplet : il ne peut pas être lu. Rien n’a été importé.');
  } finally {
    await pdf.destroy();
  }
}

/** The text of one element of docProps/core.xml (dc:title, dc:creator…), entities decoded. */
function coreProperty(xml: string | null, tag: string): string {
  const match = xml === null ? null : new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
  return match ? oneLine(htmlToText(match[1] ?? '')) : '';
}

async function extractDocx(bytes: Uint8Array): Promise<ExtractedDocument> {
  const { coreProperties } = await checkDocx(bytes);
  const { default: mammoth } = await import('mammoth');
  let text: string;
  try {
    text = (await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })).value;
  } catch {
    throw new ExtractionError('invalid', 'Ce fichier Word (.docx) est illisible ou endommagé. Rien n’a été importé.');
  }
  return {
    pages: [cleanPageText(text)],
    title: coreProperty(coreProperties, 'dc:title'),
    author: coreProperty(coreProperties, 'dc:creator'),
    date: coreProperty(coreProperties, 'dcterms:created').slice(0, 10),
  };
}

function extractMarkdown(source: string): ExtractedDocument {
  const heading = /^#\s+(.+)$/m.exec(source);
  return { pages: [cleanPageText(markdownToPlainText(source))], title: oneLine(heading?.[1] ?? ''), author: '', date: '' };
}

/**
 * Reads the text of a file already checked to be of `format` (see documentFormatOf). Runs in
 * the extraction worker; every failure is an ExtractionError with a French message.
 */
export async function extractDocument(bytes: Uint8Array, format: DocumentFormat, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const source = () => new TextDecoder('utf-8').decode(bytes);
  switch (format) {
    case 'pdf':
      return extractPdf(bytes, options);
    case 'docx':
      return extractDocx(bytes);
    case 'markdown':
      return extractMarkdown(source());
    case 'html': {
      const html = source();
      return { pages: [cleanPageText(htmlToText(html))], title: oneLine(htmlTitle(html)), author: '', date: '' };
    }
    case 'text':
      return { pages: [cleanPageText(source())], title: '', author: '', date: '' };
  }
}
