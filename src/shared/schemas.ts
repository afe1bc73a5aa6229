import { z } from 'zod';
import { maxNoteLength, projectDayRange, quoteContextLength, textSizes, type TextSize } from './limits';
import {
  annotationColors,
  annotationStatuses,
  facetNames,
  resultTypes,
  linkReasons,
  projectStatuses,
  territoryScales,
  type FacetName,
} from './constants';
import { scales } from './scales';
import { isCleanText, unsafeTextMessage } from './clean-text';
import './zod-messages';

export { annotationColors, annotationStatuses, facetNames, resultTypes, linkReasons, projectStatuses, territoryScales, type FacetName };

export { scaleLabels, scales, type Scale } from './scales';

export const scaleSchema = z.enum(scales);

/** Text a person typed or a file brought, before it is stored: no NUL, no half character. */
export const cleanTextSchema = () => z.string().refine(isCleanText, unsafeTextMessage);

/** A name, title or reason: one line, without tabs or other control characters. */
export const oneLineText = (label: string) =>
  cleanTextSchema().refine((text) => !/[\p{Cc}\p{Zl}\p{Zp}]/u.test(text), `${label} tient sur une seule ligne, sans caractère de contrôle.`);

/** A moment as stored (ISO 8601, e.g. 2026-03-01T09:30:00.000Z). */
export const timestampSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, { message: 'Date et heure invalides.', abort: true })
  .refine((value) => !Number.isNaN(Date.parse(value)), 'Cette date n’existe pas.');

export const kitSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Identifiant de kit invalide (lettres minuscules, chiffres et tirets).');

export const ficheNumberSchema = z
  .number()
  .int('Le numéro de fiche doit être un nombre entier.')
  .min(1, 'Le numéro de fiche commence à 1.')
  .max(999, 'Le numéro de fiche ne dépasse pas 999.');

export const missingFicheSchema = z.object({
  number: ficheNumberSchema,
  hint: z.string().nullable(),
});

export const kitSchema = z.object({
  slug: kitSlugSchema,
  title: z.string(),
  scale: scaleSchema,
  year: z.number().int(),
  edition: z.string(),
  publisher: z.string(),
  sourceUrl: z.string(),
  elections: z.string().nullable(),
  published: z.string().nullable(),
  description: z.string(),
  originalCount: z.number().int().nullable(),
  originalCountApprox: z.boolean(),
  ficheCount: z.number().int(),
  missing: z.array(missingFicheSchema),
});
export type Kit = z.infer<typeof kitSchema>;

export const ficheSummarySchema = z.object({
  kit: kitSlugSchema,
  number: ficheNumberSchema,
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  themes: z.array(z.string()),
});
export type FicheSummary = z.infer<typeof ficheSummarySchema>;

export const ficheSchema = ficheSummarySchema.extend({
  kitTitle: z.string(),
  kitYear: z.number().int(),
  bodyMd: z.string(),
  sourceUrl: z.string(),
  competences: z.array(z.string()),
  echelons: z.array(z.string()),
  complement: z.string().nullable(),
  edition: z.string(),
});
export type Fiche = z.infer<typeof ficheSchema>;

export const glossaryEntrySchema = z.object({
  term: z.string(),
  longForm: z.string().nullable(),
  definition: z.string(),
  variants: z.array(z.string()),
});
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;

const textSizeMessage = `Taille du texte invalide : choisissez ${textSizes.join(', ')} %.`;
export const textSizeSchema = z
  .number({ error: textSizeMessage })
  .refine((value): value is TextSize => (textSizes as readonly number[]).includes(value), { message: textSizeMessage });

export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  contentEdition: z.string().nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const textSegmentSchema = z.object({ text: z.string(), mark: z.boolean() });
/** Text cut into plain and marked parts: the UI never receives HTML to inject. */
export type TextSegment = z.infer<typeof textSegmentSchema>;

const filterList = (item: z.ZodType<string>) => z.array(item).max(50).default([]);

export const searchFiltersSchema = z
  .object({
    kit: filterList(kitSlugSchema),
    theme: filterList(z.string().max(200)),
    competence: filterList(z.string().max(200)),
    /** Only these kinds of results (fiches, documents, annotations, projects); none chosen: all. */
    type: z.array(z.enum(resultTypes)).max(resultTypes.length).default([]),
  })
  .strict();
export type SearchFilters = z.infer<typeof searchFiltersSchema>;

