import { describe, expect, it } from 'vitest';
import { markdownToPlainText } from '../src/shared/markdown/plain-text';
import { words } from '../src/shared/search/normalize';
import { buildVocabulary, generateFiche, generatePacks, mulberry32 } from './corpus';
import { queries } from './queries';

describe('benchmark corpus', () => {
  it('is deterministic: the same seed gives the same corpus, another seed another one', () => {
    const pack = (seed: number) => [...generatePacks(150, { seed })];
    expect(pack(7)).toEqual(pack(7));
    expect(JSON.stringify(pack(8))).not.toEqual(JSON.stringify(pack(7)));
    expect(generateFiche(1234, 7)).toEqual(generateFiche(1234, 7));
    const a = mulberry32(42);
    const b = mulberry32(42);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it('has at least 20,000 distinct word forms, and the fiches use them', () => {
    const vocabulary = buildVocabulary();
    expect(new Set(vocabulary.forms).size).toBeGreaterThanOrEqual(20_000);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i += 1) for (const w of words(generateFiche(i).bodyMd.toLowerCase())) seen.add(w);
    expect(seen.size).toBeGreaterThanOrEqual(20_000);
  });

  it('is Zipf-shaped: the top word is far more frequent than the 1000th', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 200; i += 1) {
      for (const w of words(generateFiche(i).bodyMd.toLowerCase())) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    const sorted = [...counts.values()].sort((x, y) => y - x);
    const top = sorted[0] ?? 0;
    const thousandth = sorted[999] ?? 0;
    expect(thousandth).toBeGreaterThan(0);
    // s = 1.1 predicts 1000^1.1 ≈ 2,000; allow for sampling noise and the fixed expressions.
    expect(top / thousandth).toBeGreaterThan(300);
    // Log-log slope between ranks 10 and 1000 close to -1.1.
    const slope = (Math.log(thousandth) - Math.log(sorted[9] ?? 1)) / (Math.log(1000) - Math.log(10));
    expect(slope).toBeLessThan(-0.8);
    expect(slope).toBeGreaterThan(-1.4);
  });

  it('fiches have the expected shape', () => {
    for (let i = 0; i < 50; i += 1) {
      const fiche = generateFiche(i);
      const bodyWords = words(fiche.bodyMd).length;
      expect(bodyWords).toBeGreaterThanOrEqual(600);
      expect(bodyWords).toBeLessThanOrEqual(1300);
      expect(fiche.bodyMd).toMatch(/^## /m);
      expect(words(fiche.title).length).toBeGreaterThanOrEqual(4);
      expect(words(fiche.summary).length).toBeGreaterThanOrEqual(25);
      expect(fiche.themes.length).toBeGreaterThanOrEqual(1);
      expect(fiche.themes.length).toBeLessThanOrEqual(3);
    }
  });

  it('gives the plain text markdownToPlainText gives', () => {
    for (let i = 0; i < 300; i += 1) {
      const fiche = generateFiche(i);
      expect(fiche.bodyText).toBe(markdownToPlainText(fiche.bodyMd));
    }
  });

  it('comes with at least 50 fixed queries', () => {
    expect(queries.length).toBeGreaterThanOrEqual(50);
    expect(new Set(queries.map((q) => q.text)).size).toBe(queries.length);
  });
});
