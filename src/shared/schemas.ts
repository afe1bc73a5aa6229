import { z } from 'zod';
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
/** Later sources (annotations, projects) add their own hit types to this union. */
export const searchHitSchema = z.discriminatedUnion('type', [ficheHitSchema]);
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
