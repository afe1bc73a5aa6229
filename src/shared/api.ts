import { z } from 'zod';
import { contentUpdateReportSchema, maxContentUpdateBase64 } from './content-update';
import {
  mergeReportSchema,
  createLinkSchema,
  createLinksSchema,
  createProjectSchema,
  dashboardSchema,
  projectDetailSchema,
  projectFiltersSchema,
  projectLinkSchema,
  projectSchema,
  territoryOptionSchema,
  territorySchema,
  territoryCodeSchema,
  textSizeSchema,
  territoryScaleSchema,
  updateProjectSchema,
  vocabularySchema,
  annotationExportSchema,
  annotationFiltersSchema,
  annotationSchema,
  appInfoSchema,
  backupEntrySchema,
  backupNameSchema,
  restoreReportSchema,
  createAnnotationSchema,
  ficheNumberSchema,
  ficheSchema,
  ficheSummarySchema,
  glossaryEntrySchema,
  kitSchema,
  kitSlugSchema,
  searchRequestSchema,
  searchResultSchema,
  tagCountSchema,
  updateAnnotationSchema,
  authorNameSchema,
  binaryExportSchema,
  noteSelectionSchema,
  sharedNotesSchema,
} from './schemas';
import {
  connectTeamSchema,
  ignoredTeamDocumentSchema,
  resolveTeamConflictSchema,
  teamConflictSchema,
  teamSharedDocumentSchema,
  teamStatusSchema,
} from './team-schemas';
import {
  addRoadmapItemSchema,
  leverFiltersSchema,
  leverWithItemsSchema,
  roadmapExportSchema,
  roadmapItemSchema,
  roadmapItemTransferSchema,
  roadmapKindSchema,
  roadmapSummarySchema,
  updateRoadmapItemSchema,
} from './roadmap-schemas';
import {
  attachDocumentToFicheSchema,
  documentFileSchema,
  documentIdSchema,
  documentPageNumberSchema,
  documentPageSchema,
  documentSchema,
  documentSummarySchema,
  importDocumentSchema,
  importJobIdSchema,
  importJobSchema,
  removeDocumentResultSchema,
  updateDocumentMetadataSchema,
} from './document-schemas';

const noInput = z.object({}).strict();

/**
 * The whole API, declared once. Core implements it; the IPC and HTTP adapters loop over this
 * table, so every method is validated the same way whatever the transport.
 */
