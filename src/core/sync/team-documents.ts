import { describeIssues } from '../../shared/dispatch';
import { resolveLeverId } from '../levers/lever-ids';
import type { Selector } from '../../shared/schemas';
import {
  teamDocumentKinds,
  teamDocumentSchemas,
  type TeamAnnotation,
  type TeamDocumentKind,
  type TeamLibraryDocument,
  type TeamLink,
  type TeamProject,
  type TeamRoadmapItem,
  type TeamTerritory,
} from '../../shared/team-schemas';
import type { AnnotationRow } from '../annotations/annotation-service';
import type { DocumentRow } from '../documents/document-library';
// A library document is named by the SHA-256 of its original (its file's name), on every computer.
import { originalNamePattern } from '../documents/original-files';
import type { Db } from '../db/open-database';
import { projectFields, type ProjectTableRow } from '../projects/project-service';
import { RoadmapService } from '../roadmap/roadmap-service';
import type { PouchDoc } from './pouchdb';

/**
 * The documents of a team database: one per annotation, project, project link, and one for the
 * territory (schemas in shared/team-schemas.ts), and how they map to the rows of this base.
 */
export const documentKinds = teamDocumentKinds;
export type DocumentKind = TeamDocumentKind;
const bodySchemas = teamDocumentSchemas;

export type AnnotationBody = TeamAnnotation;
export type ProjectBody = TeamProject;
export type LinkBody = TeamLink;
export type TerritoryBody = TeamTerritory;
export type RoadmapItemBody = TeamRoadmapItem;
export type LibraryDocumentBody = TeamLibraryDocument;
export type DocumentBody = AnnotationBody | ProjectBody | LinkBody | TerritoryBody | RoadmapItemBody | LibraryDocumentBody;

export type ParsedDocument =
  | { kind: 'annotation'; body: AnnotationBody }
  | { kind: 'project'; body: ProjectBody }
  | { kind: 'project_link'; body: LinkBody }
  | { kind: 'territory'; body: TerritoryBody }
  | { kind: 'roadmap_item'; body: RoadmapItemBody }
  | { kind: 'document'; body: LibraryDocumentBody };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Records a pulled document (or an original) that this computer refuses, with its French reason (« Documents ignorés »). */
export function setAsideDocument(db: Db, docId: string, rev: string, reason: string, receivedAt: string): void {
  db.prepare(
    `INSERT INTO sync_ignored (doc_id, rev, reason, received_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (doc_id) DO UPDATE SET rev = excluded.rev, reason = excluded.reason, received_at = excluded.received_at`,
  ).run(docId, rev, reason, receivedAt);
}

/** Kind and record id of a document id (`annotation:<uuid>`, `document:<sha256>`, `territory`…), or null for anything else. */
export function parseDocumentId(docId: string): { kind: DocumentKind; id: string } | null {
  if (docId === 'territory') return { kind: 'territory', id: 'territory' };
  const colon = docId.indexOf(':');
  const kind = docId.slice(0, colon) as DocumentKind;
  const id = docId.slice(colon + 1);
  if (colon < 0 || kind === 'territory' || !documentKinds.includes(kind) || !(kind === 'document' ? originalNamePattern : uuidPattern).test(id)) return null;
  return { kind, id };
}

/** The team document holding a shared document's original, as its attachment `original`; it never enters the local replica. */
export const documentFilePrefix = 'document_file:';
export const originalAttachment = 'original';

export function documentId(kind: DocumentKind, id: string): string {
  return kind === 'territory' ? 'territory' : `${kind}:${id}`;
}

/** The document's own fields, without PouchDB's (`_id`, `_rev`, `_conflicts`…) and the kind marker. */
export function documentFields(doc: PouchDoc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_') && key !== 'kind'));
}

/** Validates a pulled document; the reason is in French for the « documents ignorés » list. */
export function parseDocument(doc: PouchDoc): { ok: true; document: ParsedDocument } | { ok: false; reason: string } {
  const target = parseDocumentId(doc._id);
  if (!target) return { ok: false, reason: 'Identifiant de document inconnu de Kits ESS.' };
  if (doc.kind !== target.kind) return { ok: false, reason: 'Le type du document ne correspond pas à son identifiant.' };
  const parsed = bodySchemas[target.kind].safeParse(documentFields(doc));
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error.issues).slice(0, 5).join(' ; ') };
  if (target.kind !== 'territory' && (parsed.data as { id: string }).id !== target.id) {
    return { ok: false, reason: 'L’identifiant du document ne correspond pas à celui de l’enregistrement.' };
  }
  return { ok: true, document: { kind: target.kind, body: parsed.data } as ParsedDocument };
}

