import { foldWord, words } from './normalize';

/** One thing the person typed: a word, or several words that must follow each other. */
export interface Clause {
  /** Folded words (lower case, no accents); more than one for a phrase. */
  words: string[];
  /** The last word may be unfinished (the person is still typing it). */
  prefix: boolean;
  /** As typed (accents and case kept, without quotes), for messages about the query. */
  text: string;
}

/**
 * What a query means: every group must match (AND), any clause of a group is enough (OR),
 * and no excluded clause may match.
 */
export interface ParsedQuery {
  groups: Clause[][];
  excluded: Clause[];
}

/** Beyond these, text is ignored: nobody types more, and it bounds the work of one query. */
export const queryLimits = { characters: 1000, clauses: 16, wordLength: 64 } as const;

const orWords = new Set(['OU', 'OR']);

interface RawClause {
  text: string;
  quoted: boolean;
  negated: boolean;
  /** An OU/OR stands between this clause and the previous one. */
  orWithPrevious: boolean;
  /** Nothing follows it in the input: the person may still be typing this word. */
  atEnd: boolean;
}

/**
 * Reads any string as a query, never throwing: words are implicitly ANDed, "quoted text" is a
 * phrase, -word or -"phrase" excludes, OU/OR offers alternatives, and the last word typed
 * matches as a prefix. Everything else (FTS syntax, symbols, emoji) is just a separator.
 */
export function parseQuery(input: string): ParsedQuery {
  const text = input.slice(0, queryLimits.characters).replace(/[\p{Cc}\p{Cf}]/gu, ' ');
  const raw = scan(text);
  const groups: Clause[][] = [];
  const excluded: Clause[] = [];
  let count = 0;
  for (const item of raw) {
    if (count >= queryLimits.clauses) break;
    const folded = words(item.text)
      .map((w) => foldWord(w).slice(0, queryLimits.wordLength))
      .filter((w) => w.length > 0);
    if (folded.length === 0) continue;
    const lastWord = folded[folded.length - 1] ?? '';
    const clause: Clause = {
      words: folded,
      prefix: item.atEnd && !item.quoted && !item.negated && lastWord.length >= 2,
      text: item.text.trim().replace(/\s+/g, ' '),
    };
    count += 1;
    if (item.negated) {
      excluded.push(clause);
    } else if (item.orWithPrevious && groups.length > 0) {
      groups[groups.length - 1]?.push(clause);
    } else {
      groups.push([clause]);
    }
  }
  return { groups, excluded };
}

function scan(text: string): RawClause[] {
  const clauses: RawClause[] = [];
  let pendingOr = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (/\s/u.test(char)) {
      i += 1;
      continue;
    }
    let negated = false;
    if (char === '-' && i + 1 < text.length && !/\s/u.test(text[i + 1] ?? '')) {
      negated = true;
      i += 1;
    }
    let body: string;
    let quoted = false;
    let closed = true;
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      closed = end >= 0;
      body = text.slice(i + 1, closed ? end : text.length);
      i = closed ? end + 1 : text.length;
      quoted = true;
    } else {
      let end = i;
      while (end < text.length && !/\s/u.test(text[end] ?? '') && text[end] !== '"') end += 1;
      body = text.slice(i, end);
      i = end;
    }
    if (!quoted && !negated && orWords.has(body)) {
      pendingOr = clauses.length > 0;
      continue;
    }
    clauses.push({
      text: body,
      quoted: quoted && closed,
      negated,
      orWithPrevious: pendingOr,
      atEnd: i >= text.length,
    });
    pendingOr = false;
  }
  return clauses;
}

/** True when the query asks for nothing (empty, only symbols, or only exclusions). */
export function isEmptyQuery(query: ParsedQuery): boolean {
  return query.groups.length === 0;
}
