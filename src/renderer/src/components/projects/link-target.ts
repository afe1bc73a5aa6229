import type { MethodInput } from '../../../../shared/api';
import type { Annotation } from '../../../../shared/schemas';

/**
 * What the link dialog ties to a project: a kit fiche, or a library document read at `page`.
 * Given a `pageCount` above 1, the dialog offers that page or the whole document; a passage is
 * always linked with its own page.
 */
export type LinkDialogTarget = { kit: string; number: number } | { document: { id: string; title: string; page: number; pageCount?: number } };

/** « page » links the page read; « document » the whole document. */
export type DocumentScope = 'page' | 'document';

/** The request linking `target` (through `annotationId` when given) to a project. */
export function linkRequest(
  target: LinkDialogTarget,
  scope: DocumentScope,
  annotationId: string | null,
  projectId: string,
  reason: string,
): MethodInput<'linkToProject'> {
  if ('kit' in target) return { projectId, kit: target.kit, number: target.number, annotationId, reason };
  const { id, page } = target.document;
  // A passage is always linked with the page it is on.
  return { projectId, document: { id, page: scope === 'page' || annotationId ? page : null }, annotationId, reason };
}

/** The dialog's title: what is being linked. */
export function linkDialogTitle(target: LinkDialogTarget, hasAnnotation: boolean): string {
  if (hasAnnotation) return 'Lier ce passage à un projet';
  return 'kit' in target ? 'Lier cette fiche à un projet' : 'Lier ce document à un projet';
}

/** What an annotation's « Lier à un projet » links: its fiche, or its document page; null once its document has left the library. */
export function linkTargetOf(a: Annotation): LinkDialogTarget | null {
  if (a.document) {
    const { id, page, title } = a.document;
    return title === null ? null : { document: { id, title, page } };
  }
  return a.kit === null || a.number === null ? null : { kit: a.kit, number: a.number };
}
