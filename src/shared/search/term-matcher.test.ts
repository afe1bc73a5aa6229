import { describe, expect, it } from 'vitest';
import { parseQuery } from './query-parser';
import { createWordMatcher, matchRanges } from './term-matcher';

/** The passages of `text` marked for a finished query (as the fiche reader and the snippets mark them). */
function marked(query: string, text: string): string[] {
  return matchRanges(text, createWordMatcher(parseQuery(`${query} `))).map((range) => text.slice(range.start, range.end));
}

const text =
  'Les Clauses sociales d’insertion. Une clause sociale suffit parfois. Les services sociaux et la commande ' +
  'sociale comptent aussi ; des clauses environnementales, enfin.';

describe('matchRanges', () => {
  it('marks an exact phrase only where its words follow each other, never its words alone', () => {
    expect(marked('"clauses sociales"', text)).toEqual(['Clauses sociales', 'clause sociale']);
  });

  it('marks each word of a query without quotes, in any form', () => {
    expect(marked('clauses sociales', text)).toEqual(['Clauses', 'sociales', 'clause', 'sociale', 'sociaux', 'sociale', 'clauses']);
  });

  it('reads a phrase across punctuation but not across paragraphs', () => {
    expect(marked('"commande publique"', 'La commande, publique ou non.')).toEqual(['commande, publique']);
    expect(marked('"commande publique"', 'Une commande\n\nPublique et privée')).toEqual([]);
  });

  it('marks a phrase whole when one of its words is also searched alone, and both kinds together', () => {
    expect(marked('clauses "clauses sociales"', text)).toEqual(['Clauses sociales', 'clause sociale', 'clauses']);
    expect(marked('"clauses sociales" services', text)).toEqual(['Clauses sociales', 'clause sociale', 'services']);
  });

  it('matches the last word of a phrase being typed as a prefix', () => {
    const matcher = createWordMatcher(parseQuery('"commande pub'));
    const sample = 'la commande publique, la commande privée';
    expect(matchRanges(sample, matcher).map((r) => sample.slice(r.start, r.end))).toEqual(['commande publique']);
  });
});
