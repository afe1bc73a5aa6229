/** Limits shared by validation (zod, in core) and the renderer (which does not load zod). */

/** Notes are prose, not documents: this bounds what one annotation may hold. */
export const maxNoteLength = 100_000;

/** Characters of context kept on each side of a quote, as in the W3C TextQuoteSelector. */
export const quoteContextLength = 32;

/** The dates a project's calendar accepts (the form's date fields use them too). */
export const projectDayRange = { min: '1900-01-01', max: '2100-12-31' } as const;

/** How far ahead of this computer's clock a date from elsewhere may be (clocks differ a little). */
export const maxClockSkewMs = 5 * 60 * 1000;

/** The text sizes offered (A− / A+, Ctrl+= / Ctrl+−), in percent of the normal size. */
export const textSizes = [100, 125, 150, 175, 200] as const;
export type TextSize = (typeof textSizes)[number];

/**
 * The largest library document that can be shared with the team (25 Mo): it travels as a
 * CouchDB attachment, which every teammate's computer downloads whole when it fetches it.
 */
export const maxTeamDocumentBytes = 25 * 1024 * 1024;
