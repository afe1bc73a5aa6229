import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { KbError } from '../../shared/errors';
import { maxClockSkewMs } from '../../shared/limits';
import {
  annotationFiltersSchema,
  type Annotation,
  type AnnotationColor,
  type AnnotationFilters,
  createAnnotationSchema,
  type DocumentPageTarget,
  type Selector,
  updateAnnotationSchema,
} from '../../shared/schemas';
import type { Db } from '../db/open-database';
import { getAuthorName, getSetting, teamLoginKey } from '../settings';
import { statementCache, type Prepare } from '../db/statement-cache';
import { anchorSelector, quoteContext } from './anchoring';

export interface AnnotationRow {
  id: string;
  kit_slug: string | null;
  fiche_number: number | null;
  document_sha256: string | null;
  document_page: number | null;
  document_title: string | null;
  color: AnnotationColor | null;
  note_md: string;
  quote_exact: string | null;
  quote_prefix: string | null;
  quote_suffix: string | null;
  position_start: number | null;
  position_end: number | null;
  status: Annotation['status'];
  tags_text: string;
  created_at: string;
  updated_at: string;
  fiche_title: string | null;
  kit_title: string | null;
  author_name: string;
  author_login: string;
  is_private: number;
}

const selectRows = `
  SELECT a.*, f.title AS fiche_title, k.title AS kit_title, d.title AS document_title
  FROM annotations a
  LEFT JOIN kits k ON k.slug = a.kit_slug
  LEFT JOIN fiches f ON f.kit_id = k.id AND f.number = a.fiche_number
  LEFT JOIN documents d ON d.sha256 = a.document_sha256`;

const readingOrder = `CASE k.scale WHEN 'commune' THEN 1 WHEN 'departement' THEN 2 WHEN 'region' THEN 3 ELSE 4 END,
  a.kit_slug, a.fiche_number, d.title, a.document_sha256, a.document_page, CASE a.status WHEN 'fiche' THEN 0 WHEN 'anchored' THEN 1 ELSE 2 END,
  a.position_start, a.created_at`;

/**
 * An annotation to write; one coming from an export made before authors (or privacy) were recorded
 * has none, and one from the team or an exchange file names a fiche (no document).
 */
type NewAnnotationRow = Omit<Annotation, 'authorName' | 'authorLogin' | 'isPrivate' | 'document'> & {
  authorName?: string;
  authorLogin?: string;
  isPrivate?: boolean;
  document?: DocumentPageTarget | null;
};

/** What an annotation is on: a fiche, or a page of a library document. */
type Target = { kit: string; number: number; document?: undefined } | { kit?: undefined; number?: undefined; document: DocumentPageTarget };

function targetOf(a: { kit?: string | null; number?: number | null; document?: DocumentPageTarget | null }): Target {
  if (a.document) return { document: { id: a.document.id, page: a.document.page } };
  if (a.kit == null || a.number == null) throw new KbError('invalid_input', 'Une annotation porte soit sur une fiche, soit sur une page de document.');
  return { kit: a.kit, number: a.number };
}

/** Tags as typed, without blanks or duplicates (differing only by case counts as the same tag). */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const tag of tags.map((t) => t.trim()).filter(Boolean)) {
    const key = tag.toLocaleLowerCase('fr');
    if (!seen.has(key)) seen.set(key, tag);
  }
  return [...seen.values()];
}

function toAnnotation(row: AnnotationRow, tags: string[]): Annotation {
  const selector: Selector | null =
    row.quote_exact === null
      ? null
      : {
          exact: row.quote_exact,
          prefix: row.quote_prefix ?? '',
          suffix: row.quote_suffix ?? '',
          start: row.position_start ?? 0,
          end: row.position_end ?? 0,
        };
  return {
    id: row.id,
    kit: row.kit_slug,
    number: row.fiche_number,
    document:
      row.document_sha256 === null || row.document_page === null
        ? null
        : { id: row.document_sha256, page: row.document_page, title: row.document_title },
    ficheTitle: row.fiche_title,
    kitTitle: row.kit_title,
    color: row.color,
    note: row.note_md,
    tags,
    selector,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    authorName: row.author_name,
    authorLogin: row.author_login,
    isPrivate: row.is_private === 1,
  };
}

