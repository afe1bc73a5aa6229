import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit, SearchResult, TextSegment } from '../../shared/schemas';
import { openDatabase } from '../db/open-database';
import { KnowledgeBase } from '../knowledge-base';
import { ficheMd, kitYaml, vocabularyYaml, writePack } from '../test-support/packs';
import { tempDir } from '../test-support/temp-dir';

const vocabulary = vocabularyYaml.replace('themes:\n', 'themes:\n  - alimentation\n  - fonds européens\n  - divers\n');

/** Unrelated fiches, so that the words under test are rare enough for bm25 to weigh them. */
function fillers(count: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `communes/${String(10 + i)}-divers.md`,
      ficheMd(10 + i, `Sujet divers ${i}`, `Un texte sans rapport, numéro ${i}, sur la voirie et les horaires.`, ['divers']),
    ]),
  );
}

/** A small pack whose texts exercise accents, plurals and ranking. */
function searchPack(): string {
  return writePack({
    'vocabulaire.yml': vocabulary,
    'communes/kit.yml': kitYaml('2026-01-01'),
    'communes/01-cooperatives.md': ficheMd(1, 'Les Coopératives du territoire', 'Les Collectivités soutiennent l’Économie locale.', ['divers']),
    'communes/02-commande.md': ficheMd(2, 'Commande publique responsable', 'Une clause sociale favorise l’insertion et le RSA.', ['commande publique']),
    'communes/03-oeuvre.md': ficheMd(3, 'Mise en œuvre', 'Une coopérative peut œuvrer pour l’alimentation ; la commande reste publique.', ['alimentation']),
    'communes/04-insertion.md': ficheMd(4, 'Insertion par l’activité', 'L’insertion sans allocation.', ['insertion']),
    ...fillers(8),
    'regions/kit.yml': kitYaml('2026-01-01').replace('scale: commune', 'scale: region').replace('Kit d’essai', 'Kit régional'),
    'regions/01-europe.md': ficheMd(1, 'Fonds européens', 'Les fonds européens financent la coopération.', ['fonds européens']).replace('commande publique', 'aides aux entreprises').replace('  - commune', '  - region'),
  });
}

const plain = (segments: TextSegment[]) => segments.map((s) => s.text).join('');
const marked = (segments: TextSegment[]) => segments.filter((s) => s.mark).map((s) => s.text);
type FicheHit = Extract<SearchHit, { type: 'fiche' }>;
const ficheHits = (result: SearchResult): FicheHit[] => result.hits.filter((h): h is FicheHit => h.type === 'fiche');
const ids = (result: SearchResult) => ficheHits(result).map((h) => `${h.kit}/${h.number}`);

let kb: KnowledgeBase;
beforeAll(() => {
  kb = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test' });
  kb.importPack(searchPack());
  return () => kb.close();
});

const search = (query: string, extra: object = {}) => kb.search.search({ query, ...extra });

describe('French forms', () => {
  it('finds words whatever their accents, case, ligatures and plurals', () => {
    expect(ids(search('cooperatives '))).toEqual(expect.arrayContaining(['communes/1', 'communes/3']));
    expect(ids(search('collectivite '))).toEqual(['communes/1']);
    expect(ids(search('economie '))).toEqual(['communes/1']);
    expect(ids(search('oeuvre '))).toEqual(ids(search('œuvre ')));
    expect(ids(search('OEUVRE ')).sort()).toEqual(['communes/3']);
    // While typing, too: the last word is a prefix, of the exact and of the stemmed forms.
    expect(ids(search('oeuvre'))).toEqual(['communes/3']);
    expect(ids(search('œuv'))).toEqual(['communes/3']);
  });

  it('marks the words as written in the text, also when the match ignored accents', () => {
    const hit = ficheHits(search('economie collectivite '))[0];
    expect(marked(hit?.snippet ?? [])).toEqual(['Collectivités', 'Économie']);
    expect(marked(ficheHits(search('cooperative ')).find((h) => h.number === 1)?.title ?? [])).toEqual(['Coopératives']);
  });

  it('ranks a title match above a body match, and exact forms above stemmed ones', () => {
    expect(ids(search('insertion '))[0]).toBe('communes/4');
    expect(ids(search('cooperation '))[0]).toBe('regions/1');
  });
});

