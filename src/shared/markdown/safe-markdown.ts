/**
 * Text written by a person (a note, a title, a reason), made safe to put in a Markdown file
 * that will be opened in other Markdown tools: raw HTML shows as text, and links cannot run
 * script (`javascript:`, `vbscript:`) or carry a document (`data:`). Markdown itself is kept:
 * a note's emphasis, lists and https links read as written.
 */
export function safeMarkdown(text: string): string {
  return (
    text
      // An entity could spell a tag or a scheme in disguise (&#106;avascript:): shown as typed.
      .replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;')
      // A tag, comment or autolink (<script>, </a>, <!-- -->, <javascript:…>) shows as text.
      .replace(/<(?=[a-z/!?])/gi, '&lt;')
      // Inline links and images [texte](adresse), and reference definitions [x]: adresse.
      .replace(/(\]\(\s*)([^)\n]*)/g, (whole, opening: string, target: string) => (isUnsafeTarget(target) ? `${opening}#${target}` : whole))
      .replace(/^( {0,3}\[[^\]\n]+\]:[ \t]*)(\S.*)$/gm, (whole, opening: string, target: string) =>
        isUnsafeTarget(target) ? `${opening}#${target}` : whole,
      )
  );
}

/** Browsers ignore blanks and control characters inside a scheme (« java\tscript: »). */
function isUnsafeTarget(target: string): boolean {
  const compact = target.replace(/[\s\p{Cc}]+/gu, '').replace(/^(?:<|&lt;)/, '').toLowerCase();
  return /^(?:javascript|vbscript|data):/.test(compact);
}