export const searchRequestSchema = z
  .object({
    // Any text is accepted and read as a query; only the first characters are used.
    query: z.string().max(100_000, 'La recherche est trop longue.'),
    filters: searchFiltersSchema.default({ kit: [], theme: [], competence: [], type: [] }),
    limit: z.number().int().min(1).max(100).default(20),
    offset: z.number().int().min(0).max(10_000).default(0),
    facets: z.boolean().default(true),
    /** With a territory chosen, the fiches written for its scale come first at comparable relevance; false ranks all scales alike. */
    territoryScaleFirst: z.boolean().default(true),
  })
  .strict();
export type SearchRequest = z.input<typeof searchRequestSchema>;

export const ficheHitSchema = z.object({
  type: z.literal('fiche'),
  kit: kitSlugSchema,
  kitTitle: z.string(),
  number: ficheNumberSchema,
  title: z.array(textSegmentSchema),
  snippet: z.array(textSegmentSchema),
});
export const annotationHitSchema = z.object({
  type: z.literal('annotation'),
  id: z.string(),
  kit: kitSlugSchema,
  kitTitle: z.string(),
  number: ficheNumberSchema,
  ficheTitle: z.string().nullable(),
  quote: z.array(textSegmentSchema),
  note: z.array(textSegmentSchema),
});
export const projectHitSchema = z.object({
  type: z.literal('project'),
  id: z.string(),
  title: z.array(textSegmentSchema),
  snippet: z.array(textSegmentSchema),
  status: z.enum(['idee', 'etude', 'en_cours', 'realise', 'abandonne']),
});
/** A document is named by the SHA-256 of its original file (see document-schemas.ts). */
export const documentIdSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'Identifiant de document invalide (empreinte SHA-256 attendue).');
/** One page of a library document where the words are. */
export const documentHitSchema = z.object({
  type: z.literal('document'),
  id: documentIdSchema,
  title: z.array(textSegmentSchema),
  fileName: z.string(),
  /** Counted from 1. */
  page: z.number().int().min(1),
  pageCount: z.number().int().min(1),
  snippet: z.array(textSegmentSchema),
});
/** Each source (fiches, documents, annotations, projects) adds its own hit type to this union. */
export const searchHitSchema = z.discriminatedUnion('type', [ficheHitSchema, documentHitSchema, annotationHitSchema, projectHitSchema]);
export type SearchHit = z.infer<typeof searchHitSchema>;

export const facetValueSchema = z.object({ value: z.string(), label: z.string(), count: z.number().int() });
export type FacetValue = z.infer<typeof facetValueSchema>;

