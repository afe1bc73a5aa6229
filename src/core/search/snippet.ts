import type { TextSegment } from '../../shared/schemas';
import { matchRanges, type TextRange, type WordMatcher } from '../../shared/search/term-matcher';

/** Cuts `text` into plain and marked segments at the given ranges. */
export function segmentText(text: string, ranges: readonly TextRange[]): TextSegment[] {
  const segments: TextSegment[] = [];
  let cursor = 0;
  for (const range of ranges) {
    if (range.start > cursor) segments.push({ text: text.slice(cursor, range.start), mark: false });
    segments.push({ text: text.slice(range.start, range.end), mark: true });
    cursor = range.end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), mark: false });
  return segments;
}

export function markText(text: string, matcher: WordMatcher): TextSegment[] {
  return segmentText(text, matchRanges(text, matcher));
}

/** Where the window of at most `width` characters holding the most distinct matched words starts (sliding window). */
function bestWindowStart(text: string, ranges: readonly TextRange[], width: number): number {
  const inWindow = new Map<string, number>();
  const wordAt = (range: TextRange): string => text.slice(range.start, range.end).toLowerCase();
  let best = { start: ranges[0]?.start ?? 0, distinct: 0 };
  let last = 0;
  for (const first of ranges) {
    while (last < ranges.length && ranges[last]!.end - first.start <= width) {
      const word = wordAt(ranges[last]!);
      inWindow.set(word, (inWindow.get(word) ?? 0) + 1);
      last += 1;
    }
    if (inWindow.size > best.distinct) best = { start: first.start, distinct: inWindow.size };
    const word = wordAt(first);
    const left = (inWindow.get(word) ?? 1) - 1;
    if (left === 0) inWindow.delete(word);
    else inWindow.set(word, left);
  }
  return best.start;
}

/**
 * A snippet is one line of text: line breaks become spaces, or a dash after a line that ends
 * without punctuation (a heading or a list item), so that « L’essentiel » does not run into
 * the sentence below it.
 */
function oneLine(segments: TextSegment[]): TextSegment[] {
  let previous = '';
  return segments.map((segment) => {
    const text = segment.text
      .replace(/\s*\n\s*/g, (_, offset: number, whole: string) => {
        const before = offset > 0 ? (whole[offset - 1] ?? '') : previous;
        return before === '' || /[.!?:;…»)]/.test(before) ? ' ' : ' — ';
      })
      .replace(/[^\S\n]+/g, ' ');
    previous = text.at(-1) ?? previous;
    return { ...segment, text };
  });
}

/**
 * The passage of `text` (about `width` characters) holding the most distinct matched words,
 * with the matches marked and ellipses where it was cut. Only that passage is reshaped: the
 * text can be a whole fiche, and a search builds a snippet for each of its hits.
 */
export function makeSnippet(text: string, matcher: WordMatcher, width = 220): TextSegment[] {
  const ranges = matchRanges(text, matcher);
  const firstChar = text.search(/\S/);
  if (firstChar < 0) return [];
  const lastChar = text.trimEnd().length;
  // Open the window a little before the best passage, at a word boundary.
  let from = Math.max(firstChar, bestWindowStart(text, ranges, width) - 60);
  if (from > firstChar) from = nextWordStart(text, from);
  let to = Math.min(lastChar, from + width);
  if (to < lastChar) {
    const space = text.slice(from, to).search(/\s\S*$/);
    if (space > 0) to = from + space;
  }
  const shifted = ranges
    .filter((r) => r.start >= from && r.end <= to)
    .map((r) => ({ start: r.start - from, end: r.end - from }));
  const segments = oneLine(segmentText(text.slice(from, to), shifted));
  if (from > firstChar) segments.unshift({ text: '… ', mark: false });
  if (to < lastChar) segments.push({ text: ' …', mark: false });
  return segments;
}

/** The start of the word after position `at` (or `at` itself when no space follows). */
function nextWordStart(text: string, at: number): number {
  const match = /\s+/g;
  match.lastIndex = at;
  const found = match.exec(text);
  return found ? found.index + found[0].length : at;
}
