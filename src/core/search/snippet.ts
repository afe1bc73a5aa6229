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

/**
 * The passage of `text` (about `width` characters) holding the most distinct matched words,
 * with the matches marked and ellipses where it was cut.
 */
export function makeSnippet(text: string, matcher: WordMatcher, width = 220): TextSegment[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const ranges = matchRanges(flat, matcher);
  if (flat.length <= width) return segmentText(flat, ranges);
  let bestStart = 0;
  let bestScore = -1;
  for (let i = 0; i < ranges.length; i += 1) {
    const start = ranges[i]?.start ?? 0;
    const inWindow = new Set<string>();
    for (let j = i; j < ranges.length && (ranges[j]?.end ?? 0) - start <= width; j += 1) {
      const r = ranges[j];
      if (r) inWindow.add(flat.slice(r.start, r.end).toLowerCase());
    }
    if (inWindow.size > bestScore) {
      bestScore = inWindow.size;
      bestStart = start;
    }
  }
  // Open the window a little before the first match, at a word boundary.
  let from = Math.max(0, bestStart - 60);
  if (from > 0) from = flat.indexOf(' ', from) + 1 || from;
  let to = Math.min(flat.length, from + width);
  if (to < flat.length) to = flat.lastIndexOf(' ', to) > from ? flat.lastIndexOf(' ', to) : to;
  const window = flat.slice(from, to);
  const shifted = ranges
    .filter((r) => r.start >= from && r.end <= to)
    .map((r) => ({ start: r.start - from, end: r.end - from }));
  const segments = segmentText(window, shifted);
  if (from > 0) segments.unshift({ text: '… ', mark: false });
  if (to < flat.length) segments.push({ text: ' …', mark: false });
  return segments;
}
