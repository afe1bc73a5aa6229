import { isFicheLink } from '../../../../shared/project-links';
import type { ProjectLink, SearchHit, TextSegment } from '../../../../shared/schemas';

/** A fiche, or one of the person's annotated passages, that can be added to a project's dossier. */
export interface Candidate {
  key: string;
  target: { kit: string; number: number; annotationId: string | null };
  /** Where it comes from: « MunicipalESS · fiche 7 », « Mon annotation · … ». */
  meta: string;
  title: TextSegment[];
  /** An annotation's quote (shown between « »), or a fiche's snippet. */
  quote: TextSegment[];
  text: TextSegment[];
}

export function linkKey(kit: string, number: number, annotationId: string | null): string {
  return annotationId ?? `${kit}/${number}`;
}

/** What the dossier already holds, by the same key as its candidates (fiches and their passages: documents are linked from the reader). */
export function linkedKeys(links: readonly ProjectLink[]): Set<string> {
  return new Set(links.filter(isFicheLink).map((link) => linkKey(link.kit, link.number, link.annotationId)));
}

/** The fiches and annotations among search results; projects cannot be linked to a project. */
export function candidatesOf(hits: readonly SearchHit[]): Candidate[] {
  return hits.flatMap((hit): Candidate[] => {
    if (hit.type === 'fiche') {
      return [
        {
          key: linkKey(hit.kit, hit.number, null),
          target: { kit: hit.kit, number: hit.number, annotationId: null },
          meta: `${hit.kitTitle} · fiche ${hit.number}`,
          title: hit.title,
          quote: [],
          text: hit.snippet,
        },
      ];
    }
    if (hit.type === 'annotation') {
      return [
        {
          key: linkKey(hit.kit, hit.number, hit.id),
          target: { kit: hit.kit, number: hit.number, annotationId: hit.id },
          meta: `Mon annotation · ${hit.kitTitle} · fiche ${hit.number}`,
          title: [{ text: hit.ficheTitle ?? 'fiche retirée de la base', mark: false }],
          quote: hit.quote,
          text: hit.note,
        },
      ];
    }
    return [];
  });
}
