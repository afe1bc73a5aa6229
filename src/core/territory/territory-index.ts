import fs from 'node:fs';
import { createRequire } from 'node:module';
import { foldWord, words } from '../../shared/search/normalize';
import type { Scale, TerritoryOption, TerritoryScale } from '../../shared/schemas';

interface Place extends TerritoryOption {
  /** Folded words of the name, joined by single spaces (« saint etienne »). */
  key: string;
  postalCodes: string[];
  population: number;
}

interface Commune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  region?: string;
  codesPostaux?: string[];
  population?: number;
}
interface Epci {
  code: string;
  nom: string;
  populationTotale?: number;
  membres: { code: string }[];
}
interface Departement {
  code: string;
  nom: string;
  region: string;
}
interface Region {
  code: string;
  nom: string;
}

const require = createRequire(import.meta.url);

/** The INSEE data files, read directly: the package's own entry point resolves them from the working directory. */
function readData<T>(name: string): T {
  return JSON.parse(fs.readFileSync(require.resolve(`@etalab/decoupage-administratif/data/${name}.json`), 'utf8')) as T;
}

const scaleNames: Record<TerritoryScale, string> = {
  commune: 'Commune',
  epci: 'Intercommunalité',
  departement: 'Département',
  region: 'Région',
};

/** Kits are written for three scales; an intercommunality reads the communal kit. */
export function kitScaleOf(scale: TerritoryScale): Scale {
  return scale === 'epci' ? 'commune' : scale;
}

const abbreviations: Record<string, string> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

/** Folded words of a name, with the usual abbreviations spelled out (St-Étienne, Ste-Foy). */
function keyOf(name: string): string {
  return words(name)
    .map((word) => {
      const folded = foldWord(word);
      return abbreviations[folded] ?? folded;
    })
    .join(' ');
}

function population(n: number): string {
  return `${n.toLocaleString('fr-FR')} habitants`;
}

function buildPlaces(): Place[] {
  const communes = readData<Commune[]>('communes').filter((c) => c.type === 'commune-actuelle');
  const departements = readData<Departement[]>('departements');
  const regions = readData<Region[]>('regions');
  const epcis = readData<Epci[]>('epci');
  const departementName = new Map(departements.map((d) => [d.code, d.nom]));
  const popByDepartement = new Map<string, number>();
  const popByRegion = new Map<string, number>();
  const communeDepartement = new Map<string, string>();
  for (const c of communes) {
    if (c.departement) {
      popByDepartement.set(c.departement, (popByDepartement.get(c.departement) ?? 0) + (c.population ?? 0));
      communeDepartement.set(c.code, c.departement);
    }
    if (c.region) popByRegion.set(c.region, (popByRegion.get(c.region) ?? 0) + (c.population ?? 0));
  }
  const inDepartement = (code: string | undefined): string => (code ? `${departementName.get(code) ?? ''} (${code})` : '');
  const places: Place[] = [];
  for (const r of regions) {
    const pop = popByRegion.get(r.code) ?? 0;
    places.push({ scale: 'region', code: r.code, name: r.nom, detail: `${scaleNames.region} · ${population(pop)}`, key: keyOf(r.nom), postalCodes: [], population: pop });
  }
  for (const d of departements) {
    const pop = popByDepartement.get(d.code) ?? 0;
    places.push({ scale: 'departement', code: d.code, name: d.nom, detail: `${scaleNames.departement} (${d.code}) · ${population(pop)}`, key: keyOf(d.nom), postalCodes: [], population: pop });
  }
  for (const e of epcis) {
    const seat = communeDepartement.get(e.membres[0]?.code ?? '');
    const pop = e.populationTotale ?? 0;
    places.push({
      scale: 'epci',
      code: e.code,
      name: e.nom,
      detail: `${scaleNames.epci} · ${inDepartement(seat)} · ${e.membres.length} communes · ${population(pop)}`,
      departement: seat,
      key: keyOf(e.nom),
      postalCodes: [],
      population: pop,
    });
  }
  for (const c of communes) {
    const pop = c.population ?? 0;
    const postal = c.codesPostaux ?? [];
    places.push({
      scale: 'commune',
      code: c.code,
      name: c.nom,
      detail: [scaleNames.commune, inDepartement(c.departement), postal.slice(0, 3).join(', '), population(pop)].filter(Boolean).join(' · '),
      departement: c.departement,
      key: keyOf(c.nom),
      postalCodes: postal,
      population: pop,
    });
  }
  return places;
}

let cache: Place[] | null = null;

/** Loaded on first use (about 130 ms), then kept: the data does not change while the app runs. */
function places(): Place[] {
  cache ??= buildPlaces();
  return cache;
}

const scaleRank: Record<TerritoryScale, number> = { region: 0, departement: 1, epci: 2, commune: 3 };

/**
 * Territories matching what the person types: a name (accents, case and hyphens ignored,
 * whole name first, then names starting with it, then names with a word starting with it),
 * a postal code or an INSEE/SIREN code. Larger territories come first among equals.
 */
export function searchTerritories(query: string, limit = 10): TerritoryOption[] {
  const text = query.slice(0, 100).trim();
  if (!text) return [];
  const digits = /^\d[\dABab]*$/.test(text) ? text.toUpperCase() : null;
  const key = keyOf(text);
  if (!digits && !key) return [];
  const scored: { place: Place; rank: number }[] = [];
  for (const place of places()) {
    let rank: number;
    if (digits) {
      if (place.code === digits) rank = 0;
      else if (place.postalCodes.some((p) => p.startsWith(digits))) rank = 1;
      else if (place.code.startsWith(digits)) rank = 2;
      else continue;
    } else if (place.key === key) rank = 0;
    else if (place.key.startsWith(key)) rank = 1;
    else if (place.key.includes(` ${key}`)) rank = 2;
    else continue;
    scored.push({ place, rank });
  }
  scored.sort(
    (a, b) => a.rank - b.rank || scaleRank[a.place.scale] - scaleRank[b.place.scale] || b.place.population - a.place.population,
  );
  return scored.slice(0, limit).map(({ place }) => optionOf(place));
}

function optionOf(place: Place): TerritoryOption {
  const option: TerritoryOption = { scale: place.scale, code: place.code, name: place.name, detail: place.detail };
  if (place.departement) option.departement = place.departement;
  return option;
}

/** The territory with this scale and code, or undefined when the official data has none. */
export function findTerritory(scale: TerritoryScale, code: string): TerritoryOption | undefined {
  const place = places().find((p) => p.scale === scale && p.code === code);
  return place && optionOf(place);
}
