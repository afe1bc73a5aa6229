/**
 * A long passage shown in full would push the note field down (and, scrolling, take the focus):
 * past `max` characters, its beginning and its end are shown around « […] », as quotes are cut in French.
 */
export function quoteExcerpt(text: string, max = 320): string {
  if (text.length <= max) return text;
  const head = text.slice(0, Math.round(max * 0.7)).trimEnd();
  const tail = text.slice(text.length - Math.round(max * 0.25)).trimStart();
  return `${head} […] ${tail}`;
}
