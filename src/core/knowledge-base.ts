import path from 'node:path';
import type { SyncApiHandlers } from '../shared/api';
import { annotationsToMarkdown } from './annotations/annotation-export';
import { AnnotationService } from './annotations/annotation-service';
import { syncBundledContent, storedContentEdition } from './content/bundled-content';
import { importPack, type ImportReport } from './content/import-pack';
import { readPack } from './content/read-pack';
import { latestSchemaVersion } from './db/migrations';
import { openDatabase, type Db } from './db/open-database';
import { getFiche, listFiches, listGlossary, listKits } from './kits/kit-queries';
import { databaseFileName } from './paths';
import { SearchService } from './search/search-service';

export interface KnowledgeBaseOptions {
  dataDir: string;
  appVersion: string;
  /** The content/ folder shipped with the app, imported at first start and when newer. */
  bundledContentDir?: string;
  /** better-sqlite3 addon built for Electron, kept apart from the Node build. */
  nativeBinding?: string;
}

/** The knowledge base of one data folder: its database and everything done with it. */
export class KnowledgeBase {
  readonly search: SearchService;
  readonly annotations: AnnotationService;

  private constructor(
    readonly db: Db,
    readonly dataDir: string,
    readonly databasePath: string,
    private readonly appVersion: string,
  ) {
    this.search = new SearchService(db);
    this.annotations = new AnnotationService(db);
  }

  static open(options: KnowledgeBaseOptions): KnowledgeBase {
    const databasePath = path.join(options.dataDir, databaseFileName);
    const db = openDatabase(databasePath, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    try {
      if (options.bundledContentDir) syncBundledContent(db, options.bundledContentDir);
    } catch (error) {
      db.close();
      throw error;
    }
    return new KnowledgeBase(db, options.dataDir, databasePath, options.appVersion);
  }

  /** Validates the whole pack first, then writes it in one transaction. */
  importPack(dir: string, displayDir: string = dir): ImportReport {
    return importPack(this.db, readPack(dir, displayDir));
  }

  /** The implementation of every API method, for the IPC and HTTP adapters. */
  handlers(): SyncApiHandlers {
    return {
      listKits: () => listKits(this.db),
      listFiches: ({ kit }) => listFiches(this.db, kit),
      getFiche: ({ kit, number }) => getFiche(this.db, kit, number),
      listGlossary: () => listGlossary(this.db),
      getAppInfo: () => ({
        version: this.appVersion,
        dataDir: this.dataDir,
        databasePath: this.databasePath,
        schemaVersion: latestSchemaVersion,
        contentEdition: storedContentEdition(this.db),
      }),
      search: (request) => this.search.search(request),
      listAnnotations: (filters) => this.annotations.list(filters),
      createAnnotation: (input) => this.annotations.create(input),
      updateAnnotation: (input) => this.annotations.update(input),
      deleteAnnotation: ({ id }) => this.annotations.delete(id),
      restoreAnnotation: ({ annotation }) => this.annotations.restore(annotation),
      listTags: () => this.annotations.tags(),
      exportAnnotations: (scope) => this.exportAnnotations(scope),
    };
  }

  /** The annotations of one fiche, of one kit, or all of them, as a Markdown document. */
  exportAnnotations(scope: { kit?: string; number?: number }): { fileName: string; markdown: string } {
    const list = this.annotations.list({ ...scope, sort: 'reading' });
    const source = this.db.prepare(
      'SELECT f.source_url FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = ? AND f.number = ?',
    );
    const now = new Date().toISOString();
    const markdown = annotationsToMarkdown(list, now, (a) => (source.get(a.kit, a.number) as { source_url: string } | undefined)?.source_url ?? null);
    const parts = ['annotations', scope.kit, scope.number === undefined ? undefined : String(scope.number).padStart(2, '0')];
    const fileName = `${parts.filter(Boolean).join('-')}-${now.slice(0, 10)}.md`;
    return { fileName, markdown };
  }

  close(): void {
    this.db.close();
  }
}
