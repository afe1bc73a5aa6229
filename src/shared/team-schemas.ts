import { z } from 'zod';
import {
  documentIdSchema,
  documentPageTargetSchema,
  ficheAnnotationFieldsSchema,
  ficheNumberSchema,
  createLinkSchema,
  createProjectSchema,
  kitSlugSchema,
  territoryOptionSchema,
} from './schemas';
import { roadmapItemTransferSchema } from './roadmap-schemas';
import { documentFileNameSchema, documentFormatSchema, documentPageNumberSchema, metadataText } from './document-schemas';
import { maxTeamDocumentBytes } from './limits';

/**
 * The team workspace in the API: connection, status, conflicts, ignored documents, and the
 * documents of a team database. Pulled documents are validated with the API's own input
 * schemas (an annotation from a teammate passes the checks an annotation made here passes).
 */
const timestamp = z.iso.datetime({ offset: true, message: 'Horodatage invalide.' });
const author = { authorLogin: z.string().max(200), authorName: z.string().max(200) };
const record = { id: z.uuid(), createdAt: timestamp, updatedAt: timestamp, ...author };

export const teamDocumentSchemas = {
  // A private note never travels: the flag is no field of a team document. Its target is a fiche,
  // or a page of a library document shared with the team (kit and number null then).
  annotation: ficheAnnotationFieldsSchema
    .omit({ isPrivate: true })
    .extend({ ...record, kit: kitSlugSchema.nullable(), number: ficheNumberSchema.nullable(), document: documentPageTargetSchema.nullable().default(null) })
    .refine((a) => (a.document === null) === (a.kit !== null && a.number !== null) && (a.kit === null) === (a.number === null), {
      message: 'Une annotation porte soit sur une fiche (kit et numéro), soit sur une page de document.',
    }),
  /** A library document shared with the team: its metadata; the original is the attachment of `document_file:<id>`. */
  document: z
    .object({
      id: documentIdSchema,
      fileName: documentFileNameSchema,
      format: documentFormatSchema,
      title: metadataText('Le titre').min(1, 'Donnez un titre au document.'),
      author: metadataText('L’auteur'),
      date: metadataText('La date'),
      pageCount: documentPageNumberSchema,
      size: z.number().int().min(1).max(maxTeamDocumentBytes, 'Document plus lourd que ce que l’équipe accepte.'),
      sharedAt: timestamp,
      ...author,
    })
    .strict(),
  project: createProjectSchema.safeExtend({ ...record, archived: z.boolean() }),
  // Links to library documents stay on the computer that made them (migration 009): a team link names a fiche.
  project_link: createLinkSchema
    .safeExtend({ id: z.uuid(), createdAt: timestamp, updatedAt: timestamp })
    .refine((l) => l.document === undefined, { message: 'Un lien d’équipe porte sur une fiche : un lien vers un document de la bibliothèque reste sur le poste qui l’a fait.' }),
  territory: territoryOptionSchema
    .omit({ detail: true })
    .safeExtend({ code: z.string().regex(/^[0-9AB]{2,9}$/, 'Code INSEE ou SIREN invalide.'), updatedAt: timestamp })
    .strict(),
  /** Checked as the exchange file checks it: the roadmap's own rules, its projects inside. */
  roadmap_item: roadmapItemTransferSchema,
};
export const teamDocumentKinds = ['annotation', 'project', 'project_link', 'territory', 'roadmap_item', 'document'] as const;
export type TeamDocumentKind = (typeof teamDocumentKinds)[number];

export type TeamAnnotation = z.output<typeof teamDocumentSchemas.annotation>;
export type TeamProject = z.output<typeof teamDocumentSchemas.project>;
export type TeamLink = z.output<typeof teamDocumentSchemas.project_link>;
export type TeamTerritory = z.output<typeof teamDocumentSchemas.territory>;
export type TeamRoadmapItem = z.output<typeof teamDocumentSchemas.roadmap_item>;
export type TeamLibraryDocument = z.output<typeof teamDocumentSchemas.document>;

/** CouchDB's rule for database names (lowercase letter first). */
export const teamDatabasePattern = /^[a-z][a-z0-9_$()+/-]{0,237}$/;

export const teamStates = ['non-connecte', 'mot-de-passe-requis', 'en-cours', 'a-jour', 'hors-ligne', 'serveur-injoignable', 'identifiants-refuses'] as const;

