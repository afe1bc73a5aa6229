import { z } from 'zod';
import {
  annotationColorSchema,
  annotationIdSchema,
  annotationStatuses,
  datesInOrder,
  dateOrderMessage,
  ficheNumberSchema,
  kitSlugSchema,
  linkReasonSchema,
  noteSchema,
  projectFields,
  selectorSchema,
  tagsSchema,
  territoryCodeSchema,
  territoryNameSchema,
  territoryScaleSchema,
  timestampSchema,
} from '../../shared/schemas';
import { roadmapItemTransferSchema } from '../../shared/roadmap-schemas';

/** Name and version of the export format; a newer version is refused rather than half read. */
export const exportFormat = 'kits-ess-donnees';
export const exportVersion = 1;
/** Larger files are refused before being parsed. */
export const maxExportBytes = 50 * 1024 * 1024;

// A colleague's file is checked with the API's own rules: what the app would refuse from a
// form, it refuses from a file.
const projectIdSchema = z.uuid('Identifiant de projet invalide.');

export const exportedAnnotationSchema = z
  .object({
    id: annotationIdSchema,
    kit: kitSlugSchema,
    number: ficheNumberSchema,
    color: annotationColorSchema.nullable(),
    note: noteSchema,
    tags: tagsSchema,
    selector: selectorSchema.nullable(),
    /** Recomputed on import against this computer's fiches. */
    status: z.enum(annotationStatuses),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    /** Who wrote it; absent from files of earlier versions. */
    authorName: z.string().max(200).default(''),
    authorLogin: z.string().max(200).default(''),
    /** A private note stays private on the colleague's computer: it never reaches a team from there. */
    isPrivate: z.boolean().default(false),
  })
  .strict();

export const exportedProjectSchema = z
  .object({
    id: projectIdSchema,
    ...projectFields,
    archived: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .strict()
  .refine(datesInOrder, dateOrderMessage);

export const exportedLinkSchema = z
  .object({
    id: z.uuid('Identifiant de lien invalide.'),
    projectId: projectIdSchema,
    kit: kitSlugSchema,
    number: ficheNumberSchema,
    annotationId: annotationIdSchema.nullable(),
    reason: linkReasonSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .strict();

/** The territory of the computer that exported: shown in the report, never applied here. */
export const exportedTerritorySchema = z
  .object({ scale: territoryScaleSchema, code: territoryCodeSchema, name: territoryNameSchema, updatedAt: timestampSchema })
  .strict();

export const userDataSchema = z
  .object({
    format: z.literal(exportFormat),
    version: z.literal(exportVersion),
    exportedAt: timestampSchema,
    appVersion: z.string(),
    territory: exportedTerritorySchema.nullable(),
    annotations: z.array(exportedAnnotationSchema),
    projects: z.array(exportedProjectSchema),
    links: z.array(exportedLinkSchema),
    /** Absent from files written before the roadmap existed. */
    roadmapItems: z.array(roadmapItemTransferSchema).default([]),
  })
  .strict();
export type UserData = z.infer<typeof userDataSchema>;
export type ExportedAnnotation = z.infer<typeof exportedAnnotationSchema>;
export type ExportedProject = z.infer<typeof exportedProjectSchema>;
export type ExportedLink = z.infer<typeof exportedLinkSchema>;
