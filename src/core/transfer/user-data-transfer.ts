import { KbError } from '../../shared/errors';
import { describeIssues } from '../../shared/dispatch';
import type { MergeReport } from '../../shared/schemas';
import type { AnnotationService } from '../annotations/annotation-service';
import type { Db } from '../db/open-database';
import type { ProjectService } from '../projects/project-service';
import type { TerritoryService } from '../territory/territory-service';
import {
  exportFormat,
  exportVersion,
  maxExportBytes,
  userDataSchema,
  type ExportedAnnotation,
  type ExportedProject,
  type UserData,
} from './user-data-format';

interface Services {
  db: Db;
  annotations: AnnotationService;
  projects: ProjectService;
  territory: TerritoryService;
}

/** Everything the user made (territory, projects, links, annotations with their tags), as one versioned document. */
export function exportUserData({ db, annotations, projects, territory }: Services, appVersion: string, now: string): UserData {
  const place = territory.get();
  const links = db
    .prepare('SELECT id, project_id, kit_slug, fiche_number, annotation_id, reason, created_at, updated_at FROM project_links ORDER BY created_at, id')
    .all() as {
    id: string;
    project_id: string;
    kit_slug: string;
    fiche_number: number;
    annotation_id: string | null;
    reason: string;
    created_at: string;
    updated_at: string;
  }[];
  return {
    format: exportFormat,
    version: exportVersion,
    exportedAt: now,
    appVersion,
    territory: place && { scale: place.scale, code: place.code, name: place.name, updatedAt: place.updatedAt },
    annotations: annotations.list({ sort: 'date' }).map((a) => ({
      id: a.id,
      kit: a.kit,
      number: a.number,
      color: a.color,
      note: a.note,
      tags: a.tags,
      selector: a.selector,
      status: a.status,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    })),
    projects: projects.list({ includeArchived: true }).map((p) => ({
      id: p.id,
      title: p.title,
      description: p.description,
      status: p.status,
      themes: p.themes,
      competences: p.competences,
      partners: p.partners,
      lead: p.lead,
      budget: p.budget,
      startDate: p.startDate,
      endDate: p.endDate,
      archived: p.archived,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    })),
    links: links.map((l) => ({
      id: l.id,
      projectId: l.project_id,
      kit: l.kit_slug,
      number: l.fiche_number,
      annotationId: l.annotation_id,
      reason: l.reason,
      createdAt: l.created_at,
      updatedAt: l.updated_at,
    })),
  };
}

/** Why JSON.parse refused an export, in French (its own message is in English). */
function unreadableJsonReason(text: string, error: unknown): string {
  if (!text.trimStart().startsWith('{')) return 'son contenu n’a pas la forme d’un fichier d’échange';
  const message = error instanceof Error ? error.message : '';
  if (/end of JSON input|Unterminated/i.test(message)) return 'il s’arrête avant la fin, il a sans doute été tronqué';
  const position = /position (\d+)/.exec(message)?.[1];
  const where = position === undefined ? '' : ` (vers le caractère ${Number(position) + 1})`;
  return `il a été modifié à la main et n’est plus lisible${where}`;
}

