import type { ProjectLink } from './schemas';

/** A link to a kit fiche (whole, or through one of its annotated passages). */
export type FicheLink = ProjectLink & { kit: string; number: number; document: null };
/** A link to a library document (whole, one page, or an annotated passage of a page). */
export type DocumentLink = ProjectLink & { kit: null; number: null; document: NonNullable<ProjectLink['document']> };

export function isFicheLink(link: ProjectLink): link is FicheLink {
  return link.document === null && link.kit !== null && link.number !== null;
}

export function isDocumentLink(link: ProjectLink): link is DocumentLink {
  return link.document !== null;
}

/**
 * A dossier's parts, each in the reading order the links come in: whole fiches, annotated
 * passages of fiches, then library documents (their pages and passages together, as read).
 */
export function dossierSections(links: readonly ProjectLink[]): { fiches: FicheLink[]; passages: FicheLink[]; documents: DocumentLink[] } {
  const ficheLinks = links.filter(isFicheLink);
  return {
    fiches: ficheLinks.filter((l) => !l.annotationId),
    passages: ficheLinks.filter((l) => l.annotationId),
    documents: links.filter(isDocumentLink),
  };
}

/** « SPASER 2025, page 3 », « SPASER 2025, document entier »; a removed document says so. */
export function documentLinkTitle(document: DocumentLink['document']): string {
  const title = document.title ?? 'Document sans titre connu';
  const where = document.page === null ? 'document entier' : `page ${document.page}`;
  return `${title}${document.removed ? ' (retiré de la bibliothèque)' : ''}, ${where}`;
}
