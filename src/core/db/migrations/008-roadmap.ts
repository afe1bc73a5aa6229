import { parseLevers } from '../../../shared/markdown/levers';
import { syncFicheLevers } from '../../levers/lever-sync';
import { statementCache } from '../statement-cache';
import { triggers, type SharedTable } from './006-team-sync';
import type { Migration } from './migration';

/** A roadmap item travels to the team as one document, its projects inside it (src/core/sync). */
const roadmapSharedTables: SharedTable[] = [
  {
    table: 'roadmap_items',
    docId: (row) => `'roadmap_item:' || ${row}.id`,
    columns: ['roadmap', 'lever_id', 'status', 'priority', 'target', 'official', 'lead_service', 'budget_eur', 'indicators_json', 'notes_md', 'updated_at'],
  },
  { table: 'roadmap_item_projects', docId: (row) => `'roadmap_item:' || ${row}.item_id`, columns: ['item_id', 'project_id'] },
];

/** Queues every roadmap item (a first connection to a team, with the records of 006's list). */
export const enqueueRoadmapItems = `
  INSERT OR IGNORE INTO sync_outbox (doc_id, change_no)
    SELECT 'roadmap_item:' || id, (SELECT coalesce(max(change_no), 0) FROM sync_outbox) + row_number() OVER () FROM roadmap_items;`;

/**
 * The levers of each fiche (« Ce que peut faire la collectivité ») as rows of their own, and the
 * roadmap built from them. A lever is never deleted: when a new edition drops it, `removed_at` is
 * set and the roadmap items that chose it stay. Items link to projects both ways through
 * roadmap_item_projects.
 */
export const roadmap: Migration = {
  version: 8,
  name: 'levers of the fiches, roadmap items and their projects',
  up(db) {
    db.exec(`
      CREATE TABLE levers (
        id TEXT PRIMARY KEY NOT NULL,
        kit_slug TEXT NOT NULL,
        fiche_number INTEGER NOT NULL,
        competence TEXT,
        title TEXT NOT NULL CHECK (length(trim(title)) > 0),
        text TEXT NOT NULL,
        position INTEGER NOT NULL,
        removed_at TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX levers_by_fiche ON levers (kit_slug, fiche_number, position);

      CREATE TABLE roadmap_items (
        id TEXT PRIMARY KEY NOT NULL,
        roadmap TEXT NOT NULL CHECK (roadmap IN ('programme', 'adoptee')),
        lever_id TEXT NOT NULL REFERENCES levers (id),
        status TEXT NOT NULL CHECK (status IN ('envisage', 'retenu', 'engage', 'realise', 'abandonne')),
        priority TEXT NOT NULL DEFAULT 'normale' CHECK (priority IN ('haute', 'normale', 'basse')),
        -- A year (2027) or a quarter (2027-T3).
        target TEXT CHECK (target IS NULL OR target GLOB '[0-9][0-9][0-9][0-9]' OR target GLOB '[0-9][0-9][0-9][0-9]-T[1-4]'),
        official TEXT NOT NULL DEFAULT '',
        lead_service TEXT NOT NULL DEFAULT '',
        budget_eur INTEGER CHECK (budget_eur IS NULL OR budget_eur >= 0),
        indicators_json TEXT NOT NULL DEFAULT '[]',
        notes_md TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (roadmap, lever_id)
      );
      CREATE INDEX roadmap_items_by_lever ON roadmap_items (lever_id);

      CREATE TABLE roadmap_item_projects (
        item_id TEXT NOT NULL REFERENCES roadmap_items (id) ON DELETE CASCADE,
        project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        PRIMARY KEY (item_id, project_id)
      ) WITHOUT ROWID;
      CREATE INDEX roadmap_item_projects_by_project ON roadmap_item_projects (project_id);

      ${roadmapSharedTables.map(triggers).join('\n')}
    `);
    // The fiches already stored get their levers now: an unchanged edition is not imported again.
    const prepare = statementCache(db);
    const now = new Date().toISOString();
    const fiches = db.prepare('SELECT k.slug, f.number, f.body_md FROM fiches f JOIN kits k ON k.id = f.kit_id ORDER BY k.slug, f.number').all() as {
      slug: string;
      number: number;
      body_md: string;
    }[];
    for (const fiche of fiches) syncFicheLevers(prepare, fiche.slug, fiche.number, parseLevers(fiche.body_md).levers, now);
  },
};