/** Reads an export file's text, refusing anything that is not a complete export of a known version. */
export function parseUserData(text: string): UserData {
  if (Buffer.byteLength(text, 'utf8') > maxExportBytes) {
    throw new KbError('invalid_input', `Fichier trop volumineux (plus de ${maxExportBytes / 1024 / 1024} Mo) : ce n’est pas un export Kits ESS.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new KbError('invalid_input', `Le fichier n’est pas un export Kits ESS lisible : ${unreadableJsonReason(text, error)}. Rien n’a été importé.`);
  }
  const head = raw as { format?: unknown; version?: unknown } | null;
  if (!head || typeof head !== 'object' || head.format !== exportFormat) {
    throw new KbError('invalid_input', 'Ce fichier n’est pas un export de données Kits ESS. Rien n’a été importé.');
  }
  if (typeof head.version === 'number' && head.version > exportVersion) {
    throw new KbError(
      'invalid_input',
      `Cet export vient d’une version plus récente de Kits ESS (format ${head.version}, celle-ci lit le format ${exportVersion}). Mettez Kits ESS à jour. Rien n’a été importé.`,
    );
  }
  const parsed = userDataSchema.safeParse(raw);
  if (!parsed.success) {
    throw new KbError('invalid_input', 'L’export contient des valeurs invalides (modifié à la main ?). Rien n’a été importé.', describeIssues(parsed.error.issues).slice(0, 20));
  }
  return parsed.data;
}

type Kind = MergeReport['conflicts'][number]['kind'];

/**
 * Merges an export into this base by id: new records are added, identical ones left alone;
 * when both sides changed a record, the most recently updated wins and the conflict is
 * reported. Annotations are then re-anchored on the local fiches. All or nothing.
 */
/** What merging `data` would do, without doing it: the merge runs in a transaction that is rolled back. */
export function previewMerge(services: Services, data: UserData): MergeReport {
  const rollback = new Error('merge preview');
  let report: MergeReport | null = null;
  try {
    services.db.transaction(() => {
      report = mergeUserData(services, data);
      throw rollback;
    })();
  } catch (error) {
    if (error !== rollback) throw error;
  }
  if (!report) throw new Error('the merge preview produced no report');
  return report;
}

export function mergeUserData(services: Services, data: UserData): MergeReport {
  const { db } = services;
  const report: MergeReport = {
    added: { annotations: 0, projects: 0, links: 0, territory: 0 },
    updated: { annotations: 0, projects: 0, links: 0, territory: 0 },
    unchanged: 0,
    conflicts: [],
    skipped: [],
    backupBeforeImport: null,
  };
  /** What to do with one incoming record, given the local one (if any); conflicts are reported here. */
  const decide = (
    kind: Kind,
    incoming: { id: string; label: string; updatedAt: string },
    local: { updatedAt: string; same: boolean; label?: string } | undefined,
  ): 'add' | 'update' | 'keep' => {
    if (!local) return 'add';
    if (local.same) {
      report.unchanged += 1;
      return 'keep';
    }
    const importedWins = Date.parse(incoming.updatedAt) > Date.parse(local.updatedAt);
    // Named as the version kept: that is the one the person will find.
    const label = importedWins ? incoming.label : (local.label ?? incoming.label);
    report.conflicts.push({ kind, id: incoming.id, label, kept: importedWins ? 'imported' : 'local' });
    return importedWins ? 'update' : 'keep';
  };

  db.transaction(() => {
    if (data.territory) {
      const local = services.territory.get();
      const same = local?.scale === data.territory.scale && local.code === data.territory.code;
      const action = decide(
        'territory',
        { id: 'territory', label: data.territory.name, updatedAt: data.territory.updatedAt },
        local ? { updatedAt: local.updatedAt, same } : undefined,
      );
      if (action !== 'keep') {
        db.prepare(
          `INSERT INTO territory (id, scale, code, name, updated_at) VALUES (1, @scale, @code, @name, @updatedAt)
           ON CONFLICT (id) DO UPDATE SET scale = excluded.scale, code = excluded.code, name = excluded.name, updated_at = excluded.updated_at`,
        ).run(data.territory);
        report[action === 'add' ? 'added' : 'updated'].territory += 1;
      }
    }

    const reanchor = new Set<string>();
    for (const incoming of data.annotations) {
      const local = db.prepare('SELECT updated_at FROM annotations WHERE id = ?').get(incoming.id) as { updated_at: string } | undefined;
      const same = local !== undefined && sameAnnotation(services, incoming);
      const label = (incoming.selector?.exact ?? incoming.note).slice(0, 60);
      const action = decide('annotation', { id: incoming.id, label, updatedAt: incoming.updatedAt }, local && { updatedAt: local.updated_at, same });
      if (action === 'keep') continue;
      if (action === 'update') db.prepare('DELETE FROM annotations WHERE id = ?').run(incoming.id);
      services.annotations.restore({ ...incoming, ficheTitle: null, kitTitle: null, status: incoming.selector ? 'anchored' : 'fiche' });
      if (incoming.selector) reanchor.add(`${incoming.kit}\u0000${incoming.number}`);
      report[action === 'add' ? 'added' : 'updated'].annotations += 1;
    }
    // Positions come from the other machine: find each passage again in this base's fiches.
    for (const key of reanchor) {
      const [kit = '', number = ''] = key.split('\u0000');
      const row = db
        .prepare('SELECT f.body_text FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = ? AND f.number = ?')
        .get(kit, Number(number)) as { body_text: string } | undefined;
      services.annotations.reanchorFiche(kit, Number(number), row?.body_text ?? null);
    }

    for (const incoming of data.projects) {
      const local = db.prepare('SELECT updated_at, title FROM projects WHERE id = ?').get(incoming.id) as { updated_at: string; title: string } | undefined;
      const same = local !== undefined && sameProject(services, incoming);
      const action = decide(
        'project',
        { id: incoming.id, label: incoming.title, updatedAt: incoming.updatedAt },
        local && { updatedAt: local.updated_at, same, label: local.title },
      );
      if (action === 'keep') continue;
      writeProject(db, incoming);
      report[action === 'add' ? 'added' : 'updated'].projects += 1;
    }

    for (const incoming of data.links) {
      if (!db.prepare('SELECT 1 FROM projects WHERE id = ?').get(incoming.projectId)) {
        report.skipped.push(`Lien ${incoming.id} : son projet n’est ni dans l’export ni dans cette base.`);
        continue;
      }
      const local = db.prepare('SELECT * FROM project_links WHERE id = ?').get(incoming.id) as
        | { updated_at: string; reason: string; annotation_id: string | null; kit_slug: string; fiche_number: number }
        | undefined;
      const annotationId = incoming.annotationId && db.prepare('SELECT 1 FROM annotations WHERE id = ?').get(incoming.annotationId) ? incoming.annotationId : null;
      const same =
        local !== undefined &&
        local.reason === incoming.reason &&
        local.annotation_id === annotationId &&
        local.kit_slug === incoming.kit &&
        local.fiche_number === incoming.number;
      const action = decide('link', { id: incoming.id, label: incoming.reason, updatedAt: incoming.updatedAt }, local && { updatedAt: local.updated_at, same });
      if (action === 'keep') continue;
      db.prepare(
        `INSERT INTO project_links (id, project_id, kit_slug, fiche_number, annotation_id, reason, created_at, updated_at)
         VALUES (@id, @projectId, @kit, @number, @annotationId, @reason, @createdAt, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, kit_slug = excluded.kit_slug, fiche_number = excluded.fiche_number,
           annotation_id = excluded.annotation_id, reason = excluded.reason, updated_at = excluded.updated_at`,
      ).run({ ...incoming, annotationId });
      report[action === 'add' ? 'added' : 'updated'].links += 1;
    }
  })();
  return report;
}

function sameAnnotation(services: Services, incoming: ExportedAnnotation): boolean {
  const local = services.annotations.get(incoming.id);
  return (
    local.note === incoming.note &&
    local.color === incoming.color &&
    JSON.stringify(local.tags) === JSON.stringify(incoming.tags) &&
    (local.selector?.exact ?? null) === (incoming.selector?.exact ?? null)
  );
}

const projectFields = ['title', 'description', 'status', 'themes', 'competences', 'partners', 'lead', 'budget', 'startDate', 'endDate', 'archived'] as const;

function sameProject(services: Services, incoming: ExportedProject): boolean {
  const local = services.projects.get(incoming.id);
  return projectFields.every((field) => JSON.stringify(local[field]) === JSON.stringify(incoming[field]));
}

function writeProject(db: Db, p: ExportedProject): void {
  db.prepare(
    `INSERT INTO projects (id, title, description_md, status, themes_json, competences_json, partners_json, lead, budget_eur,
       start_date, end_date, archived, created_at, updated_at)
     VALUES (@id, @title, @description, @status, @themes, @competences, @partners, @lead, @budget, @startDate, @endDate, @archived,
       @createdAt, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET title = excluded.title, description_md = excluded.description_md, status = excluded.status,
       themes_json = excluded.themes_json, competences_json = excluded.competences_json, partners_json = excluded.partners_json,
       lead = excluded.lead, budget_eur = excluded.budget_eur, start_date = excluded.start_date, end_date = excluded.end_date,
       archived = excluded.archived, updated_at = excluded.updated_at`,
  ).run({
    ...p,
    themes: JSON.stringify(p.themes),
    competences: JSON.stringify(p.competences),
    partners: JSON.stringify(p.partners),
    archived: p.archived ? 1 : 0,
  });
}
