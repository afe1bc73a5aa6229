/**
 * The house style of content/STYLE.md, checked over the shipped fiches: examples that are real,
 * sourced and spread across many collectivités, an honest link to each fiche's own page, the
 * house words, typographic apostrophes (in the glossary too) and sentences a reader can follow.
 *
 * Each check lists every offending place as `content/<kit>/<fiche>.md:line: reason`.
 */
import { describe, expect, it } from 'vitest';
import {
  allFiches,
  bodyLines,
  bulletStart,
  inlinePlain,
  loaded,
  sectionLines,
  sentencesOf,
  start,
  textUnits,
  words,
} from '../test-support/shipped-content';

const examplesSection = 'Exemples';
const minExamplesPerFiche = 3;
/** No collectivité is the example of more than this many fiches, across the three kits. */
const maxFichesPerCollectivite = 4;
const minDistinctCollectivites = 40;
const maxSentenceWords = 44;

/** The RTES home page: a fiche may point there only when it says its own page was not found. */
const homePage = /^https:\/\/(?:www\.)?rtes\.fr\/?$/;

/** Spellings the house style replaces, with the form to write instead. */
const houseWords: { wrong: RegExp; right: string }[] = [
  { wrong: /\bchefs?-de-file\b/i, right: 'chef de file' },
  { wrong: /\bsourcing\b/i, right: 'sourçage' },
  { wrong: /\bSCOPs?\b/, right: 'Scop' },
];

/** A straight apostrophe between two letters, in text a reader sees. */
const straightApostrophe = /\p{L}'\p{L}/u;

/** Text a reader sees on a line: link targets and inline code removed. */
function visibleText(line: string): string {
  return line.replace(/\]\([^)]*\)/g, ']').replace(/`[^`]*`/g, '');
}

interface Example {
  file: string;
  line: number;
  collectivite: string;
}

/** Example items of a fiche: each opens with the collectivité in bold, e.g. « **Lyon (Rhône)**, 2021 : … ». */
function examplesOf(file: string, lines: { line: number; text: string }[]): { items: { line: number; text: string }[]; named: Example[] } {
  const items = lines.filter((l) => bulletStart.test(l.text));
  const named = items.flatMap(({ line, text }) => {
    const bold = /^\*\*([^*]+)\*\*/.exec(text.replace(bulletStart, ''));
    if (!bold?.[1]) return [];
    // « Lyon (Rhône) » and « Lyon » are the same collectivité.
    const collectivite = bold[1].replace(/\s*\([^)]*\)\s*$/, '').replace(/[’]/g, "'").trim().toLowerCase();
    return [{ file, line, collectivite }];
  });
  return { items, named };
}

describe('house style of the shipped fiches (content/STYLE.md)', () => {
  it(`every fiche gives at least ${minExamplesPerFiche} examples, each naming its collectivité in bold and linking to an https page`, () => {
    const problems: string[] = [];
    for (const { fiche } of allFiches()) {
      const lines = sectionLines(fiche, examplesSection);
      const { items, named } = examplesOf(fiche.file, lines);
      if (items.length < minExamplesPerFiche) {
        problems.push(`${fiche.file}:${lines[0]?.line ?? 1}: ${items.length} example(s), expected at least ${minExamplesPerFiche}.`);
      }
      for (const item of items) {
        if (!/\]\(https:\/\/[^)\s]+\)/.test(item.text)) problems.push(`${fiche.file}:${item.line}: example without an https link: « ${start(item.text)} »`);
        if (!named.some((n) => n.line === item.line)) {
          problems.push(`${fiche.file}:${item.line}: example does not open with its collectivité in bold: « ${start(item.text)} »`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it(`examples come from at least ${minDistinctCollectivites} collectivités, none in more than ${maxFichesPerCollectivite} fiches`, () => {
    const fichesOf = new Map<string, Set<string>>();
    for (const { fiche } of allFiches()) {
      for (const example of examplesOf(fiche.file, sectionLines(fiche, examplesSection)).named) {
        const files = fichesOf.get(example.collectivite) ?? new Set<string>();
        files.add(example.file);
        fichesOf.set(example.collectivite, files);
      }
    }
    const overused = [...fichesOf]
      .filter(([, files]) => files.size > maxFichesPerCollectivite)
      .map(([name, files]) => `« ${name} » is the example of ${files.size} fiches: ${[...files].sort().join(', ')}`);
    expect(overused).toEqual([]);
    expect(fichesOf.size, 'distinct collectivités among the examples').toBeGreaterThanOrEqual(minDistinctCollectivites);
  });

  it('a fiche whose source is the RTES home page says that its own page was not found', () => {
    const problems = allFiches()
      .filter(({ fiche }) => homePage.test(fiche.sourceUrl) && !/page/i.test(fiche.complement ?? ''))
      .map(({ fiche }) => `${fiche.file}: source is the RTES home page and no \`complement\` says why.`);
    expect(problems).toEqual([]);
  });

  it('the house words are written the house way, with typographic apostrophes', () => {
    const problems: string[] = [];
    for (const { fiche } of allFiches()) {
      const texts = [
        { line: 0, text: fiche.title },
        { line: 0, text: fiche.summary },
        ...bodyLines(fiche).map(({ line, text }) => ({ line, text: visibleText(text) })),
      ];
      for (const { line, text } of texts) {
        const where = line > 0 ? `${fiche.file}:${line}` : `${fiche.file} (front matter)`;
        for (const { wrong, right } of houseWords) {
          const found = wrong.exec(text);
          if (found) problems.push(`${where}: « ${found[0]} », write « ${right} ».`);
        }
        if (straightApostrophe.test(text)) problems.push(`${where}: straight apostrophe, write ’: « ${start(text)} »`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the glossary writes its terms, variants and definitions with typographic apostrophes', () => {
    const glossary = loaded().glossary ?? [];
    expect(glossary.length, 'glossary entries checked').toBeGreaterThan(30);
    // Variants are looked for in the fiches' text, which writes ’: a straight one would never be found.
    const problems = glossary.flatMap((entry) =>
      [entry.term, entry.longForm ?? '', ...entry.variants, entry.definition]
        .filter((text) => straightApostrophe.test(text))
        .map((text) => `content/glossaire.yml, « ${entry.term} »: straight apostrophe, write ’: « ${start(text)} »`),
    );
    expect(problems).toEqual([]);
  });

  it(`every sentence has at most ${maxSentenceWords} words`, () => {
    const problems: string[] = [];
    for (const { fiche } of allFiches()) {
      for (const unit of textUnits(fiche)) {
        for (const sentence of sentencesOf(inlinePlain(unit.text))) {
          const count = words(sentence).length;
          if (count > maxSentenceWords) problems.push(`${unit.file}:${unit.line}: ${count} words: « ${start(sentence, 90)} »`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
