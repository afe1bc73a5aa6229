import { afterEach, describe, expect, it } from 'vitest';
import type { SearchHit, SearchRequest } from '../../shared/schemas';
import { bundledContentDir } from '../app-paths';
import { KnowledgeBase } from '../knowledge-base';
import { ficheMd, kitYaml, vocabularyYaml, writePack } from '../test-support/packs';
import { tempDir } from '../test-support/temp-dir';

type FicheHit = Extract<SearchHit, { type: 'fiche' }>;

let kb: KnowledgeBase;
afterEach(() => kb.close());

/** The fiches found, best first, as « kit/number ». */
function fiches(request: SearchRequest): string[] {
  return kb.search
    .search(request)
    .hits.filter((hit): hit is FicheHit => hit.type === 'fiche')
    .map((hit) => `${hit.kit}/${hit.number}`);
}

const first = (query: string, extra: Partial<SearchRequest> = {}) => fiches({ query, ...extra })[0];

describe('search follows the territory', () => {
  it('puts the fiches of the territory’s scale first at comparable relevance, and all scales equally when asked', () => {
    kb = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test', bundledContentDir });
    const plain = fiches({ query: 'fonds europeens ' });
    expect(plain[0]).toBe('regionaless/12');

    // The secretary of Ancelle, a commune of the Hautes-Alpes.
    kb.territory.set({ scale: 'commune', code: '05004' });
    expect(first('cantine ')).toMatch(/^municipaless\//);
    // While « cantine » is typed (a prefix: cantines…), a regional fiche is the most relevant of all.
    expect(first('cantine', { territoryScaleFirst: false })).toBe('regionaless/9');
    expect(first('cantine')).toMatch(/^municipaless\//);
    expect(first('transport ')).toMatch(/^municipaless\//);
    // The communal synthesis of the resources comes before the regional fiche, which is only a little more relevant…
    expect(first('fonds europeens ')).toBe('municipaless/24');
    // …but a fiche far more relevant keeps its place: the tourism fiche is regional.
    expect(first('tourisme ')).toBe('regionaless/7');
    // « Tous les échelons »: plain relevance, as without a territory.
    expect(fiches({ query: 'fonds europeens ', territoryScaleFirst: false })).toEqual(plain);

    // A département's officer: each departmental fiche climbs (never falls), the others keep
    // their relative order, also when browsing by theme.
    kb.territory.set(null);
    const plainFood = fiches({ query: 'alimentation ' });
    kb.territory.set({ scale: 'departement', code: '05' });
    const boostedFood = fiches({ query: 'alimentation ' });
    const departmental = plainFood.filter((fiche) => fiche.startsWith('departementaless/'));
    const climbs = departmental.map((fiche) => plainFood.indexOf(fiche) - boostedFood.indexOf(fiche));
    expect(boostedFood[0]).toMatch(/^departementaless\//);
    expect(climbs.every((climb) => climb >= 0)).toBe(true);
    expect(climbs.some((climb) => climb > 0)).toBe(true);
    expect(boostedFood.filter((fiche) => !departmental.includes(fiche))).toEqual(plainFood.filter((fiche) => !departmental.includes(fiche)));
    expect(fiches({ query: 'alimentation ', territoryScaleFirst: false })).toEqual(plainFood);
    expect(first('', { filters: { theme: ['alimentation'] } })).toMatch(/^departementaless\//);
    expect(first('', { filters: { theme: ['alimentation'] }, territoryScaleFirst: false })).toMatch(/^municipaless\//);
  });

  it('reads the scales a fiche lists; a fiche listing none is of its kit’s scale, an EPCI counting as communal', () => {
    const body = 'La régie agricole fournit la cantine en légumes.';
    const withEchelons = (markdown: string, echelons: string[]) =>
      markdown.replace('echelons:\n  - commune\n', echelons.length > 0 ? `echelons:\n${echelons.map((e) => `  - ${e}`).join('\n')}\n` : '');
    kb = KnowledgeBase.open({ dataDir: tempDir(), appVersion: 'test' });
    kb.importPack(
      writePack({
        'vocabulaire.yml': vocabularyYaml,
        'communes/kit.yml': kitYaml(),
        'communes/01-communes.md': withEchelons(ficheMd(1, 'Régie agricole', body), ['commune']),
        'communes/02-sans-echelon.md': withEchelons(ficheMd(2, 'Régie agricole', body), []),
        'regions/kit.yml': kitYaml().replace('scale: commune', 'scale: region').replace('Kit d’essai', 'Kit régional'),
        'regions/01-epci.md': withEchelons(ficheMd(1, 'Régie agricole', body), ['region', 'epci']).replace('commande publique', 'aides aux entreprises'),
      }),
    );
    const order = () => fiches({ query: 'cantine ' });
    // The same text everywhere: only the territory orders them.
    kb.territory.set({ scale: 'epci', code: '200068096' });
    expect(order().slice(0, 2).sort()).toEqual(['communes/2', 'regions/1']);
    kb.territory.set({ scale: 'commune', code: '05004' });
    expect(order().slice(0, 2).sort()).toEqual(['communes/1', 'communes/2']);
    kb.territory.set({ scale: 'region', code: '93' });
    expect(order()[0]).toBe('regions/1');
  });
});