export const searchResultSchema = z.object({
  total: z.number().int(),
  hits: z.array(searchHitSchema),
  facets: z.record(z.enum(facetNames), z.array(facetValueSchema)).nullable(),
  /** When nothing matched: close spellings of the words typed, as whole queries to try. */
  suggestions: z.array(z.string()),
  /** When nothing matched with filters on: how many results the query has without them. */
  totalWithoutFilters: z.number().int().nullable(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const annotationColorSchema = z.enum(annotationColors);
export type AnnotationColor = z.infer<typeof annotationColorSchema>;

export { maxNoteLength, quoteContextLength } from './limits';

/** Where an annotation points in a fiche's plain text: a quote with its context, and a position. */
export const selectorSchema = z
  .object({
    exact: cleanTextSchema().min(1, 'Le passage sélectionné est vide.').max(20_000, 'Le passage sélectionné est trop long.'),
    prefix: cleanTextSchema().max(quoteContextLength * 4),
    suffix: cleanTextSchema().max(quoteContextLength * 4),
    start: z.number().int().min(0),
    end: z.number().int().min(1),
  })
  .strict()
  .refine((s) => s.end > s.start, { message: 'La fin du passage doit suivre son début.', path: ['end'] });
export type Selector = z.infer<typeof selectorSchema>;

export const annotationIdSchema = z.uuid('Identifiant d’annotation invalide.');
const tagSchema = cleanTextSchema()
  .trim()
  .min(1, 'Une étiquette ne peut pas être vide.')
  .max(60, 'Une étiquette fait au plus 60 caractères.')
  .refine((tag) => !/[\p{Cc}\p{Zl}\p{Zp},]/u.test(tag), 'Une étiquette ne contient ni virgule, ni retour à la ligne, ni caractère de contrôle.');
export const noteSchema = cleanTextSchema().max(maxNoteLength, `Une note fait au plus ${maxNoteLength.toLocaleString('fr-FR')} caractères.`);
export const tagsSchema = z.array(tagSchema).max(30, 'Au plus 30 étiquettes par annotation.');


/** A page of a library document, the other target an annotation can have (counted from 1). */
export const documentPageTargetSchema = z
  .object({ id: documentIdSchema, page: z.number().int().min(1, 'Les pages se comptent à partir de 1.').max(100_000) })
  .strict();
export type DocumentPageTarget = z.infer<typeof documentPageTargetSchema>;

export const annotationSchema = z.object({
  id: annotationIdSchema,
  /** The fiche annotated; both null when the annotation is on a document page. */
  kit: kitSlugSchema.nullable(),
  number: ficheNumberSchema.nullable(),
  /** The document page annotated (null on a fiche); its title is null once the document has left the library. */
  document: documentPageTargetSchema.extend({ title: z.string().nullable() }).nullable().default(null),
  /** Null when the fiche is no longer in the base. */
  ficheTitle: z.string().nullable(),
  kitTitle: z.string().nullable(),
  color: annotationColorSchema.nullable(),
  note: noteSchema,
  tags: tagsSchema,
  /** Null for a note on the whole fiche. */
  selector: selectorSchema.nullable(),
  /** anchored: drawn on its passage; orphan: its passage was not found after an update; fiche: a note on the whole fiche. */
  status: z.enum(annotationStatuses),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  /** « Votre nom » when the annotation was made; empty when unknown (made before it was set). */
  authorName: z.string().max(200).default(''),
  /** The team login of its author; empty for a note made here and not yet shared. */
  authorLogin: z.string().max(200).default(''),
  /** A private note never leaves this computer (team workspace). */
  isPrivate: z.boolean().default(false),
});
export type Annotation = z.infer<typeof annotationSchema>;

/** A new annotation on a fiche: what the team and exchange files carry (document ones stay local). */
export const ficheAnnotationFieldsSchema = z
  .object({
    kit: kitSlugSchema,
    number: ficheNumberSchema,
    selector: selectorSchema.nullable(),
    color: annotationColorSchema.nullable().default(null),
    note: noteSchema.default(''),
    tags: tagsSchema.default([]),
    /** Kept on this computer only: never sent to the team. */
    isPrivate: z.boolean().default(false),
  })
  .strict();

/** A new annotation: on a fiche (kit and number), or on a document page; its selector points into that target's plain text. */
export const createAnnotationSchema = ficheAnnotationFieldsSchema
  .extend({ kit: kitSlugSchema.optional(), number: ficheNumberSchema.optional(), document: documentPageTargetSchema.optional() })
  .refine((a) => (a.document === undefined ? a.kit !== undefined && a.number !== undefined : a.kit === undefined && a.number === undefined), {
    message: 'Une annotation porte soit sur une fiche (kit et numéro), soit sur une page de document.',
  });

export const updateAnnotationSchema = z
  .object({
    id: annotationIdSchema,
    note: noteSchema.optional(),
    tags: tagsSchema.optional(),
    color: annotationColorSchema.nullable().optional(),
    /** A new passage: re-attaches an orphan, or moves a highlight. */
    selector: selectorSchema.optional(),
    isPrivate: z.boolean().optional(),
  })
  .strict();

export const annotationFiltersSchema = z
  .object({
    kit: kitSlugSchema.optional(),
    number: ficheNumberSchema.optional(),
    /** Only the annotations of this library document (of one page with `page`). */
    document: documentIdSchema.optional(),
    page: z.number().int().min(1).optional(),
    tag: tagSchema.optional(),
    color: annotationColorSchema.optional(),
    /** Only the annotations linked to this project. */
    project: z.uuid('Identifiant de projet invalide.').optional(),
    /** « Les miennes »: made here, or signed with this computer's team login (not a teammate's). */
    mine: z.boolean().optional(),
    sort: z.enum(['date', 'reading']).default('reading'),
  })
  .strict();
export type AnnotationFilters = z.input<typeof annotationFiltersSchema>;

export const tagCountSchema = z.object({ tag: z.string(), count: z.number().int() });

export const annotationExportSchema = z.object({ fileName: z.string(), markdown: z.string() });

/** The name recorded as author of new annotations and projects and printed in exports. */
export const authorNameSchema = z
  .string()
  .trim()
  .max(80, 'Votre nom fait au plus 80 caractères.')
  .refine((name) => !/\p{Cc}/u.test(name), 'Votre nom ne peut pas contenir de caractère de contrôle.');

/** Notes chosen one by one (« Mes annotations », a fiche's panel) for sharing. */
export const noteSelectionSchema = z
  .array(z.uuid('Identifiant d’annotation invalide.'))
  .min(1, 'Choisissez au moins une note.')
  .max(10_000, 'Au plus 10 000 notes à la fois.');

/** One note as a colleague reads it: where it comes from, the passage, the note in plain text. */
export const sharedNoteSchema = z.object({
  id: z.string(),
  /** « RégionalESS, fiche 7 : Titre » */
  ficheReference: z.string(),
  sourceUrl: z.string().nullable(),
  quote: z.string().nullable(),
  /** Passage no longer found in the fiche's current text. */
  orphan: z.boolean(),
  /** Said in place of a passage when the note quotes none: on the whole fiche, or the whole page of a document. */
  wholeLine: z.string(),
  note: z.string(),
  tags: z.array(z.string()),
  author: z.string(),
  /** « créée le 4 décembre 2026 » or « modifiée le … » */
  dateLine: z.string(),
});
export type SharedNote = z.infer<typeof sharedNoteSchema>;

export const sharedNotesSchema = z.object({
  subject: z.string(),
  notes: z.array(sharedNoteSchema),
  /** The same notes as plain text (e-mail body, clipboard) and as HTML (rich clipboard). */
  text: z.string(),
  html: z.string(),
});

/** A file built in core (Word), carried as base64 so that IPC and HTTP both move it as JSON. */
export const binaryExportSchema = z.object({ fileName: z.string(), base64: z.string() });

/**
 * A backup of the backups folder, by name only: the renderer never gives a path.
 * kits-ess-AAAA-MM-JJ.sqlite (automatic) or kits-ess-AAAA-MM-JJ-HHMMSS[-N].sqlite (made on request).
 */
export const backupNamePattern = /^kits-ess-\d{4}-\d{2}-\d{2}(?:-\d{6}(?:-\d{1,3})?)?\.sqlite$/;
export const backupNameSchema = z
  .string()
  .max(64, 'Nom de sauvegarde invalide : choisissez une sauvegarde de la liste.')
  .regex(backupNamePattern, 'Nom de sauvegarde invalide : choisissez une sauvegarde de la liste.');

export const backupEntrySchema = z.object({
  name: backupNameSchema,
  /** When the file was written (ISO 8601). */
  date: z.string(),
  size: z.number().int().nonnegative(),
  /** Made at the first start of a day; only the last seven are kept. */
  automatic: z.boolean(),
});
export type BackupEntry = z.infer<typeof backupEntrySchema>;

export const restoreReportSchema = z.object({
  restoredFrom: z.string(),
  /** Where the database in use before the restore was set aside (null when there was none). */
  previousSavedAs: z.string().nullable(),
  annotations: z.number().int(),
});
export type RestoreReport = z.infer<typeof restoreReportSchema>;

export const vocabularySchema = z.object({
  themes: z.array(z.string()),
  echelons: z.array(z.string()),
  competences: z.object({ commune: z.array(z.string()), departement: z.array(z.string()), region: z.array(z.string()) }),
});
export type Vocabulary = z.infer<typeof vocabularySchema>;

export const territoryScaleSchema = z.enum(territoryScales);
export type TerritoryScale = z.infer<typeof territoryScaleSchema>;
/** An INSEE code (commune, département, région) or a SIREN number (EPCI). */
export const territoryCodeSchema = z.string().regex(/^[0-9AB]{2,9}$/, 'Code INSEE ou SIREN invalide.');
export const territoryNameSchema = oneLineText('Le nom du territoire').max(200, 'Le nom du territoire fait au plus 200 caractères.');

export const territoryOptionSchema = z.object({
  scale: territoryScaleSchema,
  code: z.string(),
  name: z.string(),
  /** What distinguishes homonyms: « Commune · Hautes-Alpes (05) · 05000 · 41 293 habitants ». */
  detail: z.string(),
  /** The département code of a commune or an intercommunality, shown after its name: « Ancelle (05) ». */
  departement: z.string().optional(),
});
export type TerritoryOption = z.infer<typeof territoryOptionSchema>;

export const territorySchema = territoryOptionSchema.extend({
  /** The kits' scale matching the territory (an EPCI reads the communal kit). */
  kitScale: scaleSchema,
  updatedAt: z.string(),
});
export type Territory = z.infer<typeof territorySchema>;

export const projectStatusSchema = z.enum(projectStatuses);
export type ProjectStatus = z.infer<typeof projectStatusSchema>;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ.')
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'Cette date n’existe pas.')
  // A project's calendar: a year outside this range is a typing slip (0026 for 2026).
  .refine((day) => day >= projectDayRange.min && day <= projectDayRange.max, `Date à choisir entre ${projectDayRange.min.slice(0, 4)} et ${projectDayRange.max.slice(0, 4)}.`);
export const shortText = (label: string, max: number) => oneLineText(label).trim().max(max, `${label} : au plus ${max} caractères.`);
const vocabularyTerm = cleanTextSchema().max(200, 'Un thème ou une compétence fait au plus 200 caractères.');
const maxBudget = 1e12;

/** The fields of a project as the API checks them; a colleague's export is checked with the same rules. */
export const projectFields = {
  title: oneLineText('Le titre').trim().min(1, 'Donnez un titre au projet.').max(200, 'Le titre fait au plus 200 caractères.'),
  description: cleanTextSchema().max(maxNoteLength, `La description fait au plus ${maxNoteLength.toLocaleString('fr-FR')} caractères.`),
  status: projectStatusSchema,
  themes: z.array(vocabularyTerm).max(20, 'Au plus 20 thèmes par projet.'),
  competences: z.array(vocabularyTerm).max(20, 'Au plus 20 compétences par projet.'),
  partners: z.array(shortText('Partenaire', 200).min(1, 'Un partenaire ne peut pas être vide.')).max(50, 'Au plus 50 partenaires par projet.'),
  lead: shortText('Porteur', 200),
  budget: z
    .number()
    .int('Le budget s’exprime en euros entiers.')
    .min(0, 'Le budget ne peut pas être négatif.')
    .max(maxBudget, `Le budget ne dépasse pas ${maxBudget.toLocaleString('fr-FR')} €.`)
    .nullable(),
  startDate: isoDay.nullable(),
  endDate: isoDay.nullable(),
};

export function datesInOrder(p: { startDate?: string | null; endDate?: string | null }): boolean {
  return !p.startDate || !p.endDate || p.endDate >= p.startDate;
}
export const dateOrderMessage = { message: 'La date de fin doit suivre la date de début.', path: ['endDate'] };

export const createProjectSchema = z
  .object({
    ...projectFields,
    description: projectFields.description.default(''),
    status: projectFields.status.default('idee'),
    themes: projectFields.themes.default([]),
    competences: projectFields.competences.default([]),
    partners: projectFields.partners.default([]),
    lead: projectFields.lead.default(''),
    budget: projectFields.budget.default(null),
    startDate: projectFields.startDate.default(null),
    endDate: projectFields.endDate.default(null),
  })
  .strict()
  .refine(datesInOrder, dateOrderMessage);

export const updateProjectSchema = z
  .object(projectFields)
  .partial()
  .extend({ id: z.uuid('Identifiant de projet invalide.'), archived: z.boolean().optional() })
  .strict()
  .refine(datesInOrder, dateOrderMessage);


/** A page of a library document, or (page null) the whole of it, as a project link names it. */
export const documentLinkTargetSchema = documentPageTargetSchema.extend({ page: documentPageTargetSchema.shape.page.nullable().default(null) });

export const projectLinkSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  projectTitle: z.string(),
  /** The fiche linked; both null for a link to a library document. */
  kit: kitSlugSchema.nullable(),
  number: ficheNumberSchema.nullable(),
  ficheTitle: z.string().nullable(),
  ficheSummary: z.string().nullable(),
  /** The official RTES fiche the synthesis comes from (null once the fiche has left the base). */
  ficheSourceUrl: z.string().nullable(),
  kitTitle: z.string().nullable(),
  /**
   * The library document linked (null for a fiche): one page, or the whole document (page null).
   * Once the document has left the library the link stays, `removed`, naming the title it had
   * (null only if that title was never known here).
   */
  document: z.object({ id: documentIdSchema, page: z.number().int().min(1).nullable(), title: z.string().nullable(), removed: z.boolean() }).nullable(),
  annotationId: z.string().nullable(),
  /** The linked passage and note, when the link goes through an annotation. */
  quote: z.string().nullable(),
  note: z.string().nullable(),
  reason: z.string(),
  createdAt: z.string(),
});
export type ProjectLink = z.infer<typeof projectLinkSchema>;