describe('query language', () => {
  it('matches the last word as a prefix while typing', () => {
    expect(ids(search('coop'))).toEqual(expect.arrayContaining(['communes/1', 'communes/3', 'regions/1']));
    expect(search('coop ').total).toBe(0);
  });

  it('handles phrases, exclusions and alternatives', () => {
    expect(ids(search('"commande publique"'))).toEqual(['communes/2']);
    expect(ids(search('commande publique ')).sort()).toEqual(['communes/2', 'communes/3']);
    expect(ids(search('insertion -RSA '))).toEqual(['communes/4']);
    expect(ids(search('allocation OU fonds ')).sort()).toEqual(['communes/4', 'regions/1']);
  });

  it('returns an empty result for queries that ask for nothing', () => {
    for (const query of ['', '   ', '***', '-insertion', '"" () ^']) {
      expect(search(query)).toMatchObject({ total: 0, hits: [] });
    }
  });
});

describe('filters and facets', () => {
  it('counts results by kit, theme and competence, and combines filters with the query', () => {
    const result = search('cooperative ');
    // Each kit is written for one scale: the kit facet says which, no scale facet repeats it.
    expect(Object.keys(result.facets ?? {}).sort()).toEqual(['competence', 'kit', 'theme', 'type']);
    expect(result.facets?.type).toEqual([{ value: 'fiche', label: 'Fiches', count: 3 }]);
    expect(result.facets?.kit).toEqual([
      { value: 'communes', label: 'Kit d’essai', count: 2 },
      { value: 'regions', label: 'Kit régional', count: 1 },
    ]);
    const filtered = search('cooperative ', { filters: { kit: ['regions'], theme: [], competence: [] } });
    expect(ids(filtered)).toEqual(['regions/1']);
    // A facet's own filter does not hide its other values: the person can switch kit.
    expect(filtered.facets?.kit.map((f) => f.count)).toEqual([2, 1]);
    expect(filtered.facets?.theme).toEqual([{ value: 'fonds européens', label: 'fonds européens', count: 1 }]);
  });

  it('browses by filter alone when the query is empty', () => {
    const result = search('', { filters: { kit: [], theme: ['alimentation'], competence: [] } });
    expect(ids(result)).toEqual(['communes/3']);
  });

  it('suggests close spellings and says how many results the filters hide', () => {
    // Suggested as the fiches write the word, accents included.
    expect(search('cooperatvies ').suggestions).toContain('coopératives ');
    // Only the misspelled words change; every misspelled word is corrected in the first suggestion.
    const both = search('cooperatvies insertoin activité ').suggestions;
    expect(both[0]).toBe('coopératives insertion activité ');
    for (const suggestion of both) expect(suggestion).toMatch(/ activité $/);
    const hidden = search('fonds ', { filters: { kit: ['communes'], theme: [], competence: [] } });
    expect(hidden).toMatchObject({ total: 0, totalWithoutFilters: 1 });
  });

  it('pages through results', () => {
    const all = ids(search('coop', { limit: 10 }));
    expect(ids(search('coop', { limit: 1, offset: 1 }))).toEqual([all[1]]);
  });
});

describe('annotations in search', () => {
  it('finds notes and quoted passages beside the fiches, with their words marked', () => {
    const local = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test' });
    local.importPack(searchPack());
    const text = (local.db.prepare("SELECT body_text FROM fiches WHERE title = 'Insertion par l’activité'").get() as { body_text: string }).body_text;
    const start = text.indexOf('sans allocation');
    local.annotations.create({
      kit: 'communes',
      number: 4,
      selector: { exact: 'sans allocation', start, end: start + 15, prefix: '', suffix: '' },
      note: 'Voir avec la Mission locale pour les jeunes',
      tags: ['jeunesse'],
    });
    const byNote = local.search.search({ query: 'mission locale ' });
    const annotation = byNote.hits.find((h) => h.type === 'annotation');
    expect(annotation).toMatchObject({ kit: 'communes', number: 4, ficheTitle: 'Insertion par l’activité' });
    expect(annotation?.type === 'annotation' && marked(annotation.note)).toEqual(['Mission', 'locale']);
    expect(local.search.search({ query: 'allocations ' }).hits.map((h) => h.type).sort()).toEqual(['annotation', 'fiche']);
    expect(local.search.search({ query: 'jeunesse ' }).hits.map((h) => h.type)).toEqual(['annotation']);
    expect(local.search.search({ query: 'jeunesse ', filters: { kit: ['regions'], theme: [], competence: [] } }).total).toBe(0);
    local.close();
  });
});

