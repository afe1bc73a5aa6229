/**
 * Characters that must never be stored: NUL (cut by C tools, SQLite's FTS and exports) and lone
 * UTF-16 surrogates (half a character, which no encoder can write back as UTF-8).
 */
const unsafeCharacter = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unsafeCharacters = new RegExp(unsafeCharacter.source, 'g');

/** The refusal the API and imports give for such text. */
export const unsafeTextMessage = 'Le texte contient un caractère invalide (caractère nul ou caractère incomplet) : retapez ce passage.';

export function isCleanText(text: string): boolean {
  return !unsafeCharacter.test(text);
}

/** For files read as a whole (content packs): NUL removed, a lone surrogate shown as � (U+FFFD). */
export function replaceUnsafeCharacters(text: string): string {
  return text.replace(unsafeCharacters, (c) => (c === '\u0000' ? '' : '\uFFFD'));
}
