import { z } from 'zod';
import {
  annotationColorSchema,
  annotationStatuses,
  ficheNumberSchema,
  kitSlugSchema,
  projectStatusSchema,
  selectorSchema,
  territoryScaleSchema,
} from '../../shared/schemas';

/** Name and version of the export format; a newer version is refused rather than half read. */
export const exportFormat = 'kits-ess-donnees';
export const exportVersion = 1;
/** Larger files are refused before being parsed. */
export const maxExportBytes = 50 * 1024 * 1024;

const timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'Horodatage invalide.');

export const exportedAnnotationSchema = z
  .object({
    id: z.uuid(),
    kit: kitSlugSchema,
    number: ficheNumberSchema,
    color: annotationColorSchema.nullable(),
    note: z.string().max(100_000),
    tags: z.array(z.string().max(60)).max(30),
    selector: selectorSchema.nullable(),
    status: z.enum(annotationStatuses),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .strict();

export const exportedProjectSchema = z
  .object({
    id: z.uuid(),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(100_000),
    status: projectStatusSchema,
    themes: z.array(z.string()).max(20),
    competences: z.array(z.string()).max(20),
    partners: z.array(z.string().max(200)).max(50),
    lead: z.string().max(200),
    budget: z.number().int().min(0).nullable(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    archived: z.boolean(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .strict();

export const exportedLinkSchema = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    kit: kitSlugSchema,
    number: ficheNumberSchema,
    annotationId: z.uuid().nullable(),
    reason: z.string().trim().min(1).max(200),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .strict();

export const exportedTerritorySchema = z
  .object({ scale: territoryScaleSchema, code: z.string().max(9), name: z.string().max(200), updatedAt: timestamp })
  .strict();

export const userDataSchema = z
  .object({
    format: z.literal(exportFormat),
    version: z.literal(exportVersion),
    exportedAt: timestamp,
    appVersion: z.string(),
    territory: exportedTerritorySchema.nullable(),
    annotations: z.array(exportedAnnotationSchema),
    projects: z.array(exportedProjectSchema),
    links: z.array(exportedLinkSchema),
  })
  .strict();
export type UserData = z.infer<typeof userDataSchema>;
export type ExportedAnnotation = z.infer<typeof exportedAnnotationSchema>;
export type ExportedProject = z.infer<typeof exportedProjectSchema>;
export type ExportedLink = z.infer<typeof exportedLinkSchema>;
