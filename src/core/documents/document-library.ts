import fs from 'node:fs';
import { KbError } from '../../shared/errors';
import type { DocumentFile, DocumentFormat, DocumentPage, DocumentSummary, FicheRef, LibraryDocument } from '../../shared/document-schemas';
import type { Db } from '../db/open-database';
import { statementCache, type Prepare } from '../db/statement-cache';
import { mimeTypes } from './document-format';
import type { FicheTarget } from './fiche-detection';
import { hasOriginal, originalIsSound, originalPath, readOriginal, writeOriginal } from './original-files';
import { collectOriginals } from '../backup/kept-originals';
import { keepRemovedDocumentTitle } from './removed-document-titles';

export { documentsDirName, originalPath } from './original-files';

/** What the library asks of the annotations (src/core/annotations) when a document comes or goes. */
export interface DocumentAnnotations {
  countOnDocument(sha256: string): number;
  orphanDocument(sha256: string): number;
  annotatedPages(sha256: string): number[];
  reanchorDocumentPage(sha256: string, page: number, text: string | null): void;
}

export interface DocumentRow {
  seq: number;
  sha256: string;
  file_name: string;
  format: DocumentFormat;
  title: string;
  author: string;
  document_date: string;
  page_count: number;
  size_bytes: number;
  is_scanned: number;
  fiche_kit_slug: string | null;
  fiche_number: number | null;
  fiche_title: string | null;
  fiche_kit_title: string | null;
  suggested_kit_slug: string | null;
  suggested_fiche_number: number | null;
  suggested_title: string | null;
  suggested_kit_title: string | null;
  imported_at: string;
  updated_at: string;
}

const selectRows = `
  SELECT d.*, f.title AS fiche_title, k.title AS fiche_kit_title, sf.title AS suggested_title, sk.title AS suggested_kit_title
  FROM documents d
  LEFT JOIN kits k ON k.slug = d.fiche_kit_slug
  LEFT JOIN fiches f ON f.kit_id = k.id AND f.number = d.fiche_number
  LEFT JOIN kits sk ON sk.slug = d.suggested_kit_slug
  LEFT JOIN fiches sf ON sf.kit_id = sk.id AND sf.number = d.suggested_fiche_number`;

function ficheRef(kit: string | null, number: number | null, title: string | null, kitTitle: string | null): FicheRef | null {
  return kit === null || number === null ? null : { kit, number, title, kitTitle };
}

function toSummary(row: DocumentRow, dataDir: string): DocumentSummary {
  const fiche = ficheRef(row.fiche_kit_slug, row.fiche_number, row.fiche_title, row.fiche_kit_title);
  return {
    id: row.sha256,
    fileName: row.file_name,
    format: row.format,
    title: row.title,
    author: row.author,
    date: row.document_date,
    pageCount: row.page_count,
    size: row.size_bytes,
    scanned: row.is_scanned === 1,
    originalMissing: !hasOriginal(dataDir, row.sha256),
    fiche,
    // Once attached, the proposal has been answered.
    suggestedFiche: fiche ? null : ficheRef(row.suggested_kit_slug, row.suggested_fiche_number, row.suggested_title, row.suggested_kit_title),
    importedAt: row.imported_at,
    updatedAt: row.updated_at,
  };
}

/** A document read from its file, ready to be written. */
export interface NewDocument {
  sha256: string;
  fileName: string;
  format: DocumentFormat;
  title: string;
  author: string;
  date: string;
  pages: readonly string[];
  size: number;
  suggestedFiche: FicheTarget | null;
}

/** The library's documents in SQLite and their originals in the data folder. */
export class DocumentLibrary {
  private readonly prepare: Prepare;
  private readonly now: () => string;

  constructor(
    private readonly db: Db,
    readonly dataDir: string,
    private readonly annotations: DocumentAnnotations,
    private readonly options: { nativeBinding?: string; log?: (message: string) => void; now?: () => string } = {},
  ) {
    this.prepare = statementCache(db);
    this.now = options.now ?? (() => new Date().toISOString());
  }

  list(): DocumentSummary[] {
    return (this.prepare(`${selectRows} ORDER BY d.imported_at DESC, d.seq DESC`).all() as DocumentRow[]).map((row) => toSummary(row, this.dataDir));
  }

  has(sha256: string): boolean {
    return this.prepare('SELECT 1 FROM documents WHERE sha256 = ?').get(sha256) !== undefined;
  }

  summary(sha256: string): DocumentSummary {
    return toSummary(this.row(sha256), this.dataDir);
  }

  get(sha256: string): LibraryDocument {
    return { ...this.summary(sha256), annotationCount: this.annotations.countOnDocument(sha256) };
  }

  page(sha256: string, page: number): DocumentPage {
    const row = this.row(sha256);
    const text = this.prepare('SELECT text FROM document_pages WHERE document_seq = ? AND page_number = ?').get(row.seq, page) as
      | { text: string }
      | undefined;
    if (!text) throw new KbError('not_found', `Ce document n’a pas de page ${page} (il en compte ${row.page_count}).`);
    return { id: sha256, page, pageCount: row.page_count, text: text.text };
  }

  file(sha256: string): DocumentFile {
    const row = this.row(sha256);
    const bytes = readOriginal(this.dataDir, sha256, row.title);
    return { id: sha256, fileName: row.file_name, format: row.format, mimeType: mimeTypes[row.format], base64: bytes.toString('base64') };
  }