/** Annotations of the fiches: creating, editing and listing them, and keeping them on their passage. */
export class AnnotationService {
  /** Re-anchoring runs for every changed fiche of an import: statements are prepared once. */
  private readonly prepare: Prepare;

  constructor(
    private readonly db: Db,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    this.prepare = statementCache(db);
  }

  list(filters: AnnotationFilters = {}): Annotation[] {
    const f = annotationFiltersSchema.parse(filters);
    const conditions: string[] = [];
    const params: Record<string, string | number> = {};
    if (f.kit !== undefined) {
      conditions.push('a.kit_slug = @kit');
      params.kit = f.kit;
    }
    if (f.number !== undefined) {
      conditions.push('a.fiche_number = @number');
      params.number = f.number;
    }
    if (f.document !== undefined) {
      conditions.push('a.document_sha256 = @document');
      params.document = f.document;
    }
    if (f.page !== undefined) {
      conditions.push('a.document_page = @page');
      params.page = f.page;
    }
    if (f.color !== undefined) {
      conditions.push('a.color = @color');
      params.color = f.color;
    }
    if (f.tag !== undefined) {
      conditions.push('EXISTS (SELECT 1 FROM annotation_tags t WHERE t.annotation_id = a.id AND t.tag = @tag COLLATE NOCASE)');
      params.tag = f.tag;
    }
    if (f.project !== undefined) {
      conditions.push('EXISTS (SELECT 1 FROM project_links l WHERE l.annotation_id = a.id AND l.project_id = @project)');
      params.project = f.project;
    }
    if (f.mine) {
      conditions.push("(a.author_login = '' OR a.author_login = @myLogin)");
      params.myLogin = getSetting(this.db, teamLoginKey) ?? '';
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const order = f.sort === 'date' ? 'a.updated_at DESC, a.id' : readingOrder;
    const rows = this.prepare(`${selectRows} ${where} ORDER BY ${order}`).all(params) as AnnotationRow[];
    return this.withTags(rows);
  }

  get(id: string): Annotation {
    const row = this.prepare(`${selectRows} WHERE a.id = ?`).get(id) as AnnotationRow | undefined;
    if (!row) throw new KbError('not_found', 'Cette annotation n’existe plus.');
    return this.withTags([row])[0] as Annotation;
  }

  create(request: z.input<typeof createAnnotationSchema>): Annotation {
    const input = createAnnotationSchema.parse(request);
    const id = randomUUID();
    const timestamp = this.now();
    this.db.transaction(() => {
      const target = targetOf(input);
      const text = this.targetText(target);
      const selector = input.selector ? this.checkedSelector(target, text, input.selector) : null;
      this.write({
        id,
        kit: target.kit ?? null,
        number: target.number ?? null,
        document: target.document ?? null,
        color: input.color,
        note: input.note,
        tags: normaliseTags(input.tags),
        selector,
        status: selector ? 'anchored' : 'fiche',
        createdAt: timestamp,
        updatedAt: timestamp,
        authorName: getAuthorName(this.db),
        isPrivate: input.isPrivate,
      });
    })();
    return this.get(id);
  }

  update(request: z.input<typeof updateAnnotationSchema>): Annotation {
    const input = updateAnnotationSchema.parse(request);
    this.db.transaction(() => {
      const current = this.get(input.id);
      const sets: string[] = ['updated_at = @updated_at'];
      const params: Record<string, unknown> = { id: input.id, updated_at: this.now() };
      if (input.note !== undefined) {
        sets.push('note_md = @note');
        params.note = input.note;
      }
      if (input.isPrivate !== undefined) {
        sets.push('is_private = @is_private');
        params.is_private = input.isPrivate ? 1 : 0;
      }
      if (input.color !== undefined) {
        sets.push('color = @color');
        params.color = input.color;
      }
      if (input.selector !== undefined) {
        const target = targetOf(current);
        const selector = this.checkedSelector(target, this.targetText(target), input.selector);
        sets.push(
          "quote_exact = @exact, quote_prefix = @prefix, quote_suffix = @suffix, position_start = @start, position_end = @end, status = 'anchored'",
        );
        Object.assign(params, selector);
      }
      if (input.tags !== undefined) {
        const tags = normaliseTags(input.tags);
        sets.push('tags_text = @tags_text');
        params.tags_text = tags.join(' ');
        this.replaceTags(input.id, tags);
      }
      this.prepare(`UPDATE annotations SET ${sets.join(', ')} WHERE id = @id`).run(params);
    })();
    return this.get(input.id);
  }

  /** Deletes an annotation and returns it whole, so that it can be restored exactly. */
  delete(id: string): Annotation {
    const annotation = this.get(id);
    this.prepare('DELETE FROM annotations WHERE id = ?').run(id);
    return annotation;
  }

  /**
   * Puts back a deleted annotation (« Annuler ») with its id, dates and tags. The caller is
   * trusted no more than for a new annotation: its fiche must exist, its dates be real and past,
   * and its state is recomputed here (anchored where its passage is found, orphan otherwise).
   */
  restore(annotation: NewAnnotationRow): Annotation {
    this.db.transaction(() => {
      if (this.prepare('SELECT 1 FROM annotations WHERE id = ?').get(annotation.id)) {
        throw new KbError('invalid_input', 'Cette annotation existe déjà : elle a sans doute déjà été restaurée.');
      }
      const latest = Date.parse(this.now()) + maxClockSkewMs;
      if (Date.parse(annotation.createdAt) > latest || Date.parse(annotation.updatedAt) > latest) {
        throw new KbError('invalid_input', 'Cette annotation porte une date dans le futur : elle ne peut pas être restaurée.');
      }
      if (Date.parse(annotation.createdAt) > Date.parse(annotation.updatedAt)) {
        throw new KbError('invalid_input', 'Cette annotation aurait été modifiée avant d’être créée : elle ne peut pas être restaurée.');
      }
      this.write(this.anchoredOn(this.targetText(targetOf(annotation)), annotation));
    })();
    return this.get(annotation.id);
  }

  /**
   * Writes a colleague's version of an annotation (new here, or newer than this computer's).
   * Its passage is looked for in this computer's fiche; links to it are kept.
   */
  importVersion(annotation: Omit<NewAnnotationRow, 'ficheTitle' | 'kitTitle' | 'status'>): void {
    const row = this.prepare('SELECT f.body_text FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = ? AND f.number = ?')
      .get(annotation.kit, annotation.number) as { body_text: string } | undefined;
    this.write(this.anchoredOn(row?.body_text ?? null, annotation));
  }

  tags(): { tag: string; count: number }[] {
    return this.prepare('SELECT tag, count(*) AS count FROM annotation_tags GROUP BY tag COLLATE NOCASE ORDER BY count DESC, tag')
      .all() as { tag: string; count: number }[];
  }

  /**
   * Follows the annotations of a fiche whose text changed (or vanished, when `text` is null):
   * each goes to its passage in the new text or becomes an orphan; none is ever deleted.
   * Orphans are tried again too, so that they come back when their passage does.
   */
  reanchorFiche(kit: string, number: number, text: string | null): void {
    this.reanchor('kit_slug = ? AND fiche_number = ?', [kit, number], text);
  }

  /** The same for one page of a library document (its text null once the document is removed). */
  reanchorDocumentPage(sha256: string, page: number, text: string | null): void {
    this.reanchor('document_sha256 = ? AND document_page = ?', [sha256, page], text);
  }

  /**
   * A document leaves the library: its highlights become orphans, kept with their quote, and
   * come back if the same file is imported again. Returns how many annotations it had.
   */
  orphanDocument(sha256: string): number {
    this.prepare("UPDATE annotations SET status = 'orphan' WHERE document_sha256 = ? AND status = 'anchored'").run(sha256);
    return this.countOnDocument(sha256);
  }

  countOnDocument(sha256: string): number {
    return (this.prepare('SELECT count(*) AS n FROM annotations WHERE document_sha256 = ?').get(sha256) as { n: number }).n;
  }

  /** The pages of a document that hold annotations (to re-anchor them when it comes back). */
  annotatedPages(sha256: string): number[] {
    return (this.prepare('SELECT DISTINCT document_page AS page FROM annotations WHERE document_sha256 = ? ORDER BY page').all(sha256) as { page: number }[]).map(
      (r) => r.page,
    );
  }

  private reanchor(where: string, target: (string | number)[], text: string | null): void {
    const rows = this.prepare(
        `SELECT id, quote_exact, quote_prefix, quote_suffix, position_start, position_end FROM annotations
         WHERE ${where} AND status != 'fiche'`,
      )
      .all(...target) as Pick<AnnotationRow, 'id' | 'quote_exact' | 'quote_prefix' | 'quote_suffix' | 'position_start' | 'position_end'>[];
    const moved = this.prepare(
      `UPDATE annotations SET status = 'anchored', position_start = @start, position_end = @end,
         quote_exact = @exact, quote_prefix = @prefix, quote_suffix = @suffix WHERE id = @id`,
    );
    const orphaned = this.prepare("UPDATE annotations SET status = 'orphan' WHERE id = ?");
    for (const row of rows) {
      const selector: Selector = {
        exact: row.quote_exact ?? '',
        prefix: row.quote_prefix ?? '',
        suffix: row.quote_suffix ?? '',
        start: row.position_start ?? 0,
        end: row.position_end ?? 0,
      };
      const anchor = text === null ? null : anchorSelector(text, selector);
      if (anchor && text !== null) {
        moved.run({ id: row.id, ...anchor, exact: text.slice(anchor.start, anchor.end), ...quoteContext(text, anchor.start, anchor.end) });
      } else {
        orphaned.run(row.id);
      }
    }
  }

  /** The plain text selectors point into: the fiche's, or the page's extracted text. */
  private targetText(target: Target): string {
    if (target.document) {
      const { id, page } = target.document;
      const row = this.prepare(
        'SELECT p.text FROM document_pages p JOIN documents d ON d.seq = p.document_seq WHERE d.sha256 = ? AND p.page_number = ?',
      ).get(id, page) as { text: string } | undefined;
      if (!row) throw new KbError('not_found', `La page ${page} de ce document n’est pas dans la bibliothèque.`);
      return row.text;
    }
    const row = this.prepare('SELECT f.body_text FROM fiches f JOIN kits k ON k.id = f.kit_id WHERE k.slug = ? AND f.number = ?')
      .get(target.kit, target.number) as { body_text: string } | undefined;
    if (!row) throw new KbError('not_found', `La fiche n° ${target.number} du kit « ${target.kit} » n’existe pas.`);
    return row.body_text;
  }

  /** Checks a selector against the target's current text; the context is taken from the text itself. */
  private checkedSelector(target: Target, text: string, selector: Selector): Selector {
    const where = target.document ? 'de la page' : 'de la fiche';
    if (selector.end > text.length) {
      throw new KbError('invalid_input', `Le passage sélectionné dépasse la fin ${where}.`);
    }
    if (text.slice(selector.start, selector.end) !== selector.exact) {
      throw new KbError(
        'invalid_input',
        target.document
          ? 'Le passage sélectionné ne correspond pas au texte de la page : rechargez le document puis recommencez.'
          : 'Le passage sélectionné ne correspond pas au texte de la fiche (elle a peut-être été mise à jour) : rechargez la fiche puis recommencez.',
      );
    }
    return { ...selector, ...quoteContext(text, selector.start, selector.end) };
  }

  /**
   * The state an annotation has on `text` (its fiche here, null when absent): a note on the whole
   * fiche, anchored on its passage found again (positions and context taken from the text), or orphan.
   */
  private anchoredOn(text: string | null, a: Omit<NewAnnotationRow, 'ficheTitle' | 'kitTitle' | 'status'>): Omit<NewAnnotationRow, 'ficheTitle' | 'kitTitle'> {
    const tags = normaliseTags(a.tags);
    if (!a.selector) return { ...a, tags, status: 'fiche' };
    const anchor = text === null ? null : anchorSelector(text, a.selector);
    if (!anchor || text === null) return { ...a, tags, status: 'orphan' };
    const selector = { ...anchor, exact: text.slice(anchor.start, anchor.end), ...quoteContext(text, anchor.start, anchor.end) };
    return { ...a, tags, selector, status: 'anchored' };
  }

  /** Inserts, or replaces in place an annotation of the same id (so that the project links citing it stay). */
  private write(a: Omit<NewAnnotationRow, 'ficheTitle' | 'kitTitle'>): void {
    this.prepare(
        `INSERT INTO annotations (id, kit_slug, fiche_number, document_sha256, document_page, color, note_md, quote_exact, quote_prefix, quote_suffix,
           position_start, position_end, status, tags_text, created_at, updated_at, author_name, author_login, is_private)
         VALUES (@id, @kit, @number, @document, @page, @color, @note, @exact, @prefix, @suffix, @start, @end, @status, @tags_text,
           @createdAt, @updatedAt, @authorName, @authorLogin, @isPrivate)
         ON CONFLICT (id) DO UPDATE SET kit_slug = excluded.kit_slug, fiche_number = excluded.fiche_number,
           document_sha256 = excluded.document_sha256, document_page = excluded.document_page, color = excluded.color,
           note_md = excluded.note_md, quote_exact = excluded.quote_exact, quote_prefix = excluded.quote_prefix,
           quote_suffix = excluded.quote_suffix, position_start = excluded.position_start, position_end = excluded.position_end,
           status = excluded.status, tags_text = excluded.tags_text, created_at = excluded.created_at, updated_at = excluded.updated_at,
           author_name = excluded.author_name,
           -- A note private here stays private whatever version comes in; a version without a login keeps the known one.
           author_login = coalesce(nullif(excluded.author_login, ''), annotations.author_login),
           is_private = max(annotations.is_private, excluded.is_private)`,
      )
      .run({
        id: a.id,
        kit: a.kit,
        number: a.number,
        document: a.document?.id ?? null,
        page: a.document?.page ?? null,
        color: a.color,
        note: a.note,
        exact: a.selector?.exact ?? null,
        prefix: a.selector?.prefix ?? null,
        suffix: a.selector?.suffix ?? null,
        start: a.selector?.start ?? null,
        end: a.selector?.end ?? null,
        status: a.status,
        tags_text: a.tags.join(' '),
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
        authorName: a.authorName ?? '',
        authorLogin: a.authorLogin ?? '',
        isPrivate: a.isPrivate ? 1 : 0,
      });
    this.replaceTags(a.id, a.tags);
  }

  private replaceTags(id: string, tags: readonly string[]): void {
    this.prepare('DELETE FROM annotation_tags WHERE annotation_id = ?').run(id);
    const insert = this.prepare('INSERT INTO annotation_tags (annotation_id, tag, position) VALUES (?, ?, ?)');
    tags.forEach((tag, position) => insert.run(id, tag, position));
  }

  private withTags(rows: AnnotationRow[]): Annotation[] {
    if (rows.length === 0) return [];
    const tagRows = this.prepare('SELECT annotation_id, tag FROM annotation_tags WHERE annotation_id IN (SELECT value FROM json_each(?)) ORDER BY position')
      .all(JSON.stringify(rows.map((r) => r.id))) as { annotation_id: string; tag: string }[];
    const byId = new Map<string, string[]>();
    for (const t of tagRows) byId.set(t.annotation_id, [...(byId.get(t.annotation_id) ?? []), t.tag]);
    return rows.map((row) => toAnnotation(row, byId.get(row.id) ?? []));
  }
}
