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
