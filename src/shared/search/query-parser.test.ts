import { describe, expect, it } from 'vitest';
import { parseQuery } from './query-parser';

describe('parseQuery', () => {
  it('folds words and ANDs them, the last one as a prefix while typing', () => {
    expect(parseQuery('Économie Collectivités')).toEqual({
      groups: [[{ words: ['economie'], prefix: false, text: 'Économie' }], [{ words: ['collectivites'], prefix: true, text: 'Collectivités' }]],
      excluded: [],
    });
    expect(parseQuery('économie ').groups[0]).toEqual([{ words: ['economie'], prefix: false, text: 'économie' }]);
  });

  it('reads phrases, exclusions and alternatives', () => {
    expect(parseQuery('"commande publique" -RSA insertion OU emploi')).toEqual({
      groups: [
        [{ words: ['commande', 'publique'], prefix: false, text: 'commande publique' }],
        [
          { words: ['insertion'], prefix: false, text: 'insertion' },
          { words: ['emploi'], prefix: true, text: 'emploi' },
        ],
      ],
      excluded: [{ words: ['rsa'], prefix: false, text: 'RSA' }],
    });
    expect(parseQuery('SCIC OR SCOP').groups).toHaveLength(1);
    expect(parseQuery('oeuvre œuvre').groups.map((g) => g[0]?.words)).toEqual([['oeuvre'], ['oeuvre']]);
  });

  it('turns words joined by punctuation into phrases and ignores FTS syntax', () => {
    expect(parseQuery("tiers-lieux l'économie").groups.map((g) => g[0]?.words)).toEqual([
      ['tiers', 'lieux'],
      ['l', 'economie'],
    ]);
    expect(parseQuery('NEAR(a b) AND title:x ^y * " :').groups.flat().map((c) => c.words.join(' '))).toEqual([
      'near a',
      'b',
      'and',
      'title x',
      'y',
    ]);
  });

  it('never returns a clause without words, and bounds the work', () => {
    expect(parseQuery('')).toEqual({ groups: [], excluded: [] });
    expect(parseQuery('🙂 *** ((( -- "" OU')).toEqual({ groups: [], excluded: [] });
    expect(parseQuery('mot '.repeat(5000)).groups).toHaveLength(16);
    expect(parseQuery('a'.repeat(500)).groups[0]?.[0]?.words[0]).toHaveLength(64);
    expect(parseQuery('x\u0000y\u200bz').groups.map((g) => g[0]?.words[0])).toEqual(['x', 'y', 'z']);
  });
});