  /**
   * Stores the original (once, under its SHA-256), then the document and its pages in one
   * transaction. If the transaction fails, a file written here is removed: nothing is left half done.
   */
  add(document: NewDocument, original: Uint8Array): DocumentSummary {
    // An original kept for a backup after its document was removed is the same file: reused if still sound.
    const fileWasThere = originalIsSound(this.dataDir, document.sha256);
    if (!fileWasThere) writeOriginal(this.dataDir, document.sha256, original);
    const timestamp = this.now();
    try {
      this.db.transaction(() => {
        const { lastInsertRowid } = this.prepare(
          `INSERT INTO documents (sha256, file_name, format, title, author, document_date, page_count, size_bytes, is_scanned,
             suggested_kit_slug, suggested_fiche_number, imported_at, updated_at)
           VALUES (@sha256, @fileName, @format, @title, @author, @date, @pageCount, @size, @scanned, @kit, @number, @at, @at)`,
        ).run({
          sha256: document.sha256,
          fileName: document.fileName,
          format: document.format,
          title: document.title,
          author: document.author,
          date: document.date,
          pageCount: document.pages.length,
          size: document.size,
          // A PDF without any text is a scan: kept and viewable, out of search.
          scanned: document.format === 'pdf' && document.pages.every((text) => text.trim() === '') ? 1 : 0,
          kit: document.suggestedFiche?.kit ?? null,
          number: document.suggestedFiche?.number ?? null,
          at: timestamp,
        });
        const insertPage = this.prepare('INSERT INTO document_pages (document_seq, page_number, text) VALUES (?, ?, ?)');
        document.pages.forEach((text, index) => insertPage.run(lastInsertRowid, index + 1, text));
        // The same file removed then imported again: its annotations (orphans meanwhile) find their passages back.
        for (const page of this.annotations.annotatedPages(document.sha256)) {
          this.annotations.reanchorDocumentPage(document.sha256, page, document.pages[page - 1] ?? null);
        }
      })();
    } catch (error) {
      if (!fileWasThere) fs.rmSync(originalPath(this.dataDir, document.sha256), { force: true });
      throw error;
    }
    return this.summary(document.sha256);
  }

  updateMetadata(sha256: string, changes: { title?: string; author?: string; date?: string }): DocumentSummary {
    this.row(sha256);
    this.prepare(
      `UPDATE documents SET title = coalesce(@title, title), author = coalesce(@author, author),
         document_date = coalesce(@date, document_date), updated_at = @at WHERE sha256 = @sha256`,
    ).run({ sha256, title: changes.title ?? null, author: changes.author ?? null, date: changes.date ?? null, at: this.now() });
    return this.summary(sha256);
  }

  /** Records the document as the official version of a fiche (replacing another one), or detaches it (null). */
  attach(sha256: string, fiche: FicheTarget | null): DocumentSummary {
    this.db.transaction(() => {
      this.row(sha256);
      if (fiche) {
        const exists = this.prepare('SELECT 1 FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = ? AND f.number = ?').get(fiche.kit, fiche.number);
        if (!exists) throw new KbError('not_found', `La fiche n° ${fiche.number} du kit « ${fiche.kit} » n’existe pas.`);
        this.prepare(
          'UPDATE documents SET fiche_kit_slug = NULL, fiche_number = NULL, updated_at = @at WHERE fiche_kit_slug = @kit AND fiche_number = @number AND sha256 != @sha256',
        ).run({ ...fiche, sha256, at: this.now() });
      }
      this.prepare('UPDATE documents SET fiche_kit_slug = @kit, fiche_number = @number, updated_at = @at WHERE sha256 = @sha256').run({
        sha256,
        kit: fiche?.kit ?? null,
        number: fiche?.number ?? null,
        at: this.now(),
      });
    })();
    return this.summary(sha256);
  }

  officialFor(kit: string, number: number): DocumentSummary | null {
    const row = this.prepare(`${selectRows} WHERE d.fiche_kit_slug = ? AND d.fiche_number = ?`).get(kit, number) as DocumentRow | undefined;
    return row ? toSummary(row, this.dataDir) : null;
  }

  /**
   * The original of a document the library lists, brought back by importing the same file again
   * (same SHA-256): after a restore that found it absent, or to replace a damaged copy.
   */
  reattachOriginal(sha256: string, original: Uint8Array): DocumentSummary {
    this.row(sha256);
    writeOriginal(this.dataDir, sha256, original);
    return this.summary(sha256);
  }

  /**
   * Removes the document and its pages, keeping its annotations as orphans and its project links
   * (with its title). Its original goes too, unless a backup that could be restored still lists it
   * (see collectOriginals).
   */
  remove(sha256: string): { id: string; orphanedAnnotations: number } {
    this.row(sha256);
    const orphanedAnnotations = this.db.transaction(() => {
      keepRemovedDocumentTitle(this.db, sha256);
      this.prepare('DELETE FROM documents WHERE sha256 = ?').run(sha256);
      return this.annotations.orphanDocument(sha256);
    })();
    collectOriginals(this.db, this.dataDir, { candidates: [sha256], nativeBinding: this.options.nativeBinding, log: this.options.log });
    return { id: sha256, orphanedAnnotations };
  }

  private row(sha256: string): DocumentRow {
    const row = this.prepare(`${selectRows} WHERE d.sha256 = ?`).get(sha256) as DocumentRow | undefined;
    if (!row) throw new KbError('not_found', 'Ce document n’est pas (ou plus) dans la bibliothèque.');
    return row;
  }
}
