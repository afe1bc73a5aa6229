import { z } from 'zod';
import {
  annotationExportSchema,
  annotationFiltersSchema,
  annotationSchema,
  appInfoSchema,
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
} from './schemas';

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
  exportAnnotations: {
    input: z.object({ kit: kitSlugSchema.optional(), number: ficheNumberSchema.optional() }).strict(),
    output: annotationExportSchema,
  },
} as const;

export type ApiMethods = typeof apiMethods;
export type MethodName = keyof ApiMethods;
export type MethodInput<M extends MethodName> = z.input<ApiMethods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<ApiMethods[M]['output']>;

type Handler<M extends MethodName, Result> = (input: z.output<ApiMethods[M]['input']>) => Result;

/** What the adapters accept: a handler may answer now or later (e.g. printing in Electron). */
export type ApiHandlers = { [M in MethodName]: Handler<M, MethodOutput<M> | Promise<MethodOutput<M>>> };

/** What core implements: better-sqlite3 answers synchronously. */
export type SyncApiHandlers = { [M in MethodName]: Handler<M, MethodOutput<M>> };

export const methodNames = Object.keys(apiMethods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(apiMethods, name);
}
