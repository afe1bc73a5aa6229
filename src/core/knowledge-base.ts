import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CoreApiHandlers } from '../shared/api';
import { KbError } from '../shared/errors';
import type { Annotation, AnnotationFilters, MergeReport, RestoreReport } from '../shared/schemas';
import { automaticBackup, backupNow, backupPath, listBackups, restoreAndOpen } from './backup/backup-service';
import { annotationsToMarkdown } from './annotations/annotation-export';
import { AnnotationService } from './annotations/annotation-service';
import { importContentUpdate, syncBundledContent, storedContentEdition } from './content/bundled-content';
import { importPack, type ImportReport } from './content/import-pack';
import { readPack } from './content/read-pack';
import { withUnpackedZip } from './content/zip-pack';
import { latestSchemaVersion } from './db/migrations';
import { openDatabase, type Db } from './db/open-database';
import { getFiche, listFiches, listGlossary, listKits } from './kits/kit-queries';
import { databaseFileName } from './paths';
import { buildDashboard } from './projects/dashboard';
import { dossierFileName, projectDossier, projectDossierDocx } from './projects/dossier';
import { sharedNotesHtml, sharedNotesSubject, sharedNotesText } from './exports/shared-notes';
import { toSharedNotes } from '../shared/shared-notes';
import { notesDocument } from './exports/word-document';
import { getAuthorName, setAuthorName } from './settings';
import { ProjectService } from './projects/project-service';
import { projectsToCsv } from './projects/projects-csv';
import { SearchService } from './search/search-service';
import { exportUserData, mergeUserData, parseUserData, previewMerge } from './transfer/user-data-transfer';
import { searchTerritories } from './territory/territory-index';
import { TerritoryService } from './territory/territory-service';
import { readTextSize, writeTextSize } from './text-size';
import { TeamSync, type PasswordStore } from './sync/team-sync';
import { TeamLibrary } from './sync/team-library';
import { RoadmapService } from './roadmap/roadmap-service';
import { roadmapCsv, roadmapDocx, roadmapFileName, roadmapMarkdown, type RoadmapExportInput } from './roadmap/roadmap-export';
import { territoryLine } from '../shared/project-labels';
import type { RoadmapGrouping, RoadmapKind } from '../shared/roadmap';
import { DocumentImports } from './documents/document-imports';
import { DocumentLibrary } from './documents/document-library';

export interface KnowledgeBaseOptions {
  dataDir: string;
  appVersion: string;
  /** The content/ folder shipped with the app, imported at first start and when newer. */
  bundledContentDir?: string;
  /** better-sqlite3 addon built for Electron, kept apart from the Node build. */
  nativeBinding?: string;
  /** Where non-fatal problems go (a failed automatic backup); console.warn by default. */
  log?: (message: string) => void;
  /** The backup of the day at the first start of each day (default true; benchmarks turn it off). */
  dailyBackup?: boolean;
  /** Where the team password is held (memory by default; the desktop app may give a safeStorage one). */
  teamPasswords?: PasswordStore;
  /** Pause between two rounds of live team sync (tests and benchmarks shorten it). */
  teamSyncIntervalMs?: number;
}

/** The knowledge base of one data folder: its database and everything done with it. */
export class KnowledgeBase {
  // The connection and the services built on it are replaced when a backup is restored
  // (see connect): read them from the instance at each call, never keep them aside.
  db!: Db;
  search!: SearchService;
  annotations!: AnnotationService;
  projects!: ProjectService;
  territory!: TerritoryService;
  roadmap!: RoadmapService;
  documents!: DocumentLibrary;
  /** Imports under way; they write into the current connection's library when their text is read. */
  readonly imports: DocumentImports;
  /** The team workspace; it reads the current connection at each use, so it outlives a restore. */
  readonly team: TeamSync;
  /** Library documents shared with the team. */
  readonly teamLibrary: TeamLibrary;

  private constructor(
    db: Db,
    readonly dataDir: string,
    readonly databasePath: string,
    private readonly appVersion: string,
    private readonly options: KnowledgeBaseOptions,
  ) {
    this.connect(db);
    this.imports = new DocumentImports(
      () => this.documents,
      () => this.db,
    );
    this.team = new TeamSync({
      dataDir,
      db: () => this.db,
      nativeBinding: options.nativeBinding,
      passwords: options.teamPasswords,
      intervalMs: options.teamSyncIntervalMs,
    });
    this.teamLibrary = new TeamLibrary({ db: () => this.db, library: () => this.documents, imports: this.imports, team: this.team });
  }

