import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { KbError } from '../../shared/errors';
import { maxClockSkewMs } from '../../shared/limits';
import { isClosedStatus, roadmapKindLabels, targetLastDay, type RoadmapKind, type RoadmapStatus } from '../../shared/roadmap';
import {
  addRoadmapItemSchema,
  leverFiltersSchema,
  updateRoadmapItemSchema,
  type Indicator,
  type Lever,
  type RoadmapItem,
  type RoadmapItemTransfer,
} from '../../shared/roadmap-schemas';
import type { ProjectStatus, Scale, Vocabulary } from '../../shared/schemas';
import { foldWord } from '../../shared/search/normalize';
import type { Db } from '../db/open-database';

interface LeverRow {
  id: string;
  kit_slug: string;
  kit_title: string | null;
  fiche_number: number;
  fiche_title: string | null;
  source_url: string | null;
  competence: string | null;
  title: string;
  text: string;
  position: number;
  removed_at: string | null;
}

/** A row of roadmap_items, as the service and the exchange file read it. */
export interface RoadmapItemRow {
  id: string;
  roadmap: RoadmapKind;
  lever_id: string;
  status: RoadmapStatus;
  priority: RoadmapItem['priority'];
  target: string | null;
  official: string;
  lead_service: string;
  budget_eur: number | null;
  indicators_json: string;
  notes_md: string;
  created_at: string;
  updated_at: string;
}

const selectLevers = `
  SELECT l.id, l.kit_slug, k.title AS kit_title, l.fiche_number, f.title AS fiche_title, f.source_url, l.competence, l.title, l.text,
         l.position, l.removed_at
  FROM levers l
  LEFT JOIN kits k ON k.slug = l.kit_slug
  LEFT JOIN fiches f ON f.kit_id = k.id AND f.number = l.fiche_number`;
const leverOrder = `CASE k.scale WHEN 'commune' THEN 1 WHEN 'departement' THEN 2 WHEN 'region' THEN 3 ELSE 4 END, l.kit_slug, l.fiche_number, l.position`;

function toLever(row: LeverRow): Lever {
  return {
    id: row.id,
    kit: row.kit_slug,
    kitTitle: row.kit_title ?? row.kit_slug,
    number: row.fiche_number,
    ficheTitle: row.fiche_title ?? `Fiche ${row.fiche_number} (retirée)`,
    sourceUrl: row.source_url ?? '',
    competence: row.competence,
    title: row.title,
    text: row.text,
    position: row.position,
    removed: row.removed_at !== null,
  };
}