describe('snippets of notes and projects', () => {
  it('show the text a reader sees, without Markdown signs', () => {
    const local = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test' });
    local.importPack(searchPack());
    local.annotations.create({ kit: 'communes', number: 4, selector: null, note: 'Visiter la **légumerie** du _Champsaur_ :\n\n- [son site](https://rtes.fr)' });
    local.projects.create({ title: 'Cantine bio', description: '## Objectif\n\nUne **légumerie** en `chantier` d’insertion.' });
    const hits = local.search.search({ query: 'legumerie ' }).hits;
    const note = hits.find((h) => h.type === 'annotation');
    const project = hits.find((h) => h.type === 'project');
    expect(note?.type === 'annotation' && plain(note.note)).toBe('Visiter la légumerie du Champsaur : son site');
    expect(note?.type === 'annotation' && marked(note.note)).toEqual(['légumerie']);
    expect(project?.type === 'project' && plain(project.snippet)).toBe('Objectif — Une légumerie en chantier d’insertion.');
    local.close();
  });
});

describe('index maintenance', () => {
  it('follows fiches that are updated or removed', () => {
    const local = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test' });
    const pack = searchPack();
    local.importPack(pack);
    expect(local.search.search({ query: 'allocation ' }).total).toBe(1);
    local.db.prepare("UPDATE fiches SET body_text = 'Texte neuf sur la mobilité.' WHERE number = 4").run();
    expect(local.search.search({ query: 'allocation ' }).total).toBe(0);
    expect(local.search.search({ query: 'mobilites ' }).total).toBe(1);
    local.db.prepare('DELETE FROM fiches WHERE number = 4').run();
    expect(local.search.search({ query: 'mobilite ' }).total).toBe(0);
    expect(local.db.prepare("INSERT INTO fiches_fts (fiches_fts, rank) VALUES ('integrity-check', 1)").run()).toBeTruthy();
    local.close();
  });

  it('indexes the fiches of a database created before search existed', () => {
    const dataDir = tempDir();
    const db = openDatabase(path.join(dataDir, 'kits-ess.sqlite'), { targetVersion: 1 });
    db.exec(`INSERT INTO kits (slug, title, scale, year, edition, publisher, source_url, description, content_hash, updated_at)
             VALUES ('ancien', 'Ancien kit', 'commune', 2020, '2020-01-01', 'RTES', 'https://rtes.fr', 'd', 'h', 't');
             INSERT INTO fiches (kit_id, number, slug, title, summary, body_md, body_text, source_url, edition, content_hash, updated_at)
             VALUES (1, 1, 'f', 'Ancienne fiche', 'r', 'Les coopératives', 'Les coopératives', 'https://rtes.fr', 'e', 'h', 't');
             INSERT INTO fiche_terms (fiche_id, kind, term, position) VALUES (1, 'theme', 'coopération', 0);`);
    db.close();
    const upgraded = KnowledgeBase.open({ dataDir, appVersion: 'test' });
    expect(ids(upgraded.search.search({ query: 'cooperative ' }))).toEqual(['ancien/1']);
    expect(upgraded.search.search({ query: 'cooperation ' }).total).toBe(1);
    upgraded.close();
  });
});

describe('any input', () => {
  it('returns results or an empty list for 10,000 generated strings, never an exception', () => {
    const fragments = fc.constantFrom('"', '(', ')', '*', 'NEAR', 'AND', 'OR', 'OU', 'NOT', '^', ':', '-', '+', '{', '}', '🙂', '\u0000', '\u202e', 'é', 'œ', 'coop', 'insertion', ' ', '\'', '\\', 'title:', 'rank', 'bm25(');
    const queries = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.array(fragments, { maxLength: 20 }).map((parts) => parts.join('')),
      fc.constant('x'.repeat(10_000)),
      fc.array(fragments, { minLength: 500, maxLength: 600 }).map((parts) => parts.join(' ')),
    );
    fc.assert(
      fc.property(queries, (query) => {
        const result = search(query, { facets: false });
        expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
        for (const hit of ficheHits(result)) expect(plain(hit.snippet).length).toBeGreaterThan(0);
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});