  /** Builds every service on `db`. Called again after a restore: a new service holding `db` goes here. */
  private connect(db: Db): void {
    this.db = db;
    this.search = new SearchService(db, () => this.territory.scale());
    this.annotations = new AnnotationService(db);
    this.projects = new ProjectService(db);
    this.territory = new TerritoryService(db);
    this.roadmap = new RoadmapService(db);
    this.documents = new DocumentLibrary(db, this.dataDir, this.annotations, { nativeBinding: this.options.nativeBinding, log: this.options.log });
  }

  static open(options: KnowledgeBaseOptions): KnowledgeBase {
    const databasePath = path.join(options.dataDir, databaseFileName);
    const backUp = options.dailyBackup !== false && fs.existsSync(databasePath);
    const db = KnowledgeBase.connectDatabase(databasePath, options, (opened) => {
      // The backup of the day is taken before the shipped content may update the fiches; a
      // database created just now holds nothing of the person's yet.
      if (backUp) automaticBackup(opened, options.dataDir, { log: options.log, nativeBinding: options.nativeBinding });
    });
    return new KnowledgeBase(db, options.dataDir, databasePath, options.appVersion, options);
  }

  /** Opens and migrates the database, then brings the shipped content up to date. */
  private static connectDatabase(databasePath: string, options: KnowledgeBaseOptions, beforeContent?: (db: Db) => void): Db {
    const db = openDatabase(databasePath, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    try {
      beforeContent?.(db);
      if (options.bundledContentDir) syncBundledContent(db, options.bundledContentDir);
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  }

  /**
   * Replaces the database by the backup `file` (see restoreAndOpen: checked first, the current
   * database set aside whole), then reopens it: every service, and so every API handler,
   * works on the restored data. If the restore is refused or fails, the current database is
   * back in place and reopened, and the error is thrown.
   */
  restore(file: string): RestoreReport {
    this.db.close();
    let restored: { report: RestoreReport; opened: Db };
    try {
      restored = restoreAndOpen(this.dataDir, file, (databasePath) => KnowledgeBase.connectDatabase(databasePath, this.options), {
        nativeBinding: this.options.nativeBinding,
      });
    } catch (error) {
      this.connect(KnowledgeBase.connectDatabase(this.databasePath, this.options));
      throw error;
    }
    this.connect(restored.opened);
    return restored.report;
  }

  /** Restores the backup `file` into the data folder of `options` and opens the knowledge base on it (see restoreAndOpen). */
  static restoreAndOpen(options: KnowledgeBaseOptions, file: string): { kb: KnowledgeBase; report: RestoreReport } {
    const { report, opened } = restoreAndOpen(options.dataDir, file, () => KnowledgeBase.open(options), {
      nativeBinding: options.nativeBinding,
    });
    return { kb: opened, report };
  }

  /** Validates the whole pack first, then writes it in one transaction. */
  importPack(dir: string, displayDir: string = dir): ImportReport {
    return importPack(this.db, readPack(dir, displayDir));
  }

  /**
   * A kit update as one .zip (npm run pack-content): unpacked under caps into a temp folder,
   * validated whole, refused when older than the installed edition, then written in one transaction.
   */
  importPackZip(zipFile: string, displayName: string = path.basename(zipFile)): Promise<ImportReport> {
    return withUnpackedZip(zipFile, displayName, (folder) => importContentUpdate(this.db, readPack(folder, displayName), displayName));
  }

  /** The same, for a .zip sent by the page (web host, data page): written to a temp file first. */
  async importPackZipBytes(fileName: string, bytes: Buffer): Promise<ImportReport> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kits-ess-envoi-'));
    try {
      const file = path.join(folder, 'paquet.zip');
      fs.writeFileSync(file, bytes);
      return await this.importPackZip(file, path.basename(fileName));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }

  /** The implementation of every API method, for the IPC and HTTP adapters. */
  handlers(): CoreApiHandlers {
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
      savePagePdf: () => {
        // Only the desktop app can print a page to PDF (src/main/page-pdf.ts replaces this handler).
        throw new KbError('unsupported', 'Dans le navigateur, utilisez « Imprimer » puis « Enregistrer au format PDF ».');
      },
      exportUserData: () => {
        const now = new Date().toISOString();
        return { fileName: `kits-ess-donnees-${now.slice(0, 10)}.json`, json: JSON.stringify(exportUserData(this, this.appVersion, now), null, 2) };
      },
      importUserData: ({ json }) => this.importUserData(json),
      importContentUpdate: ({ fileName, zipBase64 }) => this.importPackZipBytes(fileName, Buffer.from(zipBase64, 'base64')),
      getTextSize: () => ({ percent: readTextSize(this.db) }),
      setTextSize: ({ percent }) => ({ percent: writeTextSize(this.db, percent) }),
      listBackups: () => listBackups(this.dataDir),
      backupNow: () => backupNow(this.db, this.dataDir, new Date(), { nativeBinding: this.options.nativeBinding }),
      restoreBackup: ({ name }) => this.restore(backupPath(this.dataDir, name)),
      getVocabulary: () => this.projects.vocabulary(),
      searchTerritories: ({ query, limit }) => searchTerritories(query, limit),
      getTerritory: () => this.territory.get(),
      setTerritory: ({ territory }) => this.territory.set(territory),
      listProjects: (filters) => this.projects.list(filters),
      getProject: ({ id }) => this.projects.get(id),
      createProject: (input) => this.projects.create(input),
      updateProject: (input) => this.projects.update(input),
      deleteProject: ({ id }) => {
        this.projects.delete(id);
        return { id };
      },
      linkToProject: (input) => this.projects.link(input),
      linkManyToProject: (input) => this.projects.linkMany(input),
      unlinkFromProject: ({ id }) => {
        this.projects.unlink(id);
        return { id };
      },
      listFicheLinks: ({ kit, number }) => this.projects.linksOfFiche(kit, number),
      listDocumentLinks: ({ id }) => this.projects.linksOfDocument(id),
      getDashboard: () =>
        buildDashboard(this.db, this.projects, this.territory.get(), this.annotations.list({ sort: 'date' }).slice(0, 6)),
      exportDossier: ({ id }) => this.exportDossier(id),
      exportDossierDocx: ({ id }) => this.exportDossierDocx(id),
      getAuthorName: () => ({ name: getAuthorName(this.db) }),
      setAuthorName: ({ name }) => ({ name: setAuthorName(this.db, name) }),
      shareAnnotations: ({ ids }) => {
        const notes = toSharedNotes(this.chosenAnnotations(ids), (a) => this.sourceUrl(a));
        return { subject: sharedNotesSubject(notes), notes, text: sharedNotesText(notes), html: sharedNotesHtml(notes) };
      },
      exportAnnotationsDocx: ({ ids }) => this.exportAnnotationsDocx(this.chosenAnnotations(ids)),
      exportProjectsCsv: ({ includeArchived }) => ({
        fileName: `projets-${new Date().toISOString().slice(0, 10)}.csv`,
        csv: projectsToCsv(this.projects.list({ includeArchived })),
      }),
      getTeamStatus: () => this.team.status(),
      connectTeam: (input) => this.team.connect(input),
      disconnectTeam: () => this.team.disconnect(),
      syncTeamNow: async () => {
        // A failed round (offline, refused password) is reported by the status, not as an error.
        await this.team.syncOnce().catch((error: unknown) => {
          if (!this.team.connection()) throw error;
        });
        return this.team.status();
      },
      listTeamConflicts: () => this.team.conflicts(),
      resolveTeamConflict: (input) => this.team.resolveConflict(input),
      listIgnoredTeamDocuments: () => this.team.ignored(),
      listTeamDocuments: () => this.teamLibrary.list(),
      shareDocument: ({ id }) => this.teamLibrary.share(id),
      unshareDocument: ({ id }) => this.teamLibrary.unshare(id),
      fetchTeamDocument: ({ id }) => this.teamLibrary.fetch(id),
      listLevers: (filters) => this.roadmap.levers(filters),
      listRoadmap: ({ roadmap }) => this.roadmap.list(roadmap),
      addRoadmapItem: (input) => this.roadmap.add(input),
      updateRoadmapItem: (input) => this.roadmap.update(input),
      removeRoadmapItem: ({ id }) => this.roadmap.remove(id),
      restoreRoadmapItem: ({ item }) => this.roadmap.restore(item),
      copyRoadmap: ({ from, to }) => this.roadmap.copy(from, to),
      getRoadmapSummary: ({ roadmap }) => this.roadmap.summary(roadmap, this.territory.get()?.kitScale ?? null, this.projects.vocabulary()),
      listProjectRoadmapItems: ({ id }) => {
        this.projects.get(id);
        return this.roadmap.itemsOfProject(id);
      },
      exportRoadmap: ({ format, roadmap, groupBy }) => {
        const input = this.roadmapExportInput(roadmap, groupBy);
        return { fileName: roadmapFileName(roadmap, format, input.exportedAt), text: format === 'md' ? roadmapMarkdown(input) : roadmapCsv(input) };
      },
      exportRoadmapDocx: async ({ roadmap, groupBy }) => {
        const input = this.roadmapExportInput(roadmap, groupBy);
        return { fileName: roadmapFileName(roadmap, 'docx', input.exportedAt), base64: await roadmapDocx(input) };
      },
      importDocument: (input) => this.imports.start(input),
      getImportJob: ({ jobId }) => this.imports.get(jobId),
      cancelImport: ({ jobId }) => this.imports.cancel(jobId),
      listDocuments: () => this.documents.list(),
      getDocument: ({ id }) => this.documents.get(id),
      getDocumentPage: ({ id, page }) => this.documents.page(id, page),
      getDocumentFile: ({ id }) => this.documents.file(id),
      updateDocumentMetadata: ({ id, ...changes }) => this.documents.updateMetadata(id, changes),
      attachDocumentToFiche: ({ id, fiche }) => this.documents.attach(id, fiche),
      getOfficialDocument: ({ kit, number }) => this.documents.officialFor(kit, number),
      removeDocument: ({ id }) => this.documents.remove(id),
    };
  }

  /** What every roadmap export is made of: the items, the territory's name and the moment. */
  roadmapExportInput(roadmap: RoadmapKind, groupBy: RoadmapGrouping): RoadmapExportInput {
    const territory = this.territory.get();
    return { roadmap, groupBy, items: this.roadmap.list(roadmap), territory: territory ? territoryLine(territory) : null, exportedAt: new Date().toISOString() };
  }

  /** One project with its fiches and annotated passages, as a Markdown document. */
  exportDossier(id: string): { fileName: string; markdown: string } {
    const project = this.projects.get(id);
    const markdown = projectDossier(project, this.territory.get(), new Date().toISOString());
    return { fileName: dossierFileName(project.title), markdown };
  }

  /** The same dossier as a Word document. */
  async exportDossierDocx(id: string): Promise<{ fileName: string; base64: string }> {
    const project = this.projects.get(id);
    const base64 = await projectDossierDocx(project, this.territory.get(), new Date().toISOString());
    return { fileName: dossierFileName(project.title, 'docx'), base64 };
  }

  /** Annotations as a Word document, in the order given (reading order from the lists). */
  async exportAnnotationsDocx(list: readonly Annotation[]): Promise<{ fileName: string; base64: string }> {
    const now = new Date().toISOString();
    const notes = toSharedNotes(list, (a) => this.sourceUrl(a));
    const base64 = await notesDocument(notes, now, getAuthorName(this.db));
    return { fileName: `notes-kits-ess-${now.slice(0, 10)}.docx`, base64 };
  }

  /** The annotations chosen one by one, in reading order; one that no longer exists is said, not skipped. */
  private chosenAnnotations(ids: readonly string[]): Annotation[] {
    const wanted = new Set(ids);
    const list = this.annotations.list({ sort: 'reading' }).filter((a) => wanted.has(a.id));
    const missing = wanted.size - list.length;
    if (missing > 0) {
      throw new KbError(
        'not_found',
        missing === 1 ? 'Une des notes choisies n’existe plus : rechargez la page.' : `${missing} des notes choisies n’existent plus : rechargez la page.`,
      );
    }
    return list;
  }

  /** The official RTES fiche of a fiche annotation (none for a document's). */
  private sourceUrl({ kit, number }: Annotation): string | null {
    if (kit === null || number === null) return null;
    const row = this.db
      .prepare('SELECT f.source_url FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = ? AND f.number = ?')
      .get(kit, number) as { source_url: string } | undefined;
    return row?.source_url ?? null;
  }

  /**
   * Merges a colleague's export. When it would replace versions of this computer (newer ones
   * win), the base is backed up first: « Sauvegardes » can bring them back.
   */
  importUserData(json: string): MergeReport {
    const data = parseUserData(json);
    const { updated } = previewMerge(this, data);
    const replaces = updated.annotations + updated.projects + updated.links + updated.roadmapItems > 0;
    const backup = replaces ? backupNow(this.db, this.dataDir, new Date(), { nativeBinding: this.options.nativeBinding }).name : null;
    return { ...mergeUserData(this, data), backupBeforeImport: backup };
  }

  /** The annotations of one fiche, of one kit, or all of them, as a Markdown document. */
  exportAnnotations(scope: Omit<AnnotationFilters, 'sort'>): { fileName: string; markdown: string } {
    const list = this.annotations.list({ ...scope, sort: 'reading' });
    const now = new Date().toISOString();
    const markdown = annotationsToMarkdown(list, now, (a) => this.sourceUrl(a));
    const parts = ['annotations', scope.kit, scope.number === undefined ? undefined : String(scope.number).padStart(2, '0')];
    const fileName = `${parts.filter(Boolean).join('-')}-${now.slice(0, 10)}.md`;
    return { fileName, markdown };
  }

  /** Stops team sync (waiting for a round under way), then closes the database. */
  async shutdown(): Promise<void> {
    this.imports.cancelAll();
    await this.team.stop();
    this.db.close();
  }

  close(): void {
    this.imports.cancelAll();
    this.team.halt();
    this.db.close();
  }
}