export const projectSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: projectStatusSchema,
  themes: z.array(z.string()),
  competences: z.array(z.string()),
  partners: z.array(z.string()),
  lead: z.string(),
  budget: z.number().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  archived: z.boolean(),
  linkCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** « Votre nom » when the project was created; empty when unknown. */
  authorName: z.string(),
  /** The team login of its author; empty for a project made here and not yet shared. */
  authorLogin: z.string(),
});
export type Project = z.infer<typeof projectSchema>;

export const projectDetailSchema = projectSchema.extend({ links: z.array(projectLinkSchema) });
export type ProjectDetail = z.infer<typeof projectDetailSchema>;

export const projectFiltersSchema = z
  .object({
    status: projectStatusSchema.optional(),
    theme: z.string().max(200).optional(),
    competence: z.string().max(200).optional(),
    includeArchived: z.boolean().default(false),
  })
  .strict();

/**
 * What a project links to: a whole fiche or one of its annotated passages (kit and number); or a
 * library document, whole or one page, or an annotated passage of that page (document).
 */
const linkTargetFields = {
  kit: kitSlugSchema.optional(),
  number: ficheNumberSchema.optional(),
  document: documentLinkTargetSchema.optional(),
  annotationId: annotationIdSchema.nullable().default(null),
};
function hasOneLinkTarget(target: { kit?: string; number?: number; document?: unknown }): boolean {
  return target.document === undefined ? target.kit !== undefined && target.number !== undefined : target.kit === undefined && target.number === undefined;
}
export const oneLinkTargetMessage = 'Un lien porte soit sur une fiche (kit et numéro), soit sur un document de la bibliothèque.';
const oneLinkTarget = { message: oneLinkTargetMessage };
export const linkReasonSchema = oneLineText('La raison du lien')
  .trim()
  .min(1, 'Indiquez pourquoi ce lien (levier, exemple, point de vigilance…).')
  .max(200, 'La raison fait au plus 200 caractères.');