export const apiMethods = {
  listKits: { input: noInput, output: z.array(kitSchema) },
  listFiches: { input: z.object({ kit: kitSlugSchema }).strict(), output: z.array(ficheSummarySchema) },
  getFiche: { input: z.object({ kit: kitSlugSchema, number: ficheNumberSchema }).strict(), output: ficheSchema },
  listGlossary: { input: noInput, output: z.array(glossaryEntrySchema) },
  getAppInfo: { input: noInput, output: appInfoSchema },
  search: { input: searchRequestSchema, output: searchResultSchema },
  listAnnotations: { input: annotationFiltersSchema, output: z.array(annotationSchema) },
  createAnnotation: { input: createAnnotationSchema, output: annotationSchema },
  updateAnnotation: { input: updateAnnotationSchema, output: annotationSchema },
  /** Returns the deleted annotation whole, so that « Annuler » can restore it exactly. */
  deleteAnnotation: { input: z.object({ id: z.uuid() }).strict(), output: annotationSchema },
  restoreAnnotation: { input: z.object({ annotation: annotationSchema }).strict(), output: annotationSchema },
  listTags: { input: noInput, output: z.array(tagCountSchema) },
  getVocabulary: { input: noInput, output: vocabularySchema },
  searchTerritories: {
    input: z.object({ query: z.string().max(1000), limit: z.number().int().min(1).max(50).default(10) }).strict(),
    output: z.array(territoryOptionSchema),
  },
  getTerritory: { input: noInput, output: territorySchema.nullable() },
  setTerritory: {
    input: z.object({ territory: z.object({ scale: territoryScaleSchema, code: territoryCodeSchema }).strict().nullable() }).strict(),
    output: territorySchema.nullable(),
  },
  listProjects: { input: projectFiltersSchema, output: z.array(projectSchema) },
  getProject: { input: z.object({ id: z.uuid('Identifiant de projet invalide.') }).strict(), output: projectDetailSchema },
  createProject: { input: createProjectSchema, output: projectDetailSchema },
  updateProject: { input: updateProjectSchema, output: projectDetailSchema },
  /** Removes the project and its links; fiches and annotations stay. */
  deleteProject: { input: z.object({ id: z.uuid('Identifiant de projet invalide.') }).strict(), output: z.object({ id: z.string() }) },
  linkToProject: { input: createLinkSchema, output: projectLinkSchema },
  /** Links several fiches, documents and passages with one reason, in one transaction; returns the project with its links. */
  linkManyToProject: { input: createLinksSchema, output: projectDetailSchema },
  unlinkFromProject: { input: z.object({ id: z.uuid('Identifiant de lien invalide.') }).strict(), output: z.object({ id: z.string() }) },
  listFicheLinks: { input: z.object({ kit: kitSlugSchema, number: ficheNumberSchema }).strict(), output: z.array(projectLinkSchema) },
  /** The links of projects to a library document (whole, its pages, its annotated passages), by project. */
  listDocumentLinks: { input: z.object({ id: documentIdSchema }).strict(), output: z.array(projectLinkSchema) },
  getDashboard: { input: noInput, output: dashboardSchema },
  exportDossier: { input: z.object({ id: z.uuid('Identifiant de projet invalide.') }).strict(), output: annotationExportSchema },
  exportProjectsCsv: {
    input: z.object({ includeArchived: z.boolean().default(true) }).strict(),
    output: z.object({ fileName: z.string(), csv: z.string() }),
  },
  /** All user data (territory, projects, links, annotations) as one versioned JSON document. */
  exportUserData: { input: noInput, output: z.object({ fileName: z.string(), json: z.string() }) },
  /** Merges an export (the file's text) by id; the same file twice changes nothing. */
  importUserData: { input: z.object({ json: z.string() }).strict(), output: mergeReportSchema },
  /** A kit update (.zip made by npm run pack-content) sent by the page: unpacked under caps, validated whole, never older. */
  importContentUpdate: {
    input: z
      .object({
        fileName: z.string().min(1).max(200),
        zipBase64: z.string().max(maxContentUpdateBase64, 'Le fichier dépasse 20 Mo : ce n’est pas une mise à jour des kits. Rien n’a été importé.'),
      })
      .strict(),
    output: contentUpdateReportSchema,
  },
  /** The page being shown as a PDF file the person saves (desktop app only: printToPDF). */
  savePagePdf: {
    input: z.object({ suggestedName: z.string().regex(/^[\w .()\-àâäçéèêëîïôöùûüÿœæ]{1,80}\.pdf$/i, 'Nom de fichier PDF invalide.') }).strict(),
    output: z.object({ savedTo: z.string().nullable() }),
  },
  /** The annotations that the filters of « Mes annotations » (or one fiche) select, as Markdown. */
  exportAnnotations: {
    input: annotationFiltersSchema.omit({ sort: true }),
    output: annotationExportSchema,
  },
  /** The size of the interface's text, in percent (A− / A+), kept for the next start. */
  getTextSize: { input: noInput, output: z.object({ percent: textSizeSchema }) },
  setTextSize: { input: z.object({ percent: textSizeSchema }).strict(), output: z.object({ percent: textSizeSchema }) },
  /** « Votre nom », recorded as author of new annotations and projects (empty until set). */
  getAuthorName: { input: noInput, output: z.object({ name: z.string() }) },
  setAuthorName: { input: z.object({ name: authorNameSchema }).strict(), output: z.object({ name: z.string() }) },
  /** Chosen notes in plain words, for « Copier », « Envoyer par courriel » and their printed view. */
  shareAnnotations: { input: z.object({ ids: noteSelectionSchema }).strict(), output: sharedNotesSchema },
  /** Chosen notes as a Word document. */
  exportAnnotationsDocx: { input: z.object({ ids: noteSelectionSchema }).strict(), output: binaryExportSchema },
  /** A project's dossier as a Word document. */
  exportDossierDocx: { input: z.object({ id: z.uuid('Identifiant de projet invalide.') }).strict(), output: binaryExportSchema },
  /** The backups of the backups folder (automatic and manual), most recent first. */
  listBackups: { input: noInput, output: z.array(backupEntrySchema) },
  /** Writes a backup into the backups folder now. */
  backupNow: { input: noInput, output: backupEntrySchema },
  /** Replaces the database by a backup of the list (by name: never a path from the renderer). */
  restoreBackup: { input: z.object({ name: backupNameSchema }).strict(), output: restoreReportSchema },
  /** The team workspace: connection, sync state and counts, with a French message saying what to do. */
  getTeamStatus: { input: noInput, output: teamStatusSchema },
  /** Checks the credentials with the server (POST /_session), records the connection, starts live sync. */
  connectTeam: { input: connectTeamSchema, output: teamStatusSchema },
  /** Leaves the workspace: sync stops, the password is forgotten, every local record stays. */
  disconnectTeam: { input: noInput, output: teamStatusSchema },
  /** One round now; a failure (offline, refused…) is in the returned status. */
  syncTeamNow: { input: noInput, output: teamStatusSchema },
  /** Documents edited on two computers, every version side by side. */
  listTeamConflicts: { input: noInput, output: z.array(teamConflictSchema) },
  /** Keeps one version (or a merge of it), written once with the deletion of the others. */
  resolveTeamConflict: { input: resolveTeamConflictSchema, output: z.object({ docId: z.string(), rev: z.string() }) },
  /** Pulled documents that failed validation, set aside. */
  listIgnoredTeamDocuments: { input: noInput, output: z.array(ignoredTeamDocumentSchema) },
  /** Library documents shared with the team, whether this computer holds them or not. */
  listTeamDocuments: { input: noInput, output: z.array(teamSharedDocumentSchema) },
  /** « Partager avec l’équipe »: its metadata and annotations travel; its original (25 Mo at most) is uploaded at the next round. */
  shareDocument: { input: z.object({ id: documentIdSchema }).strict(), output: teamSharedDocumentSchema },
  /** Stops sharing: no new copies; those already fetched stay in their libraries. */
  unshareDocument: { input: z.object({ id: documentIdSchema }).strict(), output: z.object({ id: z.string() }) },
  /** « Récupérer le document »: downloads a shared document's original, checks it and imports it. */
  fetchTeamDocument: { input: z.object({ id: documentIdSchema }).strict(), output: documentSummarySchema },
  /** The levers of the fiches (« Ce que peut faire la collectivité »), with the roadmap items that chose each. */
  listLevers: { input: leverFiltersSchema, output: z.array(leverWithItemsSchema) },
  /** One roadmap's items, in reading order of their levers. */
  listRoadmap: { input: z.object({ roadmap: roadmapKindSchema.default('programme') }).strict(), output: z.array(roadmapItemSchema) },
  addRoadmapItem: { input: addRoadmapItemSchema, output: roadmapItemSchema },
  updateRoadmapItem: { input: updateRoadmapItemSchema, output: roadmapItemSchema },
  /** Returns the item removed, whole, for « Annuler » (restoreRoadmapItem). */
  removeRoadmapItem: { input: z.object({ id: z.uuid('Identifiant d’élément de feuille de route invalide.') }).strict(), output: roadmapItemTransferSchema },
  restoreRoadmapItem: { input: z.object({ item: roadmapItemTransferSchema }).strict(), output: roadmapItemSchema },
  /** Copies one roadmap into the other (the programme into the adopted roadmap); a lever already there is kept as it is. */
  copyRoadmap: {
    input: z.object({ from: roadmapKindSchema, to: roadmapKindSchema }).strict(),
    output: z.object({ added: z.number().int(), alreadyThere: z.number().int() }),
  },
  /** The dashboard's follow-up: levers chosen, engaged, done per competence of the territory's scale; items past their date. */
  getRoadmapSummary: { input: z.object({ roadmap: roadmapKindSchema.default('programme') }).strict(), output: roadmapSummarySchema },
  /** The roadmap items a project carries out. */
  listProjectRoadmapItems: { input: z.object({ id: z.uuid('Identifiant de projet invalide.') }).strict(), output: z.array(roadmapItemSchema) },
  exportRoadmap: {
    input: roadmapExportSchema.extend({ format: z.enum(['md', 'csv'], 'Format inconnu : md ou csv.') }),
    output: z.object({ fileName: z.string(), text: z.string() }),
  },
  exportRoadmapDocx: { input: roadmapExportSchema, output: binaryExportSchema },
  /** Starts importing a file into the library; extraction runs in a worker: follow it with getImportJob. */
  importDocument: { input: importDocumentSchema, output: importJobSchema },
  /** Where an import stands (progress bar), and its result or French error once finished. */
  getImportJob: { input: z.object({ jobId: importJobIdSchema }).strict(), output: importJobSchema },
  /** « Annuler »: stops the extraction; nothing is written. */
  cancelImport: { input: z.object({ jobId: importJobIdSchema }).strict(), output: importJobSchema },
  /** The library, most recently imported first. */
  listDocuments: { input: noInput, output: z.array(documentSummarySchema) },
  getDocument: { input: z.object({ id: documentIdSchema }).strict(), output: documentSchema },
  /** The extracted text of one page (counted from 1). */
  getDocumentPage: { input: z.object({ id: documentIdSchema, page: documentPageNumberSchema }).strict(), output: documentPageSchema },
  /** The original file, for pdf.js in the renderer. */
  getDocumentFile: { input: z.object({ id: documentIdSchema }).strict(), output: documentFileSchema },
  updateDocumentMetadata: { input: updateDocumentMetadataSchema, output: documentSummarySchema },
  /** Records (or, with fiche null, removes) the document as the official version of a fiche. */
  attachDocumentToFiche: { input: attachDocumentToFicheSchema, output: documentSummarySchema },
  /** The document recorded as the official version (« Texte officiel (PDF) ») of a fiche, if any. */
  getOfficialDocument: { input: z.object({ kit: kitSlugSchema, number: ficheNumberSchema }).strict(), output: documentSummarySchema.nullable() },
  /** Removes a document and its original file; its annotations stay, as orphans. The UI asks first. */
  removeDocument: { input: z.object({ id: documentIdSchema }).strict(), output: removeDocumentResultSchema },
} as const;

