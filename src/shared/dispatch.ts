import type { z } from 'zod';
import { apiMethods, isMethodName, type ApiHandlers } from './api';
import { KbError, toErrorBody, type ApiResult } from './errors';

/** Formats zod issues as French lines naming the field, e.g. « kit : Identifiant de kit invalide ». */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return field ? `${field} : ${issue.message}` : issue.message;
  });
}

export type Dispatch = (method: unknown, input: unknown) => Promise<ApiResult<unknown>>;

/**
 * Builds the single entry point both transports call: unknown method and invalid input become
 * typed French errors; anything unexpected is logged and reported without its internals.
 */
export function createDispatch(handlers: ApiHandlers, logError: (error: unknown) => void): Dispatch {
  return async (method, input) => {
    try {
      if (!isMethodName(method)) {
        throw new KbError('unknown_method', 'Cette action n’existe pas dans Kits ESS.');
      }
      const parsed = apiMethods[method].input.safeParse(input ?? {});
      if (!parsed.success) {
        // One invalid value (the usual case from a form) is said in its own words, without
        // the field's code name; several are listed under a general message.
        const [only, ...others] = parsed.error.issues;
        if (only && others.length === 0) throw new KbError('invalid_input', only.message);
        throw new KbError('invalid_input', 'La demande contient des valeurs invalides.', describeIssues(parsed.error.issues));
      }
      const handler = handlers[method] as (value: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (!(error instanceof KbError)) logError(error);
      return { ok: false, error: toErrorBody(error) };
    }
  };
}