export const createLinkSchema = z
  .object({ projectId: z.uuid('Identifiant de projet invalide.'), ...linkTargetFields, reason: linkReasonSchema })
  .strict()
  .refine(hasOneLinkTarget, oneLinkTarget);

export const createLinksSchema = z
  .object({
    projectId: z.uuid('Identifiant de projet invalide.'),
    targets: z
      .array(z.object(linkTargetFields).strict().refine(hasOneLinkTarget, oneLinkTarget))
      .min(1, 'Choisissez au moins une fiche ou un passage.')
      .max(100, 'Ajoutez au plus 100 fiches ou passages à la fois.'),
    reason: linkReasonSchema,
  })
  .strict();

export const dashboardSchema = z.object({
  territory: territorySchema.nullable(),
  projectsByStatus: z.array(z.object({ status: projectStatusSchema, count: z.number().int() })),
  competences: z.array(
    z.object({ competence: z.string(), projects: z.array(z.object({ id: z.string(), title: z.string(), status: projectStatusSchema })) }),
  ),
  /** The fiches cited by the most projects (`projects`: how many, each counted once). */
  mostLinkedFiches: z.array(z.object({ kit: z.string(), number: z.number().int(), title: z.string(), kitTitle: z.string(), projects: z.number().int() })),
  recentAnnotations: z.array(annotationSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

const mergeCountsSchema = z.object({
  annotations: z.number().int(),
  projects: z.number().int(),
  links: z.number().int(),
  roadmapItems: z.number().int(),
});
export const mergeReportSchema = z.object({
  added: mergeCountsSchema,
  updated: mergeCountsSchema,
  unchanged: z.number().int(),
  /** Records changed on both sides: the most recently updated version was kept. */
  conflicts: z.array(
    z.object({ kind: z.enum(['annotation', 'project', 'link', 'roadmapItem']), id: z.string(), label: z.string(), kept: z.enum(['local', 'imported']) }),
  ),
  /** Records that could not be merged, with the reason. */
  skipped: z.array(z.string()),
  /** Values of the file corrected on the way in (a modification date in the future, brought back to now). */
  corrected: z.array(z.string()),
  /**
   * The territory of the computer that exported, when it differs from this one's: an import
   * never changes the territory of the computer that imports.
   */
  territoryNotApplied: z.object({ imported: z.string(), local: z.string().nullable() }).nullable(),
  /** The backup written just before an import that replaced local versions (null when nothing was replaced). */
  backupBeforeImport: z.string().nullable(),
});
export type MergeReport = z.infer<typeof mergeReportSchema>;