export type ApiMethods = typeof apiMethods;
export type MethodName = keyof ApiMethods;
export type MethodInput<M extends MethodName> = z.input<ApiMethods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<ApiMethods[M]['output']>;

type Handler<M extends MethodName, Result> = (input: z.output<ApiMethods[M]['input']>) => Result;

/** What the adapters accept: a handler may answer now or later (e.g. printing in Electron). */
export type ApiHandlers = { [M in MethodName]: Handler<M, MethodOutput<M> | Promise<MethodOutput<M>>> };

/** Methods core answers later: the `docx` library builds its files asynchronously, and the team server is waited for. */
export type AsyncCoreMethod =
  | 'exportAnnotationsDocx'
  | 'exportDossierDocx'
  | 'importContentUpdate'
  | 'connectTeam'
  | 'disconnectTeam'
  | 'syncTeamNow'
  | 'listTeamConflicts'
  | 'resolveTeamConflict'
  | 'fetchTeamDocument'
  | 'exportRoadmapDocx';

/** What core implements: better-sqlite3 answers synchronously; Word files and the team server come as a promise. */
export type CoreApiHandlers = {
  [M in MethodName]: Handler<M, M extends AsyncCoreMethod ? Promise<MethodOutput<M>> : MethodOutput<M>>;
};

export const methodNames = Object.keys(apiMethods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(apiMethods, name);
}
