import { describe, expect, it } from 'vitest';
import type { TextSegment } from '../../shared/schemas';
import { parseQuery } from '../../shared/search/query-parser';
import { createWordMatcher } from '../../shared/search/term-matcher';
import { makeSnippet } from './snippet';

const matcherFor = (query: string) => createWordMatcher(parseQuery(`${query} `));
const plain = (segments: TextSegment[]) => segments.map((s) => s.text).join('');
const marked = (segments: TextSegment[]) => segments.filter((s) => s.mark).map((s) => s.text);

describe('makeSnippet', () => {
  it('shows a short text whole, on one line, with the words marked whatever their accents', () => {
    const snippet = makeSnippet('  L’Économie  sociale\tet  solidaire.  ', matcherFor('economie solidaire'));
    expect(plain(snippet)).toBe('L’Économie sociale et solidaire.');
    expect(marked(snippet)).toEqual(['Économie', 'solidaire']);
  });

  it('picks the passage holding the most distinct words of the query, cut at word boundaries', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `mot${i}`).join(' ');
    const text = `${filler(40)} la coopérative seule ${filler(60)} une coopérative et son marché public ${filler(80)}`;
    const snippet = makeSnippet(text, matcherFor('cooperative public'), 120);
    expect(marked(snippet)).toEqual(['coopérative', 'public']);
    expect(snippet[0]).toEqual({ text: '… ', mark: false });
    expect(snippet.at(-1)).toEqual({ text: ' …', mark: false });
    const inner = plain(snippet.slice(1, -1));
    expect(inner.length).toBeLessThanOrEqual(120);
    expect(text).toContain(inner);
    expect(inner).toMatch(/^mot\d+ /);
  });

  it('separates a heading or a list item from what follows with a dash, a paragraph with a space', () => {
    const text = 'L’essentiel\n\nLa coopérative réunit ses membres.\n\nElle vend :\n\ndes légumes\ndes fruits';
    const snippet = makeSnippet(text, matcherFor('cooperative'));
    expect(plain(snippet)).toBe('L’essentiel — La coopérative réunit ses membres. Elle vend : des légumes — des fruits');
    expect(marked(snippet)).toEqual(['coopérative']);
  });

  it('starts at the beginning of the text when nothing matches', () => {
    const text = `Début du texte. ${'suite '.repeat(100)}`;
    const snippet = makeSnippet(text, matcherFor('introuvable'), 50);
    expect(plain(snippet).startsWith('Début du texte.')).toBe(true);
    expect(marked(snippet)).toEqual([]);
  });

  it('returns nothing for an empty or blank text', () => {
    expect(makeSnippet('', matcherFor('ess'))).toEqual([]);
    expect(makeSnippet(' \n ', matcherFor('ess'))).toEqual([]);
  });
});
