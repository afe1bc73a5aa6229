import { describe, expect, it } from 'vitest';
import { foldWord, stemText, stemWord, words } from './normalize';

describe('foldWord', () => {
  it('makes « Œuvre », « oeuvre » and « OEUVRE » one word, without accents', () => {
    expect(new Set(['Œuvre', 'oeuvre', 'OEUVRE', 'œuvre'].map(foldWord))).toEqual(new Set(['oeuvre']));
    expect(foldWord('Économie')).toBe('economie');
    expect(foldWord('Collectivités')).toBe('collectivites');
  });
});

describe('stemText', () => {
  it('gives singular and plural, masculine and feminine the same stem', () => {
    expect(stemText('coopératives')).toBe(stemText('Coopérative'));
    expect(stemText('collectivités')).toBe(stemText('collectivite'));
    expect(stemText('départements')).toBe(stemText('département'));
    expect(stemText('départements')).not.toBe(stemText('départ'));
  });

  it('keeps every word at its position, so stemmed phrases match the same places', () => {
    const text = 'L’économie sociale, « mise en œuvre » par 12 collectivités !';
    const stemmed = words(stemText(text));
    expect(stemmed).toEqual(words(text).map((word) => stemWord(foldWord(word))));
    expect(stemmed).toHaveLength(9);
  });

  it('returns the same stems whether a word is met for the first time or again', () => {
    const text = 'Les fonds européens financent les projets européens des coopératives.';
    expect(stemText(text)).toBe(stemText(text));
    expect(stemText(`${text} ${text}`)).toBe(`${stemText(text)} ${stemText(text)}`);
  });
});
