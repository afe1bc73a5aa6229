import search from 'approx-string-match';
import { quoteContextLength, type Selector } from '../../shared/schemas';

export interface Anchor {
  start: number;
  end: number;
}

// Relative weight of each clue when several places could hold the passage (as Hypothesis does).
const weights = { quote: 50, prefix: 20, suffix: 20, position: 2 } as const;
const maxScore = weights.quote + weights.prefix + weights.suffix + weights.position;
/** Below this share of the best possible score, an approximate match is not trusted. */
const minApproximateScore = 0.6;

/** The prefix and suffix of a passage, as stored with its quote. */
export function quoteContext(text: string, start: number, end: number): { prefix: string; suffix: string } {
  return {
    prefix: text.slice(Math.max(0, start - quoteContextLength), start),
    suffix: text.slice(end, end + quoteContextLength),
  };
}

/** 1 when `pattern` occurs unchanged in `region`, down to 0 as edits are needed. */
function similarity(region: string, pattern: string): number {
  if (pattern.length === 0) return 1;
  const best = search(region, pattern, pattern.length).reduce((min, m) => Math.min(min, m.errors), pattern.length);
  return 1 - best / pattern.length;
}

function score(text: string, selector: Selector, start: number, end: number, quoteErrors: number): number {
  const quote = 1 - quoteErrors / selector.exact.length;
  const slack = 8;
  const before = text.slice(Math.max(0, start - selector.prefix.length - slack), start);
  const after = text.slice(end, end + selector.suffix.length + slack);
  const distance = Math.abs(start - selector.start) / Math.max(text.length, 1);
  return (
    weights.quote * quote +
    weights.prefix * similarity(before, selector.prefix) +
    weights.suffix * similarity(after, selector.suffix) +
    weights.position * (1 - Math.min(distance, 1))
  );
}

/**
 * Finds a stored passage in a (possibly changed) text: the exact quote where its context and
 * position fit best, else the closest approximate match, else null (the annotation is orphaned).
 */
export function anchorSelector(text: string, selector: Selector): Anchor | null {
  const { exact } = selector;
  if (text.slice(selector.start, selector.end) === exact) {
    const here = quoteContext(text, selector.start, selector.end);
    if (here.prefix === selector.prefix && here.suffix === selector.suffix) return { start: selector.start, end: selector.end };
  }

  let best: { anchor: Anchor; score: number } | null = null;
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) {
    const candidate = score(text, selector, at, at + exact.length, 0);
    if (!best || candidate > best.score) best = { anchor: { start: at, end: at + exact.length }, score: candidate };
  }
  if (best) return best.anchor;

  const maxErrors = Math.min(Math.floor(exact.length / 4), 256);
  if (maxErrors === 0) return null;
  for (const match of search(text, exact, maxErrors)) {
    const candidate = score(text, selector, match.start, match.end, match.errors);
    if (!best || candidate > best.score) best = { anchor: { start: match.start, end: match.end }, score: candidate };
  }
  return best && best.score / maxScore >= minApproximateScore ? best.anchor : null;
}
