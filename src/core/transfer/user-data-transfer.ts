import type { z } from 'zod';
import { resolveLeverId } from '../levers/lever-ids';
import { KbError } from '../../shared/errors';
import { frenchDate } from '../../shared/french-dates';
import { maxClockSkewMs } from '../../shared/limits';
import type { MergeReport } from '../../shared/schemas';
import type { AnnotationService } from '../annotations/annotation-service';
import type { Db } from '../db/open-database';
import type { ProjectService } from '../projects/project-service';
import type { RoadmapService } from '../roadmap/roadmap-service';
import type { RoadmapItemTransfer } from '../../shared/roadmap-schemas';
import type { TerritoryService } from '../territory/territory-service';
import {
  exportFormat,
  exportVersion,
  maxExportBytes,
  userDataSchema,
  type ExportedAnnotation,
  type ExportedLink,
  type ExportedProject,
  type UserData,
} from './user-data-format';

interface Services {
  db: Db;
  annotations: AnnotationService;
  projects: ProjectService;
  territory: TerritoryService;
  roadmap: RoadmapService;
}

/** Everything the user made (territory, projects, links, annotations with their tags), as one versioned document. */
export function exportUserData({ db, annotations, projects, territory, roadmap }: Services, appVersion: string, now: string): UserData {
  const place = territory.get();
  const links = db
    // Links and annotations on library documents stay out: the file does not carry the documents.
    .prepare(
      'SELECT id, project_id, kit_slug, fiche_number, annotation_id, reason, created_at, updated_at FROM project_links WHERE document_sha256 IS NULL ORDER BY created_at, id',
    )
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
    annotations: annotations.list({ sort: 'date' }).flatMap((a) => (a.kit === null || a.number === null ? [] : [{
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
      authorName: a.authorName,
      authorLogin: a.authorLogin,
      isPrivate: a.isPrivate,
    }])),
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
    roadmapItems: roadmap.transferRows(),
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
  if (!parsed.success) throw refusal(parsed.error.issues.map((issue) => describeIssue(raw, issue)));
  return parsed.data;
}

type RecordKind = 'annotations' | 'projects' | 'links' | 'roadmapItems';

/** How a report names a record of the file, by what a person recognises: « Projet « Légumerie » ». */
function recordName(kind: RecordKind, record: unknown, index: number): string {
  const r = (record && typeof record === 'object' ? record : {}) as Record<string, unknown>;
  // Shown on one line, even when the file put line breaks or control characters in it.
  const text = (value: unknown): string | null => {
    const line = typeof value === 'string' ? value.replace(/[\s\p{Cc}]+/gu, ' ').trim() : '';
    return line ? line.slice(0, 60) : null;
  };
  const selector = r.selector as Record<string, unknown> | null | undefined;
  const name =
    kind === 'projects'
      ? text(r.title)
      : kind === 'links'
        ? text(r.reason)
        : kind === 'roadmapItems'
          ? text(r.leverId)
          : (text(selector?.exact) ?? text(r.note));
  const label = { annotations: 'Annotation', projects: 'Projet', links: 'Lien', roadmapItems: 'Levier de la feuille de route' }[kind];
  return name ? `${label} « ${name} »` : `${label} n° ${index + 1} du fichier`;
}

const fieldNames: Record<string, string> = {
  id: 'identifiant',
  title: 'titre',
  description: 'description',
  status: 'statut',
  themes: 'thèmes',
  competences: 'compétences',
  partners: 'partenaires',
  lead: 'porteur',
  budget: 'budget',
  startDate: 'date de début',
  endDate: 'date de fin',
  archived: 'archivé',
  createdAt: 'date de création',
  updatedAt: 'date de modification',
  kit: 'kit',
  number: 'numéro de fiche',
  color: 'couleur',
  note: 'note',
  tags: 'étiquettes',
  selector: 'passage',
  projectId: 'projet',
  annotationId: 'annotation',
  reason: 'raison',
  scale: 'échelon',
  code: 'code',
  name: 'nom',
  exportedAt: 'date de l’export',
  appVersion: 'version de Kits ESS',
  territory: 'territoire',
  annotations: 'annotations',
  projects: 'projets',
  links: 'liens',
  roadmapItems: 'feuille de route',
  roadmap: 'feuille de route',
  leverId: 'levier',
  priority: 'priorité',
  target: 'échéance',
  official: 'élu référent',
  leadService: 'service pilote',
  indicators: 'indicateurs',
  notes: 'notes',
  projectIds: 'projets',
};

/** One refusal line naming the record and the field: « Projet « Légumerie » (date de fin) : la date de fin doit suivre… ». */
function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const [collection, index, field] = issue.path;
  const message = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  const fieldName = typeof field === 'string' ? fieldNames[field] : undefined;
  const where = fieldName ? ` (${fieldName})` : '';
  if ((collection === 'annotations' || collection === 'projects' || collection === 'links' || collection === 'roadmapItems') && typeof index === 'number') {
    const record = (raw as Record<string, unknown[]>)[collection]?.[index];
    return `${recordName(collection, record, index)}${where} : ${message}`;
  }
  if (collection === 'territory') {
    const territoryField = typeof index === 'string' ? fieldNames[index] : undefined;
    return `Territoire du fichier${territoryField ? ` (${territoryField})` : ''} : ${message}`;
  }
  return typeof collection === 'string' ? `${fieldNames[collection] ?? collection} : ${message}` : message;
}