/** A row of team_documents: the library's columns of the document, and who shared it when. */
type TeamDocumentRow = Pick<DocumentRow, 'sha256' | 'file_name' | 'format' | 'title' | 'author' | 'document_date' | 'page_count' | 'size_bytes'> & {
  shared_at: string;
  author_login: string;
  author_name: string;
};

/** A row of team_documents as the document that travels (and as the API lists it). */
export function teamDocumentFields(row: TeamDocumentRow): LibraryDocumentBody {
  return {
    id: row.sha256,
    fileName: row.file_name,
    format: row.format,
    title: row.title,
    author: row.author,
    date: row.document_date,
    pageCount: row.page_count,
    size: row.size_bytes,
    sharedAt: row.shared_at,
    authorLogin: row.author_login,
    authorName: row.author_name,
  };
}

interface LinkRow {
  id: string;
  project_id: string;
  kit_slug: string;
  fiche_number: number;
  annotation_id: string | null;
  reason: string;
  created_at: string;
  updated_at: string;
}

/**
 * The document a local row makes now, or null when it must leave the team database (deleted,
 * or an annotation made private).
 */
export function readDocumentBody(db: Db, kind: DocumentKind, id: string): DocumentBody | null {
  switch (kind) {
    case 'annotation': {
      const row = db.prepare('SELECT * FROM annotations WHERE id = ?').get(id) as AnnotationRow | undefined;
      if (!row || row.is_private) return null;
      // On a library document no longer shared with the team: it stays on this computer.
      if (row.document_sha256 !== null && !db.prepare('SELECT 1 FROM team_documents WHERE sha256 = ?').get(row.document_sha256)) return null;
      const tags = (db.prepare('SELECT tag FROM annotation_tags WHERE annotation_id = ? ORDER BY position').all(id) as { tag: string }[]).map((t) => t.tag);
      const selector: Selector | null =
        row.quote_exact === null
          ? null
          : { exact: row.quote_exact, prefix: row.quote_prefix ?? '', suffix: row.quote_suffix ?? '', start: row.position_start ?? 0, end: row.position_end ?? 0 };
      return {
        id: row.id,
        kit: row.kit_slug,
        number: row.fiche_number,
        document: row.document_sha256 === null || row.document_page === null ? null : { id: row.document_sha256, page: row.document_page },
        selector,
        color: row.color,
        note: row.note_md,
        tags,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        authorLogin: row.author_login,
        authorName: row.author_name,
      };
    }
    case 'project': {
      const row = db.prepare('SELECT * FROM projects WHERE id = ?').get(id) as ProjectTableRow | undefined;
      if (!row) return null;
      return { ...projectFields(row), authorLogin: row.author_login, authorName: row.author_name };
    }
    case 'project_link': {
      const row = db.prepare('SELECT * FROM project_links WHERE id = ?').get(id) as LinkRow | undefined;
      if (!row) return null;
      return {
        id: row.id,
        projectId: row.project_id,
        kit: row.kit_slug,
        number: row.fiche_number,
        annotationId: row.annotation_id,
        reason: row.reason,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
    }
    case 'territory': {
      const row = db.prepare('SELECT scale, code, name, updated_at FROM territory WHERE id = 1').get() as
        | { scale: TerritoryBody['scale']; code: string; name: string; updated_at: string }
        | undefined;
      return row ? { scale: row.scale, code: row.code, name: row.name, updatedAt: row.updated_at } : null;
    }
    case 'roadmap_item':
      return new RoadmapService(db).transferRow(id);
    case 'document': {
      const row = db.prepare('SELECT * FROM team_documents WHERE sha256 = ?').get(id) as TeamDocumentRow | undefined;
      return row ? teamDocumentFields(row) : null;
    }
  }
}

/** Where pulled annotations must be anchored again: a fiche, or a page of a library document. */
export type ReanchorTarget = { kit: string; number: number } | { document: string; page: number };

/** What applying a pulled document did: where its annotation must be anchored again, or why it was set aside. */
export type WriteOutcome = { written: true; reanchor?: ReanchorTarget } | { written: false; reason: string };

/** Writes a validated pulled document into its row (the caller holds the transaction and silences the outbox). */
export function writeDocument(db: Db, document: ParsedDocument): WriteOutcome {
  switch (document.kind) {
    case 'annotation': {
      const a = document.body;
      const local = db.prepare('SELECT is_private FROM annotations WHERE id = ?').get(a.id) as { is_private: number } | undefined;
      // Made private here while a teammate edited it: it stays on this computer only.
      if (local?.is_private) return { written: false, reason: 'Annotation rendue privée sur ce poste : la version de l’équipe n’est pas appliquée.' };
      db.prepare(
        `INSERT INTO annotations (id, kit_slug, fiche_number, document_sha256, document_page, color, note_md, quote_exact, quote_prefix,
           quote_suffix, position_start, position_end, status, tags_text, created_at, updated_at, author_login, author_name)
         VALUES (@id, @kit, @number, @documentId, @documentPage, @color, @note, @exact, @prefix, @suffix, @start, @end, @status, @tagsText,
           @createdAt, @updatedAt, @authorLogin, @authorName)
         ON CONFLICT (id) DO UPDATE SET kit_slug = excluded.kit_slug, fiche_number = excluded.fiche_number,
           document_sha256 = excluded.document_sha256, document_page = excluded.document_page, color = excluded.color,
           note_md = excluded.note_md, quote_exact = excluded.quote_exact, quote_prefix = excluded.quote_prefix,
           quote_suffix = excluded.quote_suffix, position_start = excluded.position_start, position_end = excluded.position_end,
           status = excluded.status, tags_text = excluded.tags_text, created_at = excluded.created_at, updated_at = excluded.updated_at,
           author_login = excluded.author_login, author_name = excluded.author_name`,
      ).run({
        ...a,
        documentId: a.document?.id ?? null,
        documentPage: a.document?.page ?? null,
        exact: a.selector?.exact ?? null,
        prefix: a.selector?.prefix ?? null,
        suffix: a.selector?.suffix ?? null,
        start: a.selector?.start ?? null,
        end: a.selector?.end ?? null,
        status: a.selector ? 'anchored' : 'fiche',
        tagsText: a.tags.join(' '),
      });
      db.prepare('DELETE FROM annotation_tags WHERE annotation_id = ?').run(a.id);
      const insertTag = db.prepare('INSERT OR IGNORE INTO annotation_tags (annotation_id, tag, position) VALUES (?, ?, ?)');
      a.tags.forEach((tag, position) => insertTag.run(a.id, tag, position));
      if (!a.selector) return { written: true };
      // A document this computer does not hold leaves the passage an orphan until the document is fetched.
      return { written: true, reanchor: a.document ? { document: a.document.id, page: a.document.page } : { kit: a.kit!, number: a.number! } };
    }
    case 'project': {
      const p = document.body;
      db.prepare(
        `INSERT INTO projects (id, title, description_md, status, themes_json, competences_json, partners_json, lead, budget_eur,
           start_date, end_date, archived, created_at, updated_at, author_login, author_name)
         VALUES (@id, @title, @description, @status, @themes, @competences, @partners, @lead, @budget, @startDate, @endDate, @archived,
           @createdAt, @updatedAt, @authorLogin, @authorName)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, description_md = excluded.description_md, status = excluded.status,
           themes_json = excluded.themes_json, competences_json = excluded.competences_json, partners_json = excluded.partners_json,
           lead = excluded.lead, budget_eur = excluded.budget_eur, start_date = excluded.start_date, end_date = excluded.end_date,
           archived = excluded.archived, created_at = excluded.created_at, updated_at = excluded.updated_at,
           author_login = excluded.author_login, author_name = excluded.author_name`,
      ).run({
        ...p,
        themes: JSON.stringify(p.themes),
        competences: JSON.stringify(p.competences),
        partners: JSON.stringify(p.partners),
        archived: p.archived ? 1 : 0,
      });
      return { written: true };
    }
    case 'project_link': {
      const l = document.body;
      if (!db.prepare('SELECT 1 FROM projects WHERE id = ?').get(l.projectId)) {
        return { written: false, reason: 'Le projet de ce lien n’existe pas (ou plus) dans l’équipe.' };
      }
      // A link through an annotation this computer does not have (private, or deleted) keeps its fiche.
      const annotationId = l.annotationId && db.prepare('SELECT 1 FROM annotations WHERE id = ?').get(l.annotationId) ? l.annotationId : null;
      db.prepare(
        `INSERT INTO project_links (id, project_id, kit_slug, fiche_number, annotation_id, reason, created_at, updated_at)
         VALUES (@id, @projectId, @kit, @number, @annotationId, @reason, @createdAt, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, kit_slug = excluded.kit_slug, fiche_number = excluded.fiche_number,
           annotation_id = excluded.annotation_id, reason = excluded.reason, created_at = excluded.created_at, updated_at = excluded.updated_at`,
      ).run({ ...l, annotationId });
      return { written: true };
    }
    case 'territory': {
      db.prepare(
        `INSERT INTO territory (id, scale, code, name, updated_at) VALUES (1, @scale, @code, @name, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET scale = excluded.scale, code = excluded.code, name = excluded.name, updated_at = excluded.updated_at`,
      ).run(document.body);
      return { written: true };
    }
    case 'roadmap_item': {
      // A lever of kits this computer does not have (another edition), or a project it never received: set aside, not half applied.
      const leverId = resolveLeverId(db, document.body.leverId, document.body.leverTitle);
      if (!leverId) return { written: false, reason: 'Levier inconnu sur ce poste : mettez à jour ses kits.' };
      const item = { ...document.body, leverId };
      if (item.projectIds.some((projectId) => !db.prepare('SELECT 1 FROM projects WHERE id = ?').get(projectId))) {
        return { written: false, reason: 'Un des projets de ce levier n’existe pas (ou plus) dans l’équipe.' };
      }
      if (db.prepare('SELECT 1 FROM roadmap_items WHERE roadmap = ? AND lever_id = ? AND id <> ?').get(item.roadmap, item.leverId, item.id)) {
        return { written: false, reason: 'Ce levier est déjà dans la même feuille de route de ce poste.' };
      }
      new RoadmapService(db).writeTransferred(item);
      return { written: true };
    }
    case 'document': {
      const d = document.body;
      saveTeamDocument(db, d, 'replace');
      // A copy already in this library takes the team's title, author and date.
      db.prepare('UPDATE documents SET title = @title, author = @author, document_date = @date WHERE sha256 = @id').run(d);
      return { written: true };
    }
  }
}

/**
 * Records a document shared with the team: a share made here leaves an entry already there as it
 * is (shared first by a teammate); a pulled share replaces it.
 */
export function saveTeamDocument(db: Db, d: LibraryDocumentBody, ifExists: 'keep' | 'replace'): void {
  db.prepare(
    `INSERT INTO team_documents (sha256, file_name, format, title, author, document_date, page_count, size_bytes, shared_at, author_login, author_name)
     VALUES (@id, @fileName, @format, @title, @author, @date, @pageCount, @size, @sharedAt, @authorLogin, @authorName)
     ON CONFLICT (sha256) DO ${
       ifExists === 'keep'
         ? 'NOTHING'
         : `UPDATE SET file_name = excluded.file_name, format = excluded.format, title = excluded.title,
           author = excluded.author, document_date = excluded.document_date, page_count = excluded.page_count, size_bytes = excluded.size_bytes,
           shared_at = excluded.shared_at, author_login = excluded.author_login, author_name = excluded.author_name`
     }`,
  ).run(d);
}

/** Removes the row of a document deleted in the team (a private annotation stays: it was never the team's). */
export function deleteDocumentRow(db: Db, kind: DocumentKind, id: string): void {
  const statements: Record<DocumentKind, string> = {
    annotation: 'DELETE FROM annotations WHERE id = ? AND is_private = 0',
    project: 'DELETE FROM projects WHERE id = ?',
    project_link: 'DELETE FROM project_links WHERE id = ?',
    territory: 'DELETE FROM territory WHERE ? IS NOT NULL',
    roadmap_item: 'DELETE FROM roadmap_items WHERE id = ?',
    // No longer shared: copies already in libraries stay there.
    document: 'DELETE FROM team_documents WHERE sha256 = ?',
  };
  db.prepare(statements[kind]).run(id);
}
