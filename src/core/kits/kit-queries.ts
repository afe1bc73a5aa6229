import { KbError } from '../../shared/errors';
import type { Fiche, FicheSummary, GlossaryEntry, Kit, Scale } from '../../shared/schemas';
import type { Db } from '../db/open-database';

interface KitRow {
  slug: string;
  title: string;
  scale: Scale;
  year: number;
  edition: string;
  publisher: string;
  source_url: string;
  elections: string | null;
  published: string | null;
  description: string;
  original_count: number | null;
  original_count_approx: number;
  missing_json: string;
  fiche_count: number;
}

const scaleOrder = "CASE k.scale WHEN 'commune' THEN 1 WHEN 'departement' THEN 2 ELSE 3 END";

export function listKits(db: Db): Kit[] {
  const rows = db
    .prepare(
      `SELECT k.*, (SELECT count(*) FROM fiches f WHERE f.kit_id = k.id) AS fiche_count
       FROM kits k ORDER BY ${scaleOrder}, k.year, k.title`,
    )
    .all() as KitRow[];
  return rows.map((row) => ({
    slug: row.slug,
    title: row.title,
    scale: row.scale,
    year: row.year,
    edition: row.edition,
    publisher: row.publisher,
    sourceUrl: row.source_url,
    elections: row.elections,
    published: row.published,
    description: row.description,
    originalCount: row.original_count,
    originalCountApprox: row.original_count_approx === 1,
    ficheCount: row.fiche_count,
    missing: JSON.parse(row.missing_json) as Kit['missing'],
  }));
}

function kitId(db: Db, slug: string): number {
  const row = db.prepare('SELECT id FROM kits WHERE slug = ?').get(slug) as { id: number } | undefined;
  if (!row) throw new KbError('not_found', `Le kit « ${slug} » n’existe pas dans cette base.`);
  return row.id;
}

/** Terms of one kind for many fiches at once, in each fiche's own order. */
function termsByFiche(db: Db, kind: string, ficheIds: number[]): Map<number, string[]> {
  const map = new Map<number, string[]>(ficheIds.map((id) => [id, []]));
  if (ficheIds.length === 0) return map;
  const rows = db
    .prepare(
      `SELECT fiche_id, term FROM fiche_terms
       WHERE kind = ? AND fiche_id IN (SELECT value FROM json_each(?)) ORDER BY fiche_id, position`,
    )
    .all(kind, JSON.stringify(ficheIds)) as { fiche_id: number; term: string }[];
  for (const row of rows) map.get(row.fiche_id)?.push(row.term);
  return map;
}

export function listFiches(db: Db, kit: string): FicheSummary[] {
  const id = kitId(db, kit);
  const rows = db
    .prepare('SELECT id, number, slug, title, summary FROM fiches WHERE kit_id = ? ORDER BY number')
    .all(id) as { id: number; number: number; slug: string; title: string; summary: string }[];
  const themes = termsByFiche(db, 'theme', rows.map((r) => r.id));
  return rows.map((row) => ({
    kit,
    number: row.number,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    themes: themes.get(row.id) ?? [],
  }));
}

export function getFiche(db: Db, kit: string, number: number): Fiche {
  const row = db
    .prepare(
      `SELECT f.*, k.title AS kit_title, k.year AS kit_year FROM fiches f JOIN kits k ON k.id = f.kit_id
       WHERE k.slug = ? AND f.number = ?`,
    )
    .get(kit, number) as
    | {
        id: number;
        number: number;
        slug: string;
        title: string;
        summary: string;
        body_md: string;
        source_url: string;
        complement: string | null;
        edition: string;
        kit_title: string;
        kit_year: number;
      }
    | undefined;
  if (!row) {
    kitId(db, kit);
    throw new KbError('not_found', `La fiche n° ${number} n’existe pas dans le kit « ${kit} ».`);
  }
  const terms = (kind: string): string[] => termsByFiche(db, kind, [row.id]).get(row.id) ?? [];
  return {
    kit,
    kitTitle: row.kit_title,
    kitYear: row.kit_year,
    number: row.number,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    bodyMd: row.body_md,
    sourceUrl: row.source_url,
    complement: row.complement,
    edition: row.edition,
    themes: terms('theme'),
    competences: terms('competence'),
    echelons: terms('echelon'),
  };
}

export function listGlossary(db: Db): GlossaryEntry[] {
  const rows = db.prepare('SELECT term, long_form, definition, variants_json FROM glossary ORDER BY term').all() as {
    term: string;
    long_form: string | null;
    definition: string;
    variants_json: string;
  }[];
  return rows.map((row) => ({
    term: row.term,
    longForm: row.long_form,
    definition: row.definition,
    variants: JSON.parse(row.variants_json) as string[],
  }));
}
