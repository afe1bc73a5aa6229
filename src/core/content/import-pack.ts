import { AnnotationService } from '../annotations/annotation-service';
import type { Db } from '../db/open-database';
import { statementCache, type Prepare } from '../db/statement-cache';
import { syncFicheLevers } from '../levers/lever-sync';
import { parseLevers } from '../../shared/markdown/levers';
import { scales } from '../../shared/scales';
import type { Vocabulary } from './pack-schemas';
import type { ContentPack, PackFiche, PackKit } from './read-pack';

export interface ImportReport {
  kitsAdded: number;
  kitsUpdated: number;
  fichesAdded: number;
  fichesUpdated: number;
  fichesRemoved: number;
  fichesUnchanged: number;
  glossaryChanged: boolean;
  vocabularyChanged: boolean;
  /** Each fiche added, updated or removed, for the report a person reads after an update. */
  changes: FicheChange[];
}

export interface FicheChange {
  kit: string;
  number: number;
  title: string;
  change: 'added' | 'updated' | 'removed';
}

/**
 * Writes a validated pack in one transaction. Rows whose content hash has not changed are
 * left alone, so importing the same pack twice changes nothing.
 */
export function importPack(db: Db, pack: ContentPack, now: () => string = () => new Date().toISOString()): ImportReport {
  const report: ImportReport = {
    kitsAdded: 0,
    kitsUpdated: 0,
    fichesAdded: 0,
    fichesUpdated: 0,
    fichesRemoved: 0,
    fichesUnchanged: 0,
    glossaryChanged: false,
    vocabularyChanged: false,
    changes: [],
  };
  const annotations = new AnnotationService(db, now);
  const prepare = statementCache(db);
  db.transaction(() => {
    for (const kit of pack.kits) importKit(prepare, kit, now(), report, annotations);
    if (pack.glossary) report.glossaryChanged = replaceGlossary(db, pack.glossary);
    if (pack.vocabulary) report.vocabularyChanged = mergeVocabulary(db, pack.vocabulary);
  })();
  return report;
}

function importKit(prepare: Prepare, kit: PackKit, timestamp: string, report: ImportReport, annotations: AnnotationService): void {
  const existing = prepare('SELECT id, content_hash FROM kits WHERE slug = ?').get(kit.slug) as
    | { id: number; content_hash: string }
    | undefined;
  const m = kit.meta;
  const values = {
    slug: kit.slug,
    title: m.title,
    scale: m.scale,
    year: m.year,
    edition: m.edition,
    publisher: m.publisher,
    source_url: m.source_url,
    elections: m.elections ?? null,
    published: m.published ?? null,
    description: m.description,
    original_count: m.original_count ?? null,
    original_count_approx: m.original_count_approx ? 1 : 0,
    missing_json: JSON.stringify(m.missing.map((x) => ({ number: x.number, hint: x.hint ?? null }))),
    content_hash: kit.contentHash,
    updated_at: timestamp,
  };
  let kitId: number;
  if (!existing) {
    kitId = Number(
      prepare(
          `INSERT INTO kits (slug, title, scale, year, edition, publisher, source_url, elections, published, description,
             original_count, original_count_approx, missing_json, content_hash, updated_at)
           VALUES (@slug, @title, @scale, @year, @edition, @publisher, @source_url, @elections, @published, @description,
             @original_count, @original_count_approx, @missing_json, @content_hash, @updated_at)`,
        )
        .run(values).lastInsertRowid,
    );
    report.kitsAdded += 1;
  } else {
    kitId = existing.id;
    if (existing.content_hash !== kit.contentHash) {
      prepare(
        `UPDATE kits SET title = @title, scale = @scale, year = @year, edition = @edition, publisher = @publisher,
           source_url = @source_url, elections = @elections, published = @published, description = @description,
           original_count = @original_count, original_count_approx = @original_count_approx,
           missing_json = @missing_json, content_hash = @content_hash, updated_at = @updated_at
         WHERE id = @id`,
      ).run({ ...values, id: kitId });
      report.kitsUpdated += 1;
    }
  }

  const current = new Map(
    (prepare('SELECT id, number, title, content_hash FROM fiches WHERE kit_id = ?').all(kitId) as FicheRow[]).map((row) => [
      row.number,
      row,
    ]),
  );
  for (const fiche of kit.fiches) {
    const row = current.get(fiche.number);
    current.delete(fiche.number);
    if (row && row.content_hash === fiche.contentHash) {
      report.fichesUnchanged += 1;
      continue;
    }
    writeFiche(prepare, kitId, row?.id, fiche, kit.meta.edition, timestamp);
    // Annotations follow their passage into the new text, in the same transaction.
    annotations.reanchorFiche(kit.slug, fiche.number, fiche.bodyText);
    // Levers too keep their identifiers (and so their roadmap items) across editions.
    syncFicheLevers(prepare, kit.slug, fiche.number, parseLevers(fiche.bodyMd).levers, timestamp);
    if (row) report.fichesUpdated += 1;
    else report.fichesAdded += 1;
    report.changes.push({ kit: kit.slug, number: fiche.number, title: fiche.title, change: row ? 'updated' : 'added' });
  }
  for (const gone of current.values()) {
    prepare('DELETE FROM fiches WHERE id = ?').run(gone.id);
    annotations.reanchorFiche(kit.slug, gone.number, null);
    syncFicheLevers(prepare, kit.slug, gone.number, null, timestamp);
    report.fichesRemoved += 1;
    report.changes.push({ kit: kit.slug, number: gone.number, title: gone.title, change: 'removed' });
  }
}