export const teamConnectionSchema = z.object({
  server: z.string(),
  database: z.string(),
  login: z.string(),
  displayName: z.string(),
});
export type TeamConnection = z.infer<typeof teamConnectionSchema>;

export const syncRoundSchema = z.object({
  /** Documents sent to the server. */
  sent: z.number().int(),
  /** Teammates' changes applied to this base. */
  received: z.number().int(),
  /** Documents in conflict after the round. */
  conflicts: z.number().int(),
});
export type SyncRound = z.infer<typeof syncRoundSchema>;

export const teamStatusSchema = z.object({
  state: z.enum(teamStates),
  /** What is happening and what to do, in plain French. */
  message: z.string(),
  connection: teamConnectionSchema.nullable(),
  /** End of the last successful round (ISO 8601). */
  lastSyncAt: z.string().nullable(),
  /** Local changes not yet sent. */
  pending: z.number().int(),
  conflicts: z.number().int(),
  ignored: z.number().int(),
  lastRound: syncRoundSchema.nullable(),
  /** Teammates' changes applied since the app started: pages showing annotations or projects reload when it grows. */
  changesReceived: z.number().int(),
});
export type TeamStatus = z.infer<typeof teamStatusSchema>;

export const connectTeamSchema = z
  .object({
    server: z.string().trim().min(1, 'Indiquez l’adresse du serveur d’équipe.').max(2000),
    database: z.string().trim().regex(teamDatabasePattern, 'Nom d’équipe invalide : lettres minuscules, chiffres, tirets et soulignés, en commençant par une lettre.'),
    login: z.string().trim().min(1, 'Indiquez votre identifiant.').max(200),
    password: z.string().min(1, 'Indiquez votre mot de passe.').max(1000),
    /** The name teammates see (« par Claire Martin »); the login when empty. */
    displayName: z.string().trim().max(200).default(''),
  })
  .strict();
export type ConnectTeamInput = z.input<typeof connectTeamSchema>;

const versionBody = z.union([
  z.object({ kind: z.literal('annotation'), annotation: teamDocumentSchemas.annotation }),
  z.object({ kind: z.literal('project'), project: teamDocumentSchemas.project }),
  z.object({ kind: z.literal('project_link'), link: teamDocumentSchemas.project_link }),
  z.object({ kind: z.literal('territory'), territory: teamDocumentSchemas.territory }),
  z.object({ kind: z.literal('roadmap_item'), item: teamDocumentSchemas.roadmap_item }),
  z.object({ kind: z.literal('document'), document: teamDocumentSchemas.document }),
]);

export const teamConflictVersionSchema = z.object({
  rev: z.string(),
  /** The version CouchDB shows everywhere until the conflict is resolved (not necessarily the latest edit). */
  winner: z.boolean(),
  deleted: z.boolean(),
  /** The version's content; null when deleted or unreadable. */
  content: versionBody.nullable(),
});

export const teamConflictSchema = z.object({
  docId: z.string(),
  kind: z.enum(teamDocumentKinds),
  /** A short text naming the record (passage or note, project title…). */
  label: z.string(),
  detectedAt: z.string(),
  versions: z.array(teamConflictVersionSchema),
});
export type TeamConflict = z.infer<typeof teamConflictSchema>;

export const resolveTeamConflictSchema = z
  .object({
    docId: z.string().max(300),
    /** The version kept (its rev), or the one merged into. */
    keep: z.string().max(200),
    /** A merged version: the kept version's fields edited by the person (same fields as `content`). */
    merged: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const ignoredTeamDocumentSchema = z.object({
  docId: z.string(),
  rev: z.string(),
  reason: z.string(),
  receivedAt: z.string(),
});

/** A library document shared with the team, as this computer knows it (held here or not). */
export const teamSharedDocumentSchema = teamDocumentSchemas.document.safeExtend({
  /** The original is in this computer's library. */
  inLibrary: z.boolean(),
  /** Why the copy received from the team was set aside (« Documents ignorés »), or null. */
  setAsideReason: z.string().nullable(),
  /** Why the original shared here has not reached the team server yet (tried again at each round), or null. */
  sendFailure: z.string().nullable(),
});
export type TeamSharedDocument = z.infer<typeof teamSharedDocumentSchema>;
