/**
 * Deterministic generator of French-like fiches for the search benchmark.
 *
 * - A vocabulary of ~24,000 word forms: French function words at the top ranks, real French
 *   words of the kits (économie, coopératives, collectivités, commande publique, fonds
 *   européens, œuvre…) seeded at fixed ranks with their inflections, rare real words deep in
 *   the tail, and the rest built from French-like syllables and suffixes with their
 *   inflections (plural, feminine, verb endings).
 * - Word frequencies follow a Zipf law (s = 1.1) over the ranks; a few fixed expressions
 *   (« commande publique », « mise en œuvre »…) are dropped into the text so that phrase
 *   queries find something, as they would in real fiches.
 * - Every fiche is generated from its own PRNG seeded with (seed, index): the 1,000-fiche
 *   corpus is the first 1,000 fiches of the 10,000-fiche one, and any chunk can be built
 *   alone, so 100,000 fiches are imported chunk by chunk without holding them all.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { ContentPack, PackFiche, PackKit } from '../src/core/content/read-pack';

export const defaultSeed = 20_261_125;
export const zipfExponent = 1.1;
export const vocabularyTarget = 24_000;
export const fichesPerKit = 100;
const scales = ['commune', 'departement', 'region'] as const;
type BenchScale = (typeof scales)[number];

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for item `index` of stream `seed`, well spread even for consecutive indexes. */
function mixSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  const item = list[Math.floor(rand() * list.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function between(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

// ---------------------------------------------------------------------------------------
// Vocabulary

/** French function words, most frequent first: they take ranks 1..n. */
const functionWords = [
  'de', 'la', 'le', 'et', 'les', 'des', 'à', 'en', 'du', 'un', 'une', 'pour', 'dans', 'sur', 'par', 'au', 'est',
  'qui', 'que', 'avec', 'aux', 'plus', 'ou', 'ce', 'sont', 'ne', 'pas', 'leur', 'se', 'son', 'sa', 'ses', 'cette',
  'ces', 'leurs', 'il', 'elle', 'ils', 'on', 'nous', 'comme', 'mais', 'aussi', 'entre', 'sans', 'sous', 'tout',
  'tous', 'très', 'peut', 'être', 'avoir', 'ainsi', 'dont', 'où', 'lors', 'fait', 'été', 'vers', 'chaque',
];

/** Real words of the kits' domain, with the rank each form gets (1 = most frequent). */
const seededWords: Record<string, number> = {
  // économie sociale et solidaire
  ess: 62, économie: 64, économique: 92, économiques: 305, économies: 905,
  sociale: 66, social: 81, sociaux: 203, sociales: 151, solidaire: 71, solidaires: 182, solidarité: 640,
  // collectivités et territoires
  collectivité: 161, collectivités: 86, territoire: 76, territoires: 141, territorial: 262, territoriale: 193,
  territoriaux: 702, territoriales: 452, commune: 301, communes: 361, communal: 1602, intercommunalité: 1251,
  intercommunalités: 1703, région: 271, régions: 651, régional: 821, régionale: 711, département: 371,
  départements: 681, départemental: 1001, epci: 1951, élus: 281, élu: 951, élue: 3501, élues: 3803,
  // coopération
  coopérative: 241, coopératives: 211, coopération: 171, coopérations: 1501, coopératif: 2503, coopératifs: 4102,
  coopérer: 3007, coopérateurs: 4003, scic: 1753, scop: 1853, mutuelle: 3101, mutuelles: 2701, fondation: 2903,
  association: 263, associations: 131, associatif: 521, associative: 611, associatives: 981, associatifs: 1403,
  // emploi, insertion
  insertion: 153, insertions: 6007, emploi: 121, emplois: 341, rsa: 2051, formation: 591, formations: 2207,
  chômage: 2811, handicap: 2401, autonomie: 2003,
  // commande publique
  commande: 181, commandes: 803, commander: 5003, publique: 101, publiques: 321, public: 111, publics: 273,
  marché: 503, marchés: 311, achat: 653, achats: 473, clause: 801, clauses: 553, acheteur: 1907, acheteurs: 2609,
  // fonds, financement
  fonds: 231, européen: 703, européens: 423, européenne: 351, européennes: 1203, financement: 323,
  financements: 583, financer: 1053, subvention: 1153, subventions: 733, budget: 1307, investissement: 1111,
  // thèmes
  alimentation: 381, alimentaire: 291, alimentaires: 603, mobilité: 331, mobilités: 2203, transport: 1509,
  transports: 2111, œuvre: 251, œuvres: 2803, habitat: 903, logement: 563, logements: 1103, agriculture: 753,
  agricole: 883, agricoles: 1303, transition: 433, écologique: 483, écologiques: 1407, énergie: 1011,
  innovation: 601, innovations: 3203, utilité: 661, évaluation: 841, gouvernance: 771, jeunesse: 1451,
  culture: 961, culturel: 1801, culturelle: 1903, tourisme: 2101, foncier: 1651, ruralité: 2301, rural: 1701,
  rurale: 1211, numérique: 1351, circulaire: 1021, déchets: 1553, réemploi: 2603,
  // action publique
  acteurs: 96, acteur: 401, actrices: 5009, développement: 106, politique: 126, politiques: 191, projet: 136,
  projets: 146, soutien: 176, accompagnement: 236, accompagner: 446, partenariat: 541, partenaires: 391,
  dispositif: 421, dispositifs: 613, local: 166, locale: 156, locaux: 525, locales: 356, durable: 397,
  durables: 1299, citoyens: 741, habitants: 631,
  // rare words, deep in the tail
  maraîchage: 8_003, ressourcerie: 9_001, recyclerie: 11_003, conciergerie: 12_007, essaimage: 13_009,
  autopartage: 14_011, légumerie: 15_013, permaculture: 16_001, microcrédit: 17_003, écoconception: 18_007,
  pollinisation: 19_001, covoiturage: 5_207,
};

/** Fixed expressions dropped into the text, most frequent first. */
export const collocations = [
  'économie sociale et solidaire', 'commande publique', 'mise en œuvre', 'collectivités territoriales',
  'fonds européens', 'insertion par l’activité économique', 'économie circulaire', 'clauses sociales',
  'marchés publics', 'circuits courts', 'transition écologique', 'utilité sociale', 'développement local',
  'politique de la ville', 'achats responsables', 'projet alimentaire territorial', 'mobilité solidaire',
  'société coopérative d’intérêt collectif', 'tiers lieux', 'pôle territorial de coopération économique',
];

const onsets = ['b', 'c', 'd', 'f', 'g', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'ch', 'br', 'cr', 'dr', 'fr', 'gr',
  'pl', 'pr', 'tr', 'qu', 'gu', 'j', 'bl', 'cl', 'fl', 'gl', 'vr'];
const nuclei = ['a', 'a', 'e', 'i', 'o', 'u', 'é', 'é', 'è', 'ou', 'ai', 'au', 'eu', 'oi', 'an', 'en', 'on', 'in', 'ê', 'â'];
const connectors = ['r', 'l', 'n', 't', 's', 'c', 'm', 'v', 'd', 'ss', 'qu'];

/** Suffix families: each lemma gives all the forms of its family (plural, feminine, verb endings). */
const families: readonly (readonly string[])[] = [
  ['tion', 'tions'], ['ment', 'ments'], ['age', 'ages'], ['ité', 'ités'], ['eur', 'eurs', 'euse', 'euses'],
  ['ique', 'iques'], ['able', 'ables'], ['if', 'ifs', 'ive', 'ives'], ['al', 'aux', 'ale', 'ales'],
  ['el', 'els', 'elle', 'elles'], ['er', 'e', 'es', 'ent', 'ons', 'ez', 'é', 'ée', 'és', 'ées', 'ant'],
  ['ance', 'ances'], ['ence', 'ences'], ['isme', 'ismes'], ['iste', 'istes'], ['erie', 'eries'], ['oir', 'oirs'],
  ['ier', 'iers', 'ière', 'ières'], ['eux', 'euse', 'euses'], ['ure', 'ures'], ['in', 'ins', 'ine', 'ines'],
  ['ade', 'ades'], ['ette', 'ettes'], ['at', 'ats'],
];

export interface Vocabulary {
  /** Word forms by rank: forms[0] is the most frequent. */
  forms: string[];
  /** Cumulative Zipf weights by rank, for sampling. */
  cumulative: Float64Array;
}

const vocabularyCache = new Map<number, Vocabulary>();

/** The vocabulary of a seed: always the same forms at the same ranks. */
export function buildVocabulary(seed: number = defaultSeed, size: number = vocabularyTarget): Vocabulary {
  const key = seed * 100_003 + size;
  const cached = vocabularyCache.get(key);
  if (cached) return cached;
  const rand = mulberry32(mixSeed(seed, -1));
  const reserved = new Set<string>([...functionWords, ...Object.keys(seededWords)]);
  const synthetic: string[] = [];
  const syntheticSet = new Set<string>();
  const wanted = size - reserved.size;
  while (synthetic.length < wanted) {
    let stem = '';
    const roll = rand();
    const syllables = roll < 0.45 ? 1 : roll < 0.88 ? 2 : 3;
    for (let i = 0; i < syllables; i += 1) stem += pick(rand, onsets) + pick(rand, nuclei);
    const family = pick(rand, families);
    const first = family[0] ?? '';
    const join = /^[aeiouéèêâ]/.test(first) ? pick(rand, connectors) : '';
    for (const suffix of family) {
      const form = stem + join + suffix;
      if (synthetic.length >= wanted) break;
      if (reserved.has(form) || syntheticSet.has(form)) continue;
      syntheticSet.add(form);
      synthetic.push(form);
    }
  }
  // Shuffle the synthetic forms (Fisher–Yates) so families spread over the ranks.
  for (let i = synthetic.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    const a = synthetic[i] as string;
    synthetic[i] = synthetic[j] as string;
    synthetic[j] = a;
  }
  const forms: (string | undefined)[] = new Array<string | undefined>(size).fill(undefined);
  functionWords.forEach((word, index) => {
    forms[index] = word;
  });
  for (const [word, rank] of Object.entries(seededWords)) {
    let slot = rank - 1;
    while (forms[slot] !== undefined) slot += 1;
    forms[slot] = word;
  }
  let next = 0;
  for (let i = 0; i < size; i += 1) {
    if (forms[i] === undefined) forms[i] = synthetic[next++];
  }
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i += 1) {
    total += 1 / Math.pow(i + 1, zipfExponent);
    cumulative[i] = total;
  }
  const vocabulary = { forms: forms as string[], cumulative };
  vocabularyCache.set(key, vocabulary);
  return vocabulary;
}

/** A word form drawn with its Zipf probability. */
function sampleWord(vocabulary: Vocabulary, rand: () => number): string {
  const { cumulative, forms } = vocabulary;
  const target = rand() * (cumulative[cumulative.length - 1] ?? 0);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return forms[lo] ?? '';
}

/** Collocations with a Zipf-like weight of their own. */
function sampleCollocation(rand: () => number): string {
  const index = Math.min(collocations.length - 1, Math.floor(Math.pow(rand(), 2.2) * collocations.length));
  return collocations[index] ?? '';
}

// ---------------------------------------------------------------------------------------
// Text

const collocationRate = 0.012;

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Exactly `count` words (a collocation counts as its words), as a list of tokens. */
function wordRun(vocabulary: Vocabulary, rand: () => number, count: number): string[] {
  const out: string[] = [];
  let produced = 0;
  while (produced < count) {
    const expression = rand() < collocationRate ? sampleCollocation(rand) : '';
    const length = expression.split(' ').length;
    if (expression && produced + length <= count) {
      out.push(expression);
      produced += length;
    } else {
      out.push(sampleWord(vocabulary, rand));
      produced += 1;
    }
  }
  return out;
}

function sentence(vocabulary: Vocabulary, rand: () => number, count: number): string {
  const tokens = wordRun(vocabulary, rand, count);
  let text = '';
  tokens.forEach((token, index) => {
    text += index === 0 ? capitalize(token) : ` ${token}`;
    if (index < tokens.length - 1 && rand() < 0.07) text += ',';
  });
  return `${text}.`;
}

export interface BenchFiche {
  index: number;
  kitIndex: number;
  number: number;
  title: string;
  summary: string;
  themes: string[];
  competences: string[];
  bodyMd: string;
  /**
   * The body as markdownToPlainText reads it (one block per heading, paragraph or list item),
   * built along with the markdown because running marked over 600 M characters would double
   * the generation time; corpus.test.ts checks both agree.
   */
  bodyText: string;
}

interface ContentVocabulary {
  themes: string[];
  competences: Record<BenchScale, string[]>;
}

let contentVocabulary: ContentVocabulary | undefined;

/** Themes and competences of the app's own content/vocabulaire.yml, so imports validate. */
export function readContentVocabulary(): ContentVocabulary {
  if (!contentVocabulary) {
    const file = fileURLToPath(new URL('../content/vocabulaire.yml', import.meta.url));
    const parsed = parseYaml(fs.readFileSync(file, 'utf8')) as ContentVocabulary;
    contentVocabulary = { themes: parsed.themes, competences: parsed.competences };
  }
  return contentVocabulary;
}

export function scaleOfKit(kitIndex: number): BenchScale {
  return scales[kitIndex % scales.length] ?? 'commune';
}

/** Fiche number `index` (0-based, over the whole corpus) of a seed: always the same text. */
export function generateFiche(index: number, seed: number = defaultSeed): BenchFiche {
  const vocabulary = buildVocabulary(seed);
  const rand = mulberry32(mixSeed(seed, index));
  const kitIndex = Math.floor(index / fichesPerKit);
  const { themes: allThemes, competences: allCompetences } = readContentVocabulary();

  const title = capitalize(wordRun(vocabulary, rand, between(rand, 4, 10)).join(' '));
  const summaryWords = between(rand, 25, 50);
  const firstPart = Math.max(8, Math.floor(summaryWords / 2));
  const summary =
    rand() < 0.5
      ? sentence(vocabulary, rand, summaryWords)
      : `${sentence(vocabulary, rand, firstPart)} ${sentence(vocabulary, rand, summaryWords - firstPart)}`;

  const themes = new Set<string>();
  const themeCount = between(rand, 1, 3);
  while (themes.size < themeCount) themes.add(pick(rand, allThemes));
  const competences = new Set<string>();
  const scaleCompetences = allCompetences[scaleOfKit(kitIndex)];
  const competenceCount = between(rand, 0, 2);
  while (competences.size < competenceCount) competences.add(pick(rand, scaleCompetences));

  const target = between(rand, 600, 1200);
  const blocks: string[] = [];
  const plain: string[] = [];
  let written = 0;
  while (written < target) {
    const headingWords = between(rand, 2, 6);
    const heading = capitalize(wordRun(vocabulary, rand, headingWords).join(' '));
    blocks.push(`## ${heading}`);
    plain.push(heading);
    written += headingWords;
    const sectionEnd = Math.min(target, written + between(rand, 120, 260));
    while (written < sectionEnd) {
      if (rand() < 0.12) {
        const items = between(rand, 3, 5);
        const lines: string[] = [];
        for (let i = 0; i < items; i += 1) {
          const n = between(rand, 4, 10);
          const item = capitalize(wordRun(vocabulary, rand, n).join(' '));
          lines.push(`- ${item}`);
          plain.push(item);
          written += n;
        }
        blocks.push(lines.join('\n'));
        continue;
      }
      const sentences: string[] = [];
      const count = between(rand, 2, 5);
      for (let i = 0; i < count && written < sectionEnd; i += 1) {
        const n = Math.min(between(rand, 8, 25), Math.max(4, sectionEnd - written));
        sentences.push(sentence(vocabulary, rand, n));
        written += n;
      }
      blocks.push(sentences.join(' '));
      plain.push(sentences.join(' '));
    }
  }
  return {
    index,
    kitIndex,
    number: (index % fichesPerKit) + 1,
    title,
    summary,
    themes: [...themes],
    competences: [...competences],
    bodyMd: `${blocks.join('\n\n')}\n`,
    bodyText: plain.join('\n\n'),
  };
}

function slugify(text: string, max = 60): string {
  const slug = text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (slug.slice(0, max).replace(/-+$/, '') || 'fiche');
}

export function kitSlug(kitIndex: number): string {
  return `banc-${String(kitIndex + 1).padStart(4, '0')}`;
}

/** A fiche as the importer takes it (what readPack would have produced from its file). */
export function toPackFiche(fiche: BenchFiche): PackFiche {
  const slug = slugify(fiche.title);
  const number = String(fiche.number).padStart(2, '0');
  return {
    file: `${kitSlug(fiche.kitIndex)}/${number}-${slug}.md`,
    number: fiche.number,
    slug,
    title: fiche.title,
    summary: fiche.summary,
    themes: fiche.themes,
    competences: fiche.competences,
    echelons: [scaleOfKit(fiche.kitIndex)],
    sourceUrl: 'https://rtes.fr/banc-d-essai',
    complement: null,
    bodyMd: fiche.bodyMd,
    bodyText: fiche.bodyText,
    contentHash: createHash('sha256').update(fiche.title).update(fiche.summary).update(fiche.bodyMd).digest('hex'),
  };
}

function kitOf(kitIndex: number, fiches: PackFiche[]): PackKit {
  const scale = scaleOfKit(kitIndex);
  return {
    slug: kitSlug(kitIndex),
    meta: {
      title: `Kit d’essai ${kitIndex + 1} (${scale})`,
      scale,
      year: 2020 + (kitIndex % 7),
      edition: '2026-01-01',
      publisher: 'RTES',
      source_url: 'https://rtes.fr/banc-d-essai',
      description: `Kit généré pour le banc d’essai de la recherche, n° ${kitIndex + 1}.`,
      original_count_approx: false,
      missing: [],
    },
    fiches,
    contentHash: createHash('sha256').update(`kit ${kitIndex}`).digest('hex'),
  };
}

/**
 * The corpus of `size` fiches as content packs of at most `fichesPerPack` fiches (whole kits
 * of 100 fiches numbered 1..100, scales commune/departement/region in turn), built lazily.
 */
export function* generatePacks(size: number, options: { seed?: number; fichesPerPack?: number } = {}): Generator<ContentPack> {
  const seed = options.seed ?? defaultSeed;
  const perPack = Math.max(fichesPerKit, options.fichesPerPack ?? 10_000);
  for (let start = 0; start < size; start += perPack) {
    const end = Math.min(size, start + perPack);
    const kits: PackKit[] = [];
    let fiches: PackFiche[] = [];
    let kitIndex = Math.floor(start / fichesPerKit);
    for (let index = start; index < end; index += 1) {
      const k = Math.floor(index / fichesPerKit);
      if (k !== kitIndex && fiches.length > 0) {
        kits.push(kitOf(kitIndex, fiches));
        fiches = [];
      }
      kitIndex = k;
      fiches.push(toPackFiche(generateFiche(index, seed)));
    }
    if (fiches.length > 0) kits.push(kitOf(kitIndex, fiches));
    yield { kits, glossary: null, edition: '2026-01-01' };
  }
}