/** The levers of the fiches and the authority's roadmap built from them (programme of campaign, adopted roadmap). */
export class RoadmapService {
  constructor(
    private readonly db: Db,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  /** Levers in reading order (kit scale, fiche, position), with the roadmap items that chose each. */
  levers(filters: z.input<typeof leverFiltersSchema> = {}): (Lever & { items: { id: string; roadmap: RoadmapKind; status: RoadmapStatus }[] })[] {
    const { kit, number, query, includeRemoved } = leverFiltersSchema.parse(filters);
    const where: string[] = [];
    const params: unknown[] = [];
    if (kit) {
      where.push('l.kit_slug = ?');
      params.push(kit);
    }
    if (number !== undefined) {
      where.push('l.fiche_number = ?');
      params.push(number);
    }
    if (!includeRemoved) where.push('l.removed_at IS NULL');
    const rows = this.db
      .prepare(`${selectLevers} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${leverOrder}`)
      .all(...params) as LeverRow[];
    const words = query ? foldWord(query).split(/\s+/).filter(Boolean) : [];
    const matching = words.length
      ? rows.filter((row) => {
          const haystack = foldWord([row.title, row.text, row.competence ?? '', row.fiche_title ?? '', row.id].join(' '));
          return words.every((word) => haystack.includes(word));
        })
      : rows;
    const items = this.db.prepare('SELECT id, roadmap, status, lever_id FROM roadmap_items').all() as {
      id: string;
      roadmap: RoadmapKind;
      status: RoadmapStatus;
      lever_id: string;
    }[];
    return matching.map((row) => ({
      ...toLever(row),
      items: items.filter((item) => item.lever_id === row.id).map(({ id, roadmap, status }) => ({ id, roadmap, status })),
    }));
  }

  lever(id: string): Lever {
    const row = this.db.prepare(`${selectLevers} WHERE l.id = ?`).get(id) as LeverRow | undefined;
    if (!row) throw new KbError('not_found', `Levier inconnu : « ${id} ». La commande « kits-ess levers » les liste avec leurs identifiants.`);
    return toLever(row);
  }

  /** The items of one roadmap, in reading order of their levers. */
  list(roadmap: RoadmapKind = 'programme'): RoadmapItem[] {
    const rows = this.db
      .prepare(
        `SELECT r.* FROM roadmap_items r JOIN levers l ON l.id = r.lever_id LEFT JOIN kits k ON k.slug = l.kit_slug
         WHERE r.roadmap = ? ORDER BY ${leverOrder}`,
      )
      .all(roadmap) as RoadmapItemRow[];
    return rows.map((row) => this.toItem(row));
  }

  get(id: string): RoadmapItem {
    return this.toItem(this.row(id));
  }

  /** The items that a project carries out, in both roadmaps (its page lists them). */
  itemsOfProject(projectId: string): RoadmapItem[] {
    const rows = this.db
      .prepare('SELECT r.* FROM roadmap_items r JOIN roadmap_item_projects p ON p.item_id = r.id WHERE p.project_id = ? ORDER BY r.roadmap, r.created_at')
      .all(projectId) as RoadmapItemRow[];
    return rows.map((row) => this.toItem(row));
  }

  add(input: z.input<typeof addRoadmapItemSchema>): RoadmapItem {
    const item = addRoadmapItemSchema.parse(input);
    const id = randomUUID();
    this.db.transaction(() => {
      const lever = this.lever(item.leverId);
      const existing = this.db.prepare('SELECT 1 FROM roadmap_items WHERE roadmap = ? AND lever_id = ?').get(item.roadmap, lever.id);
      if (existing) {
        throw new KbError('invalid_input', `Le levier « ${lever.title} » est déjà dans « ${roadmapKindLabels[item.roadmap]} ».`);
      }
      const timestamp = this.now();
      this.db
        .prepare(
          `INSERT INTO roadmap_items (id, roadmap, lever_id, status, priority, target, official, lead_service, budget_eur, indicators_json,
             notes_md, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, item.roadmap, lever.id, item.status, item.priority, item.target, item.official, item.leadService, item.budget,
          JSON.stringify(item.indicators), item.notes, timestamp, timestamp);
      this.setProjects(id, item.projectIds);
    })();
    return this.get(id);
  }

  update(input: z.input<typeof updateRoadmapItemSchema>): RoadmapItem {
    const { id, projectIds, ...fields } = updateRoadmapItemSchema.parse(input);
    this.db.transaction(() => {
      const row = this.row(id);
      const next = {
        status: fields.status ?? row.status,
        priority: fields.priority ?? row.priority,
        target: fields.target === undefined ? row.target : fields.target,
        official: fields.official ?? row.official,
        lead_service: fields.leadService ?? row.lead_service,
        budget_eur: fields.budget === undefined ? row.budget_eur : fields.budget,
        indicators_json: fields.indicators ? JSON.stringify(fields.indicators) : row.indicators_json,
        notes_md: fields.notes ?? row.notes_md,
      };
      this.db
        .prepare(
          `UPDATE roadmap_items SET status = @status, priority = @priority, target = @target, official = @official, lead_service = @lead_service,
             budget_eur = @budget_eur, indicators_json = @indicators_json, notes_md = @notes_md, updated_at = @updated_at WHERE id = @id`,
        )
        .run({ ...next, updated_at: this.now(), id });
      if (projectIds) this.setProjects(id, projectIds);
    })();
    return this.get(id);
  }

  /** Removes an item and returns it whole (with its projects), so that « Annuler » puts it back exactly. */
  remove(id: string): RoadmapItemTransfer {
    return this.db.transaction(() => {
      const removed = this.toTransfer(this.row(id));
      this.db.prepare('DELETE FROM roadmap_items WHERE id = ?').run(id);
      return removed;
    })();
  }

  /**
   * Puts back a removed item (« Annuler ») with its id, dates and projects. The caller is trusted no
   * more than for a new item: its lever and projects must exist, its lever be free in that
   * roadmap, and its dates be real and past (a future date would win every later sync).
   */
  restore(item: RoadmapItemTransfer): RoadmapItem {
    this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM roadmap_items WHERE id = ?').get(item.id)) {
        throw new KbError('invalid_input', 'Cet élément est déjà dans la feuille de route : il a sans doute déjà été rétabli.');
      }
      const lever = this.lever(item.leverId);
      if (this.db.prepare('SELECT 1 FROM roadmap_items WHERE roadmap = ? AND lever_id = ?').get(item.roadmap, lever.id)) {
        throw new KbError('invalid_input', `Le levier « ${lever.title} » est déjà dans « ${roadmapKindLabels[item.roadmap]} ».`);
      }
      if (Date.parse(item.createdAt) > Date.parse(this.now()) + maxClockSkewMs || Date.parse(item.updatedAt) > Date.parse(this.now()) + maxClockSkewMs) {
        throw new KbError('invalid_input', 'Cet élément porte une date dans le futur : il ne peut pas être rétabli.');
      }
      if (Date.parse(item.createdAt) > Date.parse(item.updatedAt)) {
        throw new KbError('invalid_input', 'Cet élément aurait été modifié avant d’être créé : il ne peut pas être rétabli.');
      }
      this.writeTransferred(item);
    })();
    return this.get(item.id);
  }

  /**
   * Copies the items of one roadmap into the other (the programme into the adopted roadmap after
   * the election): a lever already there is left as it is.
   */
  copy(from: RoadmapKind, to: RoadmapKind): { added: number; alreadyThere: number } {
    if (from === to) throw new KbError('invalid_input', 'Choisissez deux feuilles de route différentes.');
    let added = 0;
    let alreadyThere = 0;
    this.db.transaction(() => {
      for (const row of this.db.prepare('SELECT * FROM roadmap_items WHERE roadmap = ? ORDER BY created_at').all(from) as RoadmapItemRow[]) {
        if (this.db.prepare('SELECT 1 FROM roadmap_items WHERE roadmap = ? AND lever_id = ?').get(to, row.lever_id)) {
          alreadyThere += 1;
          continue;
        }
        const id = randomUUID();
        const timestamp = this.now();
        this.db
          .prepare(
            `INSERT INTO roadmap_items (id, roadmap, lever_id, status, priority, target, official, lead_service, budget_eur, indicators_json,
               notes_md, created_at, updated_at)
             SELECT ?, ?, lever_id, status, priority, target, official, lead_service, budget_eur, indicators_json, notes_md, ?, ?
             FROM roadmap_items WHERE id = ?`,
          )
          .run(id, to, timestamp, timestamp, row.id);
        this.db
          .prepare('INSERT INTO roadmap_item_projects (item_id, project_id) SELECT ?, project_id FROM roadmap_item_projects WHERE item_id = ?')
          .run(id, row.id);
        added += 1;
      }
    })();
    return { added, alreadyThere };
  }

  /**
   * What the dashboard shows: per competence of the territory's scale (the competences of each
   * lever's fiche), the levers chosen, engaged and done, and the items past their date.
   */
  summary(roadmap: RoadmapKind, kitScale: Scale | null, vocabulary: Vocabulary) {
    const items = this.list(roadmap).filter((item) => item.status !== 'abandonne');
    const competences = kitScale
      ? vocabulary.competences[kitScale]
      : [...new Set([...vocabulary.competences.commune, ...vocabulary.competences.departement, ...vocabulary.competences.region])];
    const ficheCompetences = this.db.prepare(
      `SELECT t.term FROM fiche_terms t JOIN fiches f ON f.id = t.fiche_id JOIN kits k ON k.id = f.kit_id
       WHERE t.kind = 'competence' AND k.slug = ? AND f.number = ?`,
    );
    const termsOf = new Map(
      items.map((item) => [item.id, new Set((ficheCompetences.all(item.lever.kit, item.lever.number) as { term: string }[]).map((r) => r.term))]),
    );
    const count = (list: RoadmapItem[]) => ({
      chosen: list.length,
      engaged: list.filter((item) => item.status === 'engage').length,
      done: list.filter((item) => item.status === 'realise').length,
    });
    return {
      roadmap,
      byCompetence: competences.map((competence) => ({ competence, ...count(items.filter((item) => termsOf.get(item.id)?.has(competence))) })),
      totals: count(items),
      overdue: items
        .filter((item) => item.overdue)
        .map((item) => ({ id: item.id, title: item.lever.title, target: item.target ?? '', status: item.status })),
    };
  }

  /** Every item as the exchange file carries it. */
  transferRows(): RoadmapItemTransfer[] {
    return (this.db.prepare('SELECT * FROM roadmap_items ORDER BY created_at, id').all() as RoadmapItemRow[]).map((row) => this.toTransfer(row));
  }

  /** One item as a team document carries it, or null when it no longer exists. */
  transferRow(id: string): RoadmapItemTransfer | null {
    const row = this.db.prepare('SELECT * FROM roadmap_items WHERE id = ?').get(id) as RoadmapItemRow | undefined;
    return row ? this.toTransfer(row) : null;
  }

  private toTransfer(row: RoadmapItemRow): RoadmapItemTransfer {
    return {
      id: row.id,
      roadmap: row.roadmap,
      leverId: row.lever_id,
      leverTitle: this.lever(row.lever_id).title,
      ...itemFields(row),
      projectIds: this.projectIdsOf(row.id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /** Writes an item from an exchange file as it is (the caller checked it and chose the newer version). */
  writeTransferred(item: RoadmapItemTransfer): void {
    this.lever(item.leverId);
    this.db
      .prepare(
        `INSERT INTO roadmap_items (id, roadmap, lever_id, status, priority, target, official, lead_service, budget_eur, indicators_json,
           notes_md, created_at, updated_at)
         VALUES (@id, @roadmap, @leverId, @status, @priority, @target, @official, @leadService, @budget, @indicators, @notes, @createdAt, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET roadmap = excluded.roadmap, lever_id = excluded.lever_id, status = excluded.status,
           priority = excluded.priority, target = excluded.target, official = excluded.official, lead_service = excluded.lead_service,
           budget_eur = excluded.budget_eur, indicators_json = excluded.indicators_json, notes_md = excluded.notes_md,
           created_at = excluded.created_at, updated_at = excluded.updated_at`,
      )
      .run({ ...item, indicators: JSON.stringify(item.indicators) });
    this.setProjects(item.id, item.projectIds);
  }

  private setProjects(itemId: string, projectIds: readonly string[]): void {
    const exists = this.db.prepare('SELECT title FROM projects WHERE id = ?');
    for (const projectId of projectIds) {
      if (!exists.get(projectId)) throw new KbError('not_found', 'Un des projets choisis n’existe plus : rechargez la page.');
    }
    this.db.prepare('DELETE FROM roadmap_item_projects WHERE item_id = ?').run(itemId);
    const insert = this.db.prepare('INSERT OR IGNORE INTO roadmap_item_projects (item_id, project_id) VALUES (?, ?)');
    for (const projectId of projectIds) insert.run(itemId, projectId);
  }

  private projectIdsOf(itemId: string): string[] {
    return (this.db.prepare('SELECT project_id FROM roadmap_item_projects WHERE item_id = ? ORDER BY project_id').all(itemId) as { project_id: string }[]).map(
      (r) => r.project_id,
    );
  }

  private row(id: string): RoadmapItemRow {
    const row = this.db.prepare('SELECT * FROM roadmap_items WHERE id = ?').get(id) as RoadmapItemRow | undefined;
    if (!row) throw new KbError('not_found', 'Cet élément de la feuille de route n’existe plus : rechargez la page.');
    return row;
  }

  private toItem(row: RoadmapItemRow): RoadmapItem {
    const projects = this.db
      .prepare('SELECT p.id, p.title, p.status FROM roadmap_item_projects r JOIN projects p ON p.id = r.project_id WHERE r.item_id = ? ORDER BY p.title')
      .all(row.id) as { id: string; title: string; status: ProjectStatus }[];
    const today = this.now().slice(0, 10);
    return {
      id: row.id,
      roadmap: row.roadmap,
      lever: this.lever(row.lever_id),
      ...itemFields(row),
      projects,
      overdue: row.target !== null && !isClosedStatus(row.status) && targetLastDay(row.target) < today,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

/** The fields a person edits on an item, as the API and the exchange file name them. */
function itemFields(row: RoadmapItemRow) {
  return {
    status: row.status,
    priority: row.priority,
    target: row.target,
    official: row.official,
    leadService: row.lead_service,
    budget: row.budget_eur,
    indicators: JSON.parse(row.indicators_json) as Indicator[],
    notes: row.notes_md,
  };
}
