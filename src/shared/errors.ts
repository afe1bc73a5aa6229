/** Error codes every transport carries unchanged from core to the UI. */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_method'
  | 'not_found'
  | 'invalid_content'
  | 'database_too_new'
  | 'database_unreadable'
  | 'unsupported'
  | 'internal';

/** An expected failure with a French message meant for the person using the app. */
export class KbError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'KbError';
  }
}

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details: string[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof KbError) {
    return { code: error.code, message: error.message, details: error.details };
  }
  return {
    code: 'internal',
    message: 'Une erreur inattendue est survenue. Vos données n’ont pas été modifiées.',
    details: [],
  };
}
