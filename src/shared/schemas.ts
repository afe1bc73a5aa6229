import { z } from 'zod';
import { maxNoteLength, quoteContextLength } from './limits';
import { scales } from './scales';

export { scaleLabels, scales, type Scale } from './scales';

z.config(z.locales.fr());

export const scaleSchema = z.enum(scales);

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
  /** The plain text annotations point into (see markdownToPlainText). */
  bodyText: z.string(),
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
    scale: filterList(z.enum(scales)),
    competence: filterList(z.string().max(200)),
  })
  .strict();
export type SearchFilters = z.infer<typeof searchFiltersSchema>;
export const facetNames = ['kit', 'scale', 'theme', 'competence'] as const;
export type FacetName = (typeof facetNames)[number];

export const searchRequestSchema = z
  .object({
    // Any text is accepted and read as a query; only the first characters are used.
    query: z.string().max(100_000, 'La recherche est trop longue.'),
    filters: searchFiltersSchema.default({ kit: [], theme: [], scale: [], competence: [] }),
    limit: z.number().int().min(1).max(100).default(20),
    offset: z.number().int().min(0).max(10_000).default(0),
    facets: z.boolean().default(true),
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
/** Each source (fiches, annotations; projects later) adds its own hit type to this union. */
export const searchHitSchema = z.discriminatedUnion('type', [ficheHitSchema, annotationHitSchema]);
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

export const annotationColors = ['jaune', 'vert', 'bleu', 'rose', 'violet'] as const;
export const annotationColorSchema = z.enum(annotationColors);
export type AnnotationColor = z.infer<typeof annotationColorSchema>;

export { maxNoteLength, quoteContextLength } from './limits';

/** Where an annotation points in a fiche's plain text: a quote with its context, and a position. */
export const selectorSchema = z
  .object({
    exact: z.string().min(1, 'Le passage sélectionné est vide.').max(20_000, 'Le passage sélectionné est trop long.'),
    prefix: z.string().max(quoteContextLength * 4),
    suffix: z.string().max(quoteContextLength * 4),
    start: z.number().int().min(0),
    end: z.number().int().min(1),
  })
  .strict()
  .refine((s) => s.end > s.start, { message: 'La fin du passage doit suivre son début.', path: ['end'] });
export type Selector = z.infer<typeof selectorSchema>;

const uuidSchema = z.uuid('Identifiant d’annotation invalide.');
const tagSchema = z
  .string()
  .trim()
  .min(1, 'Une étiquette ne peut pas être vide.')
  .max(60, 'Une étiquette fait au plus 60 caractères.')
  .refine((tag) => !/[\p{Cc},]/u.test(tag), 'Une étiquette ne contient ni virgule ni caractère de contrôle.');
const noteSchema = z.string().max(maxNoteLength, `Une note fait au plus ${maxNoteLength.toLocaleString('fr-FR')} caractères.`);
const tagsSchema = z.array(tagSchema).max(30, 'Au plus 30 étiquettes par annotation.');

export const annotationStatuses = ['anchored', 'orphan', 'fiche'] as const;

export const annotationSchema = z.object({
  id: uuidSchema,
  kit: kitSlugSchema,
  number: ficheNumberSchema,
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
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Annotation = z.infer<typeof annotationSchema>;

export const createAnnotationSchema = z
  .object({
    kit: kitSlugSchema,
    number: ficheNumberSchema,
    selector: selectorSchema.nullable(),
    color: annotationColorSchema.nullable().default(null),
    note: noteSchema.default(''),
    tags: tagsSchema.default([]),
  })
  .strict();

export const updateAnnotationSchema = z
  .object({
    id: uuidSchema,
    note: noteSchema.optional(),
    tags: tagsSchema.optional(),
    color: annotationColorSchema.nullable().optional(),
    /** A new passage: re-attaches an orphan, or moves a highlight. */
    selector: selectorSchema.optional(),
  })
  .strict();

export const annotationFiltersSchema = z
  .object({
    kit: kitSlugSchema.optional(),
    number: ficheNumberSchema.optional(),
    tag: tagSchema.optional(),
    color: annotationColorSchema.optional(),
    sort: z.enum(['date', 'reading']).default('reading'),
  })
  .strict();
export type AnnotationFilters = z.input<typeof annotationFiltersSchema>;

export const tagCountSchema = z.object({ tag: z.string(), count: z.number().int() });

export const annotationExportSchema = z.object({ fileName: z.string(), markdown: z.string() });