interface FicheRow {
  id: number;
  number: number;
  title: string;
  content_hash: string;
}

function writeFiche(prepare: Prepare, kitId: number, id: number | undefined, fiche: PackFiche, edition: string, timestamp: string): void {
  const values = {
    kit_id: kitId,
    number: fiche.number,
    slug: fiche.slug,
    title: fiche.title,
    summary: fiche.summary,
    body_md: fiche.bodyMd,
    body_text: fiche.bodyText,
    themes_text: fiche.themes.join(', '),
    source_url: fiche.sourceUrl,
    complement: fiche.complement,
    edition,
    content_hash: fiche.contentHash,
    updated_at: timestamp,
  };
  let ficheId: number;
  if (id === undefined) {
    ficheId = Number(
      prepare(
          `INSERT INTO fiches (kit_id, number, slug, title, summary, body_md, body_text, themes_text, source_url, complement,
             edition, content_hash, updated_at)
           VALUES (@kit_id, @number, @slug, @title, @summary, @body_md, @body_text, @themes_text, @source_url, @complement,
             @edition, @content_hash, @updated_at)`,
        )
        .run(values).lastInsertRowid,
    );
  } else {
    ficheId = id;
    prepare(
      `UPDATE fiches SET slug = @slug, title = @title, summary = @summary, body_md = @body_md, body_text = @body_text,
         themes_text = @themes_text, source_url = @source_url, complement = @complement, edition = @edition, content_hash = @content_hash,
         updated_at = @updated_at
       WHERE id = @id`,
    ).run({ ...values, id: ficheId });
    prepare('DELETE FROM fiche_terms WHERE fiche_id = ?').run(ficheId);
  }
  const insertTerm = prepare('INSERT INTO fiche_terms (fiche_id, kind, term, position) VALUES (?, ?, ?, ?)');
  const terms: [string, string[]][] = [
    ['theme', fiche.themes],
    ['competence', fiche.competences],
    ['echelon', fiche.echelons],
  ];
  for (const [kind, list] of terms) {
    [...new Set(list)].forEach((term, position) => insertTerm.run(ficheId, kind, term, position));
  }
}

/** Replaces the glossary when it differs; returns whether anything changed. */
function replaceGlossary(db: Db, entries: NonNullable<ContentPack['glossary']>): boolean {
  const rows = entries.map((e) => ({
    term: e.term,
    long_form: e.longForm,
    definition: e.definition,
    variants_json: JSON.stringify(e.variants),
  }));
  const current = db.prepare('SELECT term, long_form, definition, variants_json FROM glossary ORDER BY term').all();
  const sorted = [...rows].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  if (JSON.stringify(current) === JSON.stringify(sorted)) return false;
  db.prepare('DELETE FROM glossary').run();
  const insert = db.prepare(
    'INSERT OR REPLACE INTO glossary (term, long_form, definition, variants_json) VALUES (@term, @long_form, @definition, @variants_json)',
  );
  for (const row of rows) insert.run(row);
  return true;
}

/**
 * Adds the pack's vocabulary to the stored one, so that projects are described with the same
 * terms as fiches. Terms are added, never removed: a pack of one's own does not take away the
 * bundled kits' terms, and an old term stays valid for what already uses it.
 */
function mergeVocabulary(db: Db, vocabulary: Vocabulary): boolean {
  const rows: { kind: string; scale: string; term: string; position: number }[] = [
    ...vocabulary.themes.map((term, position) => ({ kind: 'theme', scale: '', term, position })),
    ...vocabulary.echelons.map((term, position) => ({ kind: 'echelon', scale: '', term, position })),
    ...scales.flatMap((scale) => vocabulary.competences[scale].map((term, position) => ({ kind: 'competence', scale, term, position }))),
  ];
  const insert = db.prepare('INSERT OR IGNORE INTO vocabulary (kind, scale, term, position) VALUES (@kind, @scale, @term, @position)');
  let added = 0;
  for (const row of rows) added += insert.run(row).changes;
  return added > 0;
}
