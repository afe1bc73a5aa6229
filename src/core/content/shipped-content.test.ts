/**
 * Checks over the real content/ folder shipped with the app: what a reader of the kits relies
 * on (every fiche readable, the same four sections everywhere, a link back to the RTES source,
 * no text repeated from one fiche to another, every acronym explained in the glossary).
 *
 * Each check collects every offending file before failing, so one run lists all the fixes to
 * make, as `content/<kit>/<fiche>.md:line: reason`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KbError } from '../../shared/errors';
import { bundledContentDir } from '../app-paths';
import { leversSectionTitle, parseLevers } from '../../shared/markdown/levers';
import {
  allFiches,
  bodyLines,
  bulletStart,
  inlinePlain,
  loaded,
  loadError,
  minFiches,
  normaliseApostrophes,
  sections,
  sentencesOf,
  shownRoot,
  start,
  textUnits,
  words,
  type Unit,
} from '../test-support/shipped-content';

const expectedSections = ["L'essentiel", 'Ce que peut faire la collectivité', 'Exemples', 'Pour aller plus loin'];
const sourcesSection = 'Pour aller plus loin';
const minBodyWords = 500;

/** Paragraphs shorter than this (in words) are too generic to count as shared text. */
const minParagraphWords = 12;
const shingleSize = 5;
/** Two paragraphs whose word 5-gram sets overlap more than this (Jaccard) are near-duplicates. */
const maxJaccard = 0.5;

/** Units written in capitals: they are not acronyms to explain (like roman numerals II, III, XIX…). */
const unitTokens = new Set(['HT', 'TTC', 'HTVA']);

/**
 * Capitalised tokens that are not glossary terms. Everything else used in a fiche must be in
 * content/glossaire.yml, as `terme` or in `variantes` (or inside a multi-word term used as is,
 * like "CG Scop" or "Coop FR").
 */
const acronymAllowlist: Record<string, string> = {
  // Only part of the numbers of EU legal acts ("décision 2012/21/UE", "règlement (UE) 2023/2832").
  UE: 'part of EU legal act numbers',
  // Capitals inside the trade name "Com.TOIT Énergie Citoyenne", a SCIC cited as an example.
  TOIT: 'part of a company name',
};

