/**
 * Why a file's text could not be read, as the extraction worker reports it: `password-required`
 * (an encrypted PDF: ask for the password, or it was wrong), `invalid` (refused) or `cancelled`. The message
 * is French, for the person.
 */
export class ExtractionError extends Error {
  constructor(
    readonly kind: 'password-required' | 'invalid' | 'cancelled',
    message: string,
  ) {
    super(message);
    this.name = 'ExtractionError';
  }
}
