import { z } from 'zod';
import { ficheNumberSchema, scaleSchema, scales } from '../../shared/schemas';

const text = z.string().trim().min(1, 'Ce champ ne peut pas être vide.');
const httpsUrl = z
  .string()
  .url('Adresse web invalide.')
  .refine((url) => url.startsWith('https://'), 'L’adresse doit commencer par https://.');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'L’édition doit être une date au format AAAA-MM-JJ (par exemple 2026-11-25).');

/** content/<kit>/kit.yml */
export const kitFileSchema = z
  .object({
    title: text,
    scale: scaleSchema,
    year: z.number().int().min(1900).max(2100),
    edition: isoDate,
    publisher: text,
    source_url: httpsUrl,
    elections: text.optional(),
    published: text.optional(),
    original_count: z.number().int().min(1).optional(),
    original_count_approx: z.boolean().default(false),
    description: text,
    missing: z
      .array(z.object({ number: ficheNumberSchema, hint: text.optional() }).strict())
      .default([]),
  })
  .strict();
export type KitFile = z.infer<typeof kitFileSchema>;

/** Front matter of content/<kit>/NN-slug.md */
export const ficheFrontMatterSchema = z
  .object({
    numero: ficheNumberSchema,
    titre: text,
    resume: text,
    themes: z.array(text).min(1, 'Indiquez au moins un thème.'),
    competences: z.array(text).default([]),
    echelons: z.array(text).default([]),
    source: httpsUrl,
    complement: text.optional(),
  })
  .strict();
export type FicheFrontMatter = z.infer<typeof ficheFrontMatterSchema>;

/** content/vocabulaire.yml */
export const vocabularySchema = z
  .object({
    themes: z.array(text).min(1),
    echelons: z.array(text).min(1),
    competences: z.object(Object.fromEntries(scales.map((s) => [s, z.array(text)])) as Record<
      (typeof scales)[number],
      z.ZodArray<typeof text>
    >),
  })
  .strict();
export type Vocabulary = z.infer<typeof vocabularySchema>;

/** content/glossaire.yml */
export const glossaryFileSchema = z.array(
  z
    .object({
      terme: text,
      forme_longue: text.optional(),
      definition: text,
      variantes: z.array(text).default([]),
    })
    .strict(),
);
