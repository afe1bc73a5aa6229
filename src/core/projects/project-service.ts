import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { KbError } from '../../shared/errors';
import {
  createLinkSchema,
  createLinksSchema,
  createProjectSchema,
  oneLinkTargetMessage,
  projectFiltersSchema,
  updateProjectSchema,
  type Project,
  type ProjectDetail,
  type ProjectLink,
  type ProjectStatus,
  type Vocabulary,
} from '../../shared/schemas';
import { scales } from '../../shared/scales';
import type { Db } from '../db/open-database';
import { keptTitleJoin } from '../documents/removed-document-titles';
import { getAuthorName } from '../settings';

/** A row of the projects table, as the services and the team sync read it. */
export interface ProjectTableRow {
  id: string;
  title: string;
  description_md: string;
  status: ProjectStatus;
  themes_json: string;
  competences_json: string;
  partners_json: string;
  lead: string;
  budget_eur: number | null;
  start_date: string | null;
  end_date: string | null;
  archived: number;
  created_at: string;
  updated_at: string;
  author_login: string;
  author_name: string;
}

interface ProjectRow extends ProjectTableRow {
  link_count: number;
}

interface LinkRow {
  id: string;
  project_id: string;
  project_title: string;
  kit_slug: string | null;
  fiche_number: number | null;
  fiche_title: string | null;
  fiche_summary: string | null;
  fiche_source_url: string | null;
  kit_title: string | null;
  document_sha256: string | null;
  document_page: number | null;
  document_title: string | null;
  document_in_library: number;
  annotation_id: string | null;
  quote: string | null;
  note: string | null;
  reason: string;
  created_at: string;
}

type LinkTarget = z.output<typeof createLinksSchema>['targets'][number];
/** Where a link points, as project_links columns: a fiche, or a document (page null for all of it). */
type TargetColumns = { kit: string | null; number: number | null; document: string | null; page: number | null };
type AnnotationTargetRow = { kit_slug: string | null; fiche_number: number | null; document_sha256: string | null; document_page: number | null };

const selectProjects = `
  SELECT p.*, (SELECT count(*) FROM project_links l WHERE l.project_id = p.id) AS link_count FROM projects p`;

const selectLinks = `
  SELECT l.id, l.project_id, p.title AS project_title, l.kit_slug, l.fiche_number, f.title AS fiche_title,
         f.summary AS fiche_summary, f.source_url AS fiche_source_url, k.title AS kit_title,
         l.document_sha256, l.document_page, coalesce(d.title, kept.value) AS document_title, d.sha256 IS NOT NULL AS document_in_library,
         l.annotation_id, a.quote_exact AS quote, a.note_md AS note, l.reason, l.created_at
  FROM project_links l
  JOIN projects p ON p.id = l.project_id
  LEFT JOIN kits k ON k.slug = l.kit_slug
  LEFT JOIN fiches f ON f.kit_id = k.id AND f.number = l.fiche_number
  LEFT JOIN documents d ON d.sha256 = l.document_sha256
  ${keptTitleJoin('kept', 'l.document_sha256')}
  LEFT JOIN annotations a ON a.id = l.annotation_id`;

/** Reading order: fiches by kit and number, then documents by title; within each, the whole before its pages and passages. */
const linkOrder = `l.document_sha256 IS NOT NULL, CASE k.scale WHEN 'commune' THEN 1 WHEN 'departement' THEN 2 WHEN 'region' THEN 3 ELSE 4 END,
  l.kit_slug, l.fiche_number, document_title, l.document_sha256, l.document_page, a.position_start, l.created_at`;