/** A refused import: the problem itself when there is one, else a summary with every problem listed. */
function refusal(problems: string[]): KbError {
  const [only, ...others] = problems;
  if (only && others.length === 0) return new KbError('invalid_input', `${only.replace(/\.?$/, '.')} Rien n’a été importé.`);
  return new KbError(
    'invalid_input',
    `L’export contient ${problems.length} valeurs invalides (modifié à la main ?). Rien n’a été importé.`,
    problems.slice(0, 20),
  );
}

/** Themes and competences must be those of this computer's vocabulary, as in the project form. */
function checkVocabulary(services: Services, data: UserData): void {
  const problems = data.projects.flatMap((project, index) => {
    const unknown = services.projects.unknownTerms(project.themes, project.competences);
    const name = recordName('projects', project, index);
    return [
      ...unknown.themes.map((t) => `${name} : thème « ${t} » absent du vocabulaire des kits.`),
      ...unknown.competences.map((c) => `${name} : compétence « ${c} » absente du vocabulaire des kits.`),
    ];
  });
  if (problems.length > 0) throw refusal(problems);
}

/**
 * A date ahead of this computer's clock (beyond a few minutes of difference) would win every
 * later conflict. No record can have changed after the file was written: such a date is brought
 * back to the export's, and the report says so. A file dated in the future is refused.
 */
function withPastDates(data: UserData, now: Date, corrected: string[]): UserData {
  const latest = now.getTime() + maxClockSkewMs;
  if (Date.parse(data.exportedAt) > latest) {
    throw new KbError(
      'invalid_input',
      `Ce fichier est daté du ${frenchDate(data.exportedAt)}, dans le futur : l’horloge du poste qui l’a exporté est déréglée. Demandez à votre collègue de la corriger puis d’exporter à nouveau. Rien n’a été importé.`,
    );
  }
  function clamp<R extends { createdAt: string; updatedAt: string }>(kind: RecordKind, records: R[]): R[] {
    return records.map((record, index) => {
      const future = [record.createdAt, record.updatedAt].filter((date) => Date.parse(date) > latest);
      if (future.length === 0) return record;
      corrected.push(
        `${recordName(kind, record, index)} : date dans le futur (${frenchDate(future[future.length - 1] ?? '')}) ramenée à celle de l’export (${frenchDate(data.exportedAt)}).`,
      );
      const past = (date: string) => (Date.parse(date) > latest ? data.exportedAt : date);
      return { ...record, createdAt: past(record.createdAt), updatedAt: past(record.updatedAt) };
    });
  }
  return {
    ...data,
    annotations: clamp('annotations', data.annotations),
    projects: clamp('projects', data.projects),
    links: clamp('links', data.links),
    roadmapItems: clamp('roadmapItems', data.roadmapItems),
  };
}

type Kind = MergeReport['conflicts'][number]['kind'];

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

/**
 * Merges an export into this base by id: new records are added, identical ones left alone;
 * when both sides changed a record, the most recently updated wins and the conflict is
 * reported. Annotations are anchored on the local fiches. All or nothing.
 */
