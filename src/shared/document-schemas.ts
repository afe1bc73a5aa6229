import { z } from 'zod';
import { cleanTextSchema, documentIdSchema, ficheNumberSchema, kitSlugSchema } from './schemas';
import { documentFormats, importJobStates, maxDocumentBytes } from './document-limits';

export { documentFormats, documentIdSchema, importJobStates, maxDocumentBytes };

/*
 * The library in the API: documents brought in by the person (official kit PDFs, délibérations,
 * studies…). A document is named by the SHA-256 of its original file: the same file imported
 * twice is one document, and annotations name it the same way on every computer.
 */

export const documentFormatSchema = z.enum(documentFormats);
export type DocumentFormat = z.infer<typeof documentFormatSchema>;

/** A page number, counted from 1 (a DOCX, Markdown, HTML or text document has one page). */
export const documentPageNumberSchema = z
  .number()
  .int('Le numéro de page doit être un nombre entier.')
  .min(1, 'Les pages se comptent à partir de 1.')
  .max(100_000, 'Numéro de page trop grand.');

/** A fiche of a kit, as a document proposes or records itself as its official version. */
export const ficheRefSchema = z.object({
  kit: kitSlugSchema,
  number: ficheNumberSchema,
  /** Null when the fiche is not (or no longer) in the base. */
  title: z.string().nullable(),
  kitTitle: z.string().nullable(),
});
export type FicheRef = z.infer<typeof ficheRefSchema>;

export const documentSummarySchema = z.object({
  id: documentIdSchema,
  /** The name of the file when it was imported (no folder). */
  fileName: z.string(),
  format: documentFormatSchema,
  title: z.string(),
  author: z.string(),
  /** The document's date as the person or the file states it (free text, e.g. « 2023 » or « 12 mars 2024 »). */
  date: z.string(),
  pageCount: z.number().int().min(0),
  /** Size of the original file, in bytes. */
  size: z.number().int().min(0),
  /** No text layer (a scanned PDF): kept and viewable, « document numérisé, sans texte », not searchable. */
  scanned: z.boolean(),
  /**
   * The original file is not in the data folder (a base restored from another computer, or from
   * a backup whose documents were removed by hand): its text stays searchable; importing the same
   * file again brings it back.
   */
  originalMissing: z.boolean(),
  /** The fiche this document is the official version of, once attached. */
  fiche: ficheRefSchema.nullable(),
  /** The fiche its file name or first page names, proposed until attached (null when none). */
  suggestedFiche: ficheRefSchema.nullable(),
  importedAt: z.string(),
  updatedAt: z.string(),
});
export type DocumentSummary = z.infer<typeof documentSummarySchema>;

export const documentSchema = documentSummarySchema.extend({
  /** How many annotations point into it (anchored or orphan). */
  annotationCount: z.number().int().min(0),
});
export type LibraryDocument = z.infer<typeof documentSchema>;

export const documentPageSchema = z.object({
  id: documentIdSchema,
  page: documentPageNumberSchema,
  pageCount: z.number().int().min(0),
  /** The page's extracted text: what searches and annotation selectors count characters in. */
  text: z.string(),
});
export type DocumentPage = z.infer<typeof documentPageSchema>;

/** The original file, for pdf.js in the renderer (base64, so that IPC and HTTP both carry it as JSON). */
export const documentFileSchema = z.object({
  id: documentIdSchema,
  fileName: z.string(),
  format: documentFormatSchema,
  mimeType: z.string(),
  base64: z.string(),
});
export type DocumentFile = z.infer<typeof documentFileSchema>;

/** A file name as given by a person or a file picker: no folder, one line. */
export const documentFileNameSchema = cleanTextSchema()
  .min(1, 'Le nom du fichier est vide.')
  .max(255, 'Le nom du fichier fait au plus 255 caractères.')
  .refine((name) => !/[/\\\p{Cc}]/u.test(name), 'Le nom du fichier ne contient ni dossier ni caractère de contrôle.');

/** An encrypted PDF's password, asked when the first attempt says so. */
const passwordSchema = z.string().max(1000, 'Mot de passe trop long.');

/** Base64 of at most maxDocumentBytes (the size is checked again on the decoded bytes). */
const base64Schema = z
  .string()
  .max(Math.ceil(maxDocumentBytes / 3) * 4 + 4, `Le fichier dépasse ${maxDocumentBytes / 1_000_000} Mo.`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Contenu de fichier invalide (base64 attendu).');

/**
 * Starts importing one file sent as bytes (file picker, drag and drop). Extraction runs in a
 * worker; poll getImportJob. A path is never accepted through the API: the web host must not
 * read files of this computer for a page; the command line and the desktop app's menu hand
 * paths to core directly (DocumentImports.start).
 */
export const importDocumentSchema = z
  .object({ fileName: documentFileNameSchema, base64: base64Schema, password: passwordSchema.optional() })
  .strict();
export type ImportDocumentInput = z.input<typeof importDocumentSchema>;

export const importJobIdSchema = z.uuid('Identifiant d’import invalide.');

export const importResultSchema = z.object({
  document: documentSummarySchema,
  /** The same file was already there: nothing was added (« déjà dans la bibliothèque »). */
  alreadyInLibrary: z.boolean(),
  /** What to tell the person, in French. */
  message: z.string(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const importJobStateSchema = z.enum(importJobStates);
export type ImportJobState = z.infer<typeof importJobStateSchema>;

/**
 * One import as the progress bar reads it. running: `pagesDone` of `pageCount` (null until
 * known); done: `result`; password-required: import again with a `password`; failed: `error`
 * (nothing was written); cancelled: nothing was written.
 */
export const importJobSchema = z.object({
  jobId: importJobIdSchema,
  fileName: z.string(),
  state: importJobStateSchema,
  pagesDone: z.number().int().min(0),
  pageCount: z.number().int().min(0).nullable(),
  result: importResultSchema.nullable(),
  /** French message for failed and password-required. */
  error: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

/** A title, author or date: one line of up to 500 characters (the team checks the same rule). */
export const metadataText = (label: string) =>
  cleanTextSchema()
    .trim()
    .max(500, `${label} : au plus 500 caractères.`)
    .refine((text) => !/[\p{Cc}\p{Zl}\p{Zp}]/u.test(text), `${label} tient sur une seule ligne.`);

export const updateDocumentMetadataSchema = z
  .object({
    id: documentIdSchema,
    title: metadataText('Le titre').min(1, 'Donnez un titre au document.').optional(),
    author: metadataText('L’auteur').optional(),
    date: metadataText('La date').optional(),
  })
  .strict();

export const attachDocumentToFicheSchema = z
  .object({
    id: documentIdSchema,
    /** Null detaches the document from its fiche. */
    fiche: z.object({ kit: kitSlugSchema, number: ficheNumberSchema }).strict().nullable(),
  })
  .strict();

export const removeDocumentResultSchema = z.object({
  id: documentIdSchema,
  /** Annotations on the document, kept as orphans (they say their document is gone). */
  orphanedAnnotations: z.number().int().min(0),
});