/** A project's own fields from its row (what a project is, whoever reads it). */
export function projectFields(row: ProjectTableRow) {
  return {
    id: row.id,
    title: row.title,
    description: row.description_md,
    status: row.status,
    themes: JSON.parse(row.themes_json) as string[],
    competences: JSON.parse(row.competences_json) as string[],
    partners: JSON.parse(row.partners_json) as string[],
    lead: row.lead,
    budget: row.budget_eur,
    startDate: row.start_date,
    endDate: row.end_date,
    archived: row.archived === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toProject(row: ProjectRow): Project {
  return { ...projectFields(row), linkCount: row.link_count, authorName: row.author_name, authorLogin: row.author_login };
}

function toLink(row: LinkRow): ProjectLink {
  return {
    id: row.id,
    projectId: row.project_id,
    projectTitle: row.project_title,
    kit: row.kit_slug,
    number: row.fiche_number,
    ficheTitle: row.fiche_title,
    ficheSummary: row.fiche_summary,
    ficheSourceUrl: row.fiche_source_url,
    kitTitle: row.kit_title,
    document:
      row.document_sha256 === null
        ? null
        : { id: row.document_sha256, page: row.document_page, title: row.document_title, removed: row.document_in_library === 0 },
    annotationId: row.annotation_id,
    quote: row.quote,
    note: row.note,
    reason: row.reason,
    createdAt: row.created_at,
  };
}

/** The territory's projects and the links that tie them to fiches and annotated passages. */
export class ProjectService {
  constructor(
    private readonly db: Db,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  vocabulary(): Vocabulary {
    const rows = this.db.prepare('SELECT kind, scale, term FROM vocabulary ORDER BY kind, scale, position').all() as {
      kind: string;
      scale: string;
      term: string;
    }[];
    const of = (kind: string, scale = '') => rows.filter((r) => r.kind === kind && r.scale === scale).map((r) => r.term);
    return {
      themes: of('theme'),
      echelons: of('echelon'),
      competences: { commune: of('competence', 'commune'), departement: of('competence', 'departement'), region: of('competence', 'region') },
    };
  }

  list(filters: z.input<typeof projectFiltersSchema> = {}): Project[] {
    const f = projectFiltersSchema.parse(filters);
    const conditions: string[] = [];
    const params: Record<string, string> = {};
    if (!f.includeArchived) conditions.push('p.archived = 0');
    if (f.status) {
      conditions.push('p.status = @status');
      params.status = f.status;
    }
    if (f.theme) {
      conditions.push('EXISTS (SELECT 1 FROM json_each(p.themes_json) WHERE value = @theme)');
      params.theme = f.theme;
    }
    if (f.competence) {
      conditions.push('EXISTS (SELECT 1 FROM json_each(p.competences_json) WHERE value = @competence)');
      params.competence = f.competence;
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = this.db.prepare(`${selectProjects} ${where} ORDER BY p.archived, p.updated_at DESC`).all(params) as ProjectRow[];
    return rows.map(toProject);
  }

  get(id: string): ProjectDetail {
    const row = this.db.prepare(`${selectProjects} WHERE p.id = ?`).get(id) as ProjectRow | undefined;
    if (!row) throw new KbError('not_found', 'Ce projet n’existe plus.');
    const links = (this.db.prepare(`${selectLinks} WHERE l.project_id = ? ORDER BY ${linkOrder}`).all(id) as LinkRow[]).map(toLink);
    return { ...toProject(row), links };
  }

  create(request: z.input<typeof createProjectSchema>): ProjectDetail {
    const input = createProjectSchema.parse(request);
    this.checkTerms(input.themes, input.competences);
    const id = randomUUID();
    const timestamp = this.now();
    this.db
      .prepare(
        `INSERT INTO projects (id, title, description_md, status, themes_json, competences_json, partners_json, lead,
           budget_eur, start_date, end_date, created_at, updated_at, author_name)
         VALUES (@id, @title, @description, @status, @themes, @competences, @partners, @lead, @budget, @startDate, @endDate,
           @timestamp, @timestamp, @authorName)`,
      )
      .run({
        ...input,
        id,
        authorName: getAuthorName(this.db),
        themes: JSON.stringify(unique(input.themes)),
        competences: JSON.stringify(unique(input.competences)),
        partners: JSON.stringify(unique(input.partners)),
        timestamp,
      });
    return this.get(id);
  }

  update(request: z.input<typeof updateProjectSchema>): ProjectDetail {
    const input = updateProjectSchema.parse(request);
    const current = this.get(input.id);
    const startDate = input.startDate === undefined ? current.startDate : input.startDate;
    const endDate = input.endDate === undefined ? current.endDate : input.endDate;
    if (startDate && endDate && endDate < startDate) {
      throw new KbError('invalid_input', 'La date de fin doit suivre la date de début.', ['endDate : la date de fin précède la date de début.']);
    }
    this.checkTerms(input.themes ?? [], input.competences ?? []);
    const columns: Record<string, unknown> = {
      title: input.title,
      description_md: input.description,
      status: input.status,
      themes_json: input.themes && JSON.stringify(unique(input.themes)),
      competences_json: input.competences && JSON.stringify(unique(input.competences)),
      partners_json: input.partners && JSON.stringify(unique(input.partners)),
      lead: input.lead,
      budget_eur: input.budget,
      start_date: input.startDate,
      end_date: input.endDate,
      archived: input.archived === undefined ? undefined : input.archived ? 1 : 0,
    };
    const sets = Object.entries(columns).filter(([, value]) => value !== undefined);
    this.db
      .prepare(`UPDATE projects SET ${[...sets.map(([name]) => `${name} = @${name}`), 'updated_at = @updated_at'].join(', ')} WHERE id = @id`)
      .run({ ...Object.fromEntries(sets), updated_at: this.now(), id: input.id });
    return this.get(input.id);
  }

  /** Deletes the project and its links; fiches and annotations are never touched. */
  delete(id: string): void {
    const deleted = this.db.prepare('DELETE FROM projects WHERE id = ?').run(id);
    if (deleted.changes === 0) throw new KbError('not_found', 'Ce projet n’existe plus.');
  }

  link(request: z.input<typeof createLinkSchema>): ProjectLink {
    const input = createLinkSchema.parse(request);
    this.get(input.projectId);
    const id = this.insertLink(input.projectId, input, input.reason);
    return toLink(this.db.prepare(`${selectLinks} WHERE l.id = ?`).get(id) as LinkRow);
  }

  /** Links several fiches and passages with one reason: all of them, or none if one is refused. */
  linkMany(request: z.input<typeof createLinksSchema>): ProjectDetail {
    const input = createLinksSchema.parse(request);
    this.get(input.projectId);
    this.db.transaction(() => {
      for (const target of input.targets) this.insertLink(input.projectId, target, input.reason);
    })();
    return this.get(input.projectId);
  }

  private insertLink(projectId: string, target: LinkTarget, reason: string): string {
    const columns = target.document ? this.checkDocumentTarget(target.document, target.annotationId) : this.checkFicheTarget(target);
    const id = randomUUID();
    const timestamp = this.now();
    this.db
      .prepare(
        `INSERT INTO project_links (id, project_id, kit_slug, fiche_number, document_sha256, document_page, annotation_id, reason, created_at, updated_at)
         VALUES (@id, @projectId, @kit, @number, @document, @page, @annotationId, @reason, @timestamp, @timestamp)`,
      )
      .run({ id, projectId, ...columns, annotationId: target.annotationId, reason, timestamp });
    this.db.prepare('UPDATE projects SET updated_at = ? WHERE id = ?').run(timestamp, projectId);
    return id;
  }

  /** The fiche must be in the base, and a linked annotation on that fiche. */
  private checkFicheTarget(target: LinkTarget): TargetColumns {
    const { kit, number } = target;
    if (kit === undefined || number === undefined) throw new KbError('invalid_input', oneLinkTargetMessage);
    const fiche = this.db.prepare('SELECT 1 FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = ? AND f.number = ?').get(kit, number);
    if (!fiche) throw new KbError('not_found', `La fiche n° ${number} du kit « ${kit} » n’existe pas.`);
    if (target.annotationId) {
      const annotation = this.annotationTarget(target.annotationId);
      if (annotation.kit_slug !== kit || annotation.fiche_number !== number) {
        throw new KbError('invalid_input', 'L’annotation n’appartient pas à cette fiche.');
      }
    }
    return { kit, number, document: null, page: null };
  }

  /** The document must be in this library, the page within it, and a linked annotation on that very page. */
  private checkDocumentTarget(document: { id: string; page: number | null }, annotationId: string | null): TargetColumns {
    const row = this.db.prepare('SELECT page_count FROM documents WHERE sha256 = ?').get(document.id) as { page_count: number } | undefined;
    if (!row) throw new KbError('not_found', 'Ce document n’est pas (ou plus) dans la bibliothèque.');
    if (document.page !== null && document.page > row.page_count) {
      throw new KbError('not_found', `Ce document n’a pas de page ${document.page} (il en compte ${row.page_count}).`);
    }
    if (annotationId) {
      const annotation = this.annotationTarget(annotationId);
      if (annotation.document_sha256 !== document.id) throw new KbError('invalid_input', 'L’annotation n’appartient pas à ce document.');
      if (annotation.document_page !== document.page) {
        throw new KbError('invalid_input', `L’annotation est sur la page ${annotation.document_page} du document : liez-la avec cette page.`);
      }
    }
    return { kit: null, number: null, document: document.id, page: document.page };
  }

  private annotationTarget(id: string): AnnotationTargetRow {
    const annotation = this.db.prepare('SELECT kit_slug, fiche_number, document_sha256, document_page FROM annotations WHERE id = ?').get(id) as
      | AnnotationTargetRow
      | undefined;
    if (!annotation) throw new KbError('not_found', 'Cette annotation n’existe plus.');
    return annotation;
  }

  unlink(id: string): void {
    const removed = this.db.prepare('DELETE FROM project_links WHERE id = ?').run(id);
    if (removed.changes === 0) throw new KbError('not_found', 'Ce lien n’existe plus.');
  }

  /** The projects citing a fiche (directly or through one of its annotations). */
  linksOfFiche(kit: string, number: number): ProjectLink[] {
    return (
      this.db.prepare(`${selectLinks} WHERE l.kit_slug = ? AND l.fiche_number = ? ORDER BY p.title, a.position_start`).all(kit, number) as LinkRow[]
    ).map(toLink);
  }

  /** The projects citing a library document: the whole of it, its pages, its annotated passages (also once it has been removed). */
  linksOfDocument(sha256: string): ProjectLink[] {
    return (
      this.db
        .prepare(`${selectLinks} WHERE l.document_sha256 = ? ORDER BY p.title, p.id, l.document_page, a.position_start, l.created_at`)
        .all(sha256) as LinkRow[]
    ).map(toLink);
  }

  /** The themes and competences absent from the content vocabulary (a colleague's export is checked with it too). */
  unknownTerms(themes: readonly string[], competences: readonly string[]): { themes: string[]; competences: string[] } {
    const vocabulary = this.vocabulary();
    const knownCompetences = new Set(scales.flatMap((scale) => vocabulary.competences[scale]));
    return { themes: themes.filter((t) => !vocabulary.themes.includes(t)), competences: competences.filter((c) => !knownCompetences.has(c)) };
  }

  /** Themes and competences must come from the content vocabulary, as the fiches' do. */
  private checkTerms(themes: readonly string[], competences: readonly string[]): void {
    const unknown = this.unknownTerms(themes, competences);
    const problems = [
      ...unknown.themes.map((t) => `themes : thème inconnu « ${t} ».`),
      ...unknown.competences.map((c) => `competences : compétence inconnue « ${c} ».`),
    ];
    if (problems.length > 0) {
      throw new KbError('invalid_input', 'Thèmes et compétences se choisissent dans le vocabulaire des kits.', problems);
    }
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