export function mergeUserData(services: Services, incomingFile: UserData, now: Date = new Date()): MergeReport {
  const { db } = services;
  // Levers are named by this computer's identifiers from here on.
  const file = {
    ...incomingFile,
    roadmapItems: incomingFile.roadmapItems.map((item) => ({ ...item, leverId: resolveLeverId(db, item.leverId, item.leverTitle) ?? item.leverId })),
  };
  checkVocabulary(services, file);
  checkLevers(services, file);
  const report: MergeReport = {
    added: { annotations: 0, projects: 0, links: 0, roadmapItems: 0 },
    updated: { annotations: 0, projects: 0, links: 0, roadmapItems: 0 },
    unchanged: 0,
    conflicts: [],
    skipped: [],
    corrected: [],
    territoryNotApplied: null,
    backupBeforeImport: null,
  };
  const data = withPastDates(file, now, report.corrected);
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

  // The territory is this computer's setting, not a record to share: it is never replaced.
  if (data.territory) {
    const local = services.territory.get();
    if (local?.scale !== data.territory.scale || local.code !== data.territory.code) {
      report.territoryNotApplied = { imported: data.territory.name, local: local?.name ?? null };
    }
  }

  db.transaction(() => {
    for (const incoming of data.annotations) {
      const local = db.prepare('SELECT updated_at FROM annotations WHERE id = ?').get(incoming.id) as { updated_at: string } | undefined;
      const same = local !== undefined && sameAnnotation(services, incoming);
      const label = (incoming.selector?.exact ?? incoming.note).slice(0, 60);
      const action = decide('annotation', { id: incoming.id, label, updatedAt: incoming.updatedAt }, local && { updatedAt: local.updated_at, same });
      if (action === 'keep') continue;
      // Positions come from the other machine: the passage is found again in this base's fiche.
      services.annotations.importVersion(incoming);
      report[action === 'add' ? 'added' : 'updated'].annotations += 1;
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

    data.links.forEach((incoming, index) => {
      const problem = linkProblem(db, incoming);
      if (problem) {
        report.skipped.push(`${recordName('links', incoming, index)} : ${problem} ; lien non importé.`);
        return;
      }
      const local = db.prepare('SELECT * FROM project_links WHERE id = ?').get(incoming.id) as
        | { updated_at: string; reason: string; annotation_id: string | null; kit_slug: string; fiche_number: number }
        | undefined;
      const same =
        local !== undefined &&
        local.reason === incoming.reason &&
        local.annotation_id === incoming.annotationId &&
        local.kit_slug === incoming.kit &&
        local.fiche_number === incoming.number;
      const action = decide('link', { id: incoming.id, label: incoming.reason, updatedAt: incoming.updatedAt }, local && { updatedAt: local.updated_at, same });
      if (action === 'keep') return;
      db.prepare(
        `INSERT INTO project_links (id, project_id, kit_slug, fiche_number, annotation_id, reason, created_at, updated_at)
         VALUES (@id, @projectId, @kit, @number, @annotationId, @reason, @createdAt, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, kit_slug = excluded.kit_slug, fiche_number = excluded.fiche_number,
           annotation_id = excluded.annotation_id, reason = excluded.reason, updated_at = excluded.updated_at`,
      ).run(incoming);
      report[action === 'add' ? 'added' : 'updated'].links += 1;
    });

    data.roadmapItems.forEach((incoming, index) => {
      const name = recordName('roadmapItems', incoming, index);
      const missing = incoming.projectIds.filter((id) => !db.prepare('SELECT 1 FROM projects WHERE id = ?').get(id));
      // Thrown inside the transaction: nothing of the file is kept.
      if (missing.length > 0) throw refusal([`${name} : un de ses projets n’est ni dans le fichier ni sur ce poste`]);
      const twin = db.prepare('SELECT id FROM roadmap_items WHERE roadmap = ? AND lever_id = ? AND id <> ?').get(incoming.roadmap, incoming.leverId, incoming.id);
      if (twin) {
        report.skipped.push(`${name} : ce levier est déjà dans la même feuille de route de ce poste ; non importé.`);
        return;
      }
      const local = services.roadmap.transferRows().find((row) => row.id === incoming.id);
      const label = services.roadmap.lever(incoming.leverId).title;
      const action = decide('roadmapItem', { id: incoming.id, label, updatedAt: incoming.updatedAt }, local && { updatedAt: local.updatedAt, same: sameRoadmapItem(local, incoming) });
      if (action === 'keep') return;
      services.roadmap.writeTransferred(incoming);
      report[action === 'add' ? 'added' : 'updated'].roadmapItems += 1;
    });
  })();
  return report;
}

/** Every lever a roadmap item chose must exist here (same kits): else nothing is imported. */
function checkLevers(services: Services, data: UserData): void {
  const problems = data.roadmapItems.flatMap((item, index) =>
    services.db.prepare('SELECT 1 FROM levers WHERE id = ?').get(item.leverId)
      ? []
      : [`${recordName('roadmapItems', item, index)} : levier inconnu sur ce poste (mettez à jour ses kits)`],
  );
  if (problems.length > 0) throw refusal(problems);
}

function sameRoadmapItem(local: RoadmapItemTransfer, incoming: RoadmapItemTransfer): boolean {
  // The lever is compared by its identifier here (already resolved); its title may read otherwise elsewhere.
  const { createdAt: _c, updatedAt: _u, leverTitle: _t, ...a } = local;
  const { createdAt: _c2, updatedAt: _u2, leverTitle: _t2, ...b } = incoming;
  return JSON.stringify(a) === JSON.stringify({ ...b, projectIds: [...b.projectIds].sort() });
}

/**
 * Why a link cannot be merged, or null. A link to a passage whose annotation is neither in the
 * file nor here is reported, never turned silently into a link to the whole fiche.
 */
function linkProblem(db: Db, link: ExportedLink): string | null {
  if (!db.prepare('SELECT 1 FROM projects WHERE id = ?').get(link.projectId)) return 'son projet n’est ni dans le fichier ni sur ce poste';
  if (link.annotationId === null) return null;
  const annotation = db.prepare('SELECT kit_slug, fiche_number FROM annotations WHERE id = ?').get(link.annotationId) as
    | { kit_slug: string; fiche_number: number }
    | undefined;
  if (!annotation) return 'le passage annoté qu’il cite n’est ni dans le fichier ni sur ce poste';
  if (annotation.kit_slug !== link.kit || annotation.fiche_number !== link.number) return 'le passage annoté qu’il cite est sur une autre fiche';
  return null;
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