function normaliseParagraph(text: string): string {
  return normaliseApostrophes(inlinePlain(text))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A reference line such as "Loi n° 2014-856 du 31 juillet 2014 …": the same in many fiches by nature. */
const lawCitation =
  /^(?:lois?|décrets?|ordonnances?|codes?|circulaires?|arrêtés?|règlements?|directives?|articles?|art\.|instruction|délibération|constitution)(?![\p{L}])/iu;

function shingles(normalised: string): Set<string> {
  const tokens = normalised.split(' ');
  const result = new Set<string>();
  for (let i = 0; i + shingleSize <= tokens.length; i += 1) result.add(tokens.slice(i, i + shingleSize).join(' '));
  return result;
}

const acronymToken = /(?<![\p{L}\p{N}])\p{Lu}{2,}\+?(?![\p{L}\p{N}+])/gu;
const romanNumeral = /^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$/;

describe('shipped content (content/)', () => {
  it('every file parses and each kit has its fiches', () => {
    const details = loadError instanceof KbError ? loadError.details : loadError ? [String(loadError)] : [];
    expect(details, 'readPack(content/) refused the content').toEqual([]);

    const problems: string[] = [];
    for (const kit of loaded().kits) {
      if (kit.fiches.length === 0) problems.push(`${shownRoot}/${kit.slug}/kit.yml: the kit has no fiche.`);
      // Every number up to the highest is either a fiche or declared missing in kit.yml.
      const present = new Set(kit.fiches.map((f) => f.number));
      const missing = new Set(kit.meta.missing.map((m) => m.number));
      const highest = Math.max(0, ...present, ...missing);
      for (let n = 1; n <= highest; n += 1) {
        if (!present.has(n) && !missing.has(n)) {
          problems.push(`${shownRoot}/${kit.slug}/kit.yml: fiche ${n} is neither shipped nor listed in \`missing\`.`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(loaded().kits.length).toBeGreaterThanOrEqual(3);
    allFiches();
  });

  it('fiche numbers are unique per kit and none is also declared missing', () => {
    const problems: string[] = [];
    for (const kit of loaded().kits) {
      const seen = new Map<number, string>();
      for (const fiche of kit.fiches) {
        const previous = seen.get(fiche.number);
        if (previous) problems.push(`${fiche.file}: number ${fiche.number} already used by ${previous}.`);
        seen.set(fiche.number, fiche.file);
        const fileNumber = Number(/(\d+)-[^/\\]*\.md$/.exec(fiche.file)?.[1]);
        if (fileNumber !== fiche.number) problems.push(`${fiche.file}: numero ${fiche.number} differs from the file name.`);
      }
      for (const missing of kit.meta.missing) {
        const file = seen.get(missing.number);
        if (file) problems.push(`${shownRoot}/${kit.slug}/kit.yml: fiche ${missing.number} is declared missing but ${file} exists.`);
      }
    }
    expect(allFiches().length).toBeGreaterThan(minFiches);
    expect(problems).toEqual([]);
  });

  it('required front-matter fields are present and not empty, and resume has 2 to 3 sentences', () => {
    const problems: string[] = [];
    for (const { fiche } of allFiches()) {
      const fields: [string, string | string[]][] = [
        ['titre', fiche.title],
        ['resume', fiche.summary],
        ['themes', fiche.themes],
        ['competences', fiche.competences],
        ['echelons', fiche.echelons],
        ['source', fiche.sourceUrl],
      ];
      for (const [name, value] of fields) {
        const empty = Array.isArray(value) ? value.length === 0 || value.some((v) => v.trim() === '') : value.trim() === '';
        if (empty) problems.push(`${fiche.file}: front matter \`${name}\` is missing or empty.`);
      }
      const sentences = sentencesOf(fiche.summary);
      if (sentences.length < 2 || sentences.length > 3) {
        problems.push(`${fiche.file}: resume has ${sentences.length} sentence(s), expected 2 to 3: « ${start(fiche.summary, 90)} »`);
      }
      if (!/[.!?…][»")’]?$/.test(fiche.summary.trim())) {
        problems.push(`${fiche.file}: resume does not end with a full stop.`);
      }
    }
    expect(problems).toEqual([]);
  });

  it(`every body has exactly the sections ${expectedSections.map((s) => `"${s}"`).join(', ')}, in this order`, () => {
    const problems: string[] = [];
    for (const { fiche } of allFiches()) {
      const found = sections(fiche);
      const titles = found.map((s) => s.title);
      if (JSON.stringify(titles) !== JSON.stringify(expectedSections)) {
        problems.push(`${fiche.file}:${found[0]?.line ?? 1}: sections are [${titles.map((t) => `"${t}"`).join(', ')}]`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every fiche lists its levers in « Ce que peut faire la collectivité », each with a title and a text (content/STYLE.md)', () => {
    const problems: string[] = [];
    for (const { fiche } of allFiches()) {
      const { levers } = parseLevers(fiche.bodyMd);
      if (levers.length === 0) problems.push(`${fiche.file}: no lever in « ${leversSectionTitle} ».`);
      for (const lever of levers) {
        if (!lever.title.trim() || !lever.text.trim()) problems.push(`${fiche.file}: body line ${lever.line}: a lever without title or text.`);
      }
    }
    expect(problems).toEqual([]);
  });

  it(`every body has at least ${minBodyWords} words`, () => {
    const problems: string[] = [];
    for (const { fiche } of allFiches()) {
      const count = words(fiche.bodyText).length;
      if (count < minBodyWords) problems.push(`${fiche.file}: ${count} words.`);
    }
    expect(problems).toEqual([]);
  });

  it(`every source is an https URL, and the last bullet of "${sourcesSection}" links to it`, () => {
    const problems: string[] = [];
    for (const { fiche } of allFiches()) {
      let url: URL | undefined;
      try {
        url = new URL(fiche.sourceUrl);
      } catch {
        url = undefined;
      }
      if (!url || url.protocol !== 'https:' || !url.hostname.includes('.')) {
        problems.push(`${fiche.file}: source « ${fiche.sourceUrl} » is not an https URL.`);
      }
      const heading = sections(fiche).find((s) => s.title === sourcesSection);
      if (!heading) {
        problems.push(`${fiche.file}: no "${sourcesSection}" section.`);
        continue;
      }
      const lines = bodyLines(fiche).slice(heading.index + 1);
      const end = lines.findIndex((l) => /^#{1,2}\s/.test(l.text));
      const bullets = (end < 0 ? lines : lines.slice(0, end)).filter((l) => bulletStart.test(l.text));
      const last = bullets.at(-1);
      if (!last) {
        problems.push(`${fiche.file}:${heading.line}: "${sourcesSection}" has no bullet.`);
        continue;
      }
      const targets = [...last.text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
      if (!targets.includes(fiche.sourceUrl)) {
        problems.push(`${fiche.file}:${last.line}: last bullet links to [${targets.join(', ')}], expected ${fiche.sourceUrl}.`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no two fiches share a paragraph, exactly or nearly', () => {
    interface Paragraph extends Unit {
      normalised: string;
      shingles: Set<string>;
    }
    const paragraphs: Paragraph[] = [];
    for (const { fiche } of allFiches()) {
      for (const unit of textUnits(fiche)) {
        if (unit.isBullet && lawCitation.test(inlinePlain(unit.text))) continue;
        const normalised = normaliseParagraph(unit.text);
        if (normalised.split(' ').length < minParagraphWords) continue;
        paragraphs.push({ ...unit, normalised, shingles: shingles(normalised) });
      }
    }
    expect(paragraphs.length, 'paragraphs compared').toBeGreaterThan(minFiches * 10);

    const byShingle = new Map<string, number[]>();
    paragraphs.forEach((p, index) => {
      for (const s of p.shingles) {
        const list = byShingle.get(s);
        if (list) list.push(index);
        else byShingle.set(s, [index]);
      }
    });

    const problems: string[] = [];
    paragraphs.forEach((a, i) => {
      const shared = new Map<number, number>();
      for (const s of a.shingles) {
        for (const j of byShingle.get(s) ?? []) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
      }
      const exactOthers = paragraphs.map((b, j) => (j > i && b.normalised === a.normalised ? j : -1)).filter((j) => j >= 0);
      for (const j of new Set([...shared.keys(), ...exactOthers])) {
        const b = paragraphs[j];
        if (!b || b.file === a.file) continue;
        const inter = shared.get(j) ?? 0;
        const jaccard = inter / (a.shingles.size + b.shingles.size - inter || 1);
        const identical = a.normalised === b.normalised;
        if (identical || jaccard > maxJaccard) {
          problems.push(
            `${a.file}:${a.line} and ${b.file}:${b.line}: ${identical ? 'identical' : `near-duplicate (Jaccard ${jaccard.toFixed(2)})`} ` +
              `paragraph « ${start(a.text)} » / « ${start(b.text)} »`,
          );
        }
      }
    });
    expect(problems).toEqual([]);
  });

  it('every acronym used in a fiche is defined in content/glossaire.yml (or explicitly allowed)', () => {
    const glossary = loaded().glossary;
    expect(glossary, 'content/glossaire.yml is shipped').not.toBeNull();
    const forms = (glossary ?? []).flatMap((entry) => [entry.term, ...entry.variants]);
    const known = new Set(forms);
    expect(known.size).toBeGreaterThan(30);
    /** Multi-word terms containing a capitalised word, e.g. "CG Scop" for the token CG. */
    const multiWord = forms.filter((form) => /\s/.test(form));
    const explainedInText = (token: string, text: string): boolean =>
      multiWord.some((form) => form.split(/\s+/).includes(token) && text.includes(form));

    const problems: string[] = [];
    const used = new Set<string>();
    for (const { fiche } of allFiches()) {
      const unknown = new Set<string>();
      for (const text of [fiche.title, fiche.summary, fiche.bodyText]) {
        for (const [token] of text.matchAll(acronymToken)) {
          if (romanNumeral.test(token) || unitTokens.has(token)) continue;
          used.add(token);
          if (!known.has(token) && !(token in acronymAllowlist) && !explainedInText(token, text)) unknown.add(token);
        }
      }
      if (unknown.size > 0) problems.push(`${fiche.file}: not in the glossary: ${[...unknown].sort().join(', ')}`);
    }
    for (const token of Object.keys(acronymAllowlist)) {
      if (known.has(token)) problems.push(`acronymAllowlist: ${token} is a glossary term now, remove it from the allowlist.`);
      if (!used.has(token)) problems.push(`acronymAllowlist: ${token} is no longer used by any fiche, remove it.`);
    }
    expect(problems).toEqual([]);
  });

  it('glossary terms are unique and in alphabetical order', () => {
    const terms = (loaded().glossary ?? []).map((entry) => entry.term);
    expect(terms.length).toBeGreaterThan(30);
    const collator = new Intl.Collator('fr', { sensitivity: 'base' });
    const problems: string[] = [];
    terms.forEach((term, index) => {
      const previous = terms[index - 1];
      if (previous !== undefined && collator.compare(previous, term) >= 0) {
        problems.push(`content/glossaire.yml: « ${term} » should come before « ${previous} » (or is a duplicate).`);
      }
    });
    expect(problems).toEqual([]);
  });

  it('fiches use only terms of content/vocabulaire.yml', () => {
    const vocabulary = parse(fs.readFileSync(path.join(bundledContentDir, 'vocabulaire.yml'), 'utf8')) as {
      themes: string[];
      echelons: string[];
      competences: Record<string, string[]>;
    };
    const outside = allFiches().flatMap(({ kit, fiche }) => [
      ...fiche.themes.filter((t) => !vocabulary.themes.includes(t)).map((t) => `${fiche.file}: theme « ${t} »`),
      ...fiche.echelons.filter((e) => !vocabulary.echelons.includes(e)).map((e) => `${fiche.file}: echelon « ${e} »`),
      ...fiche.competences
        .filter((c) => !(vocabulary.competences[kit.meta.scale] ?? []).includes(c))
        .map((c) => `${fiche.file}: competence « ${c} » (${kit.meta.scale})`),
    ]);
    expect(outside).toEqual([]);
  });
});
