/** Limits shared by validation (zod, in core) and the renderer (which does not load zod). */

/** Notes are prose, not documents: this bounds what one annotation may hold. */
export const maxNoteLength = 100_000;

/** Characters of context kept on each side of a quote, as in the W3C TextQuoteSelector. */
export const quoteContextLength = 32;
