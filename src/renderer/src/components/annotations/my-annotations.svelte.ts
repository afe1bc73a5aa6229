import type { Annotation, AnnotationColor, Project } from '../../../../shared/schemas';
import { call, errorMessage } from '../../lib/api';
import type { Route } from '../../lib/router.svelte';
import { ficheReference as sharedFicheReference } from '../../../../shared/shared-notes';
import { AnnotationStore } from './annotation-store.svelte';
import { annotationRoute } from './annotation-route';

export type AnnotationSort = 'reading' | 'date';

/** The filters chosen in « Mes annotations », kept while the app runs so that « Retour » from a fiche finds them again. */
export const view: { kit: string; tag: string; color: AnnotationColor | ''; project: string; mine: boolean; sort: AnnotationSort } = $state({
  kit: '',
  project: '',
  tag: '',
  color: '',
  /** « Les miennes » rather than « Toute l’équipe » (team workspace). */
  mine: false,
  sort: 'reading',
});

export function hasFilters(): boolean {
  return view.kit !== '' || view.tag !== '' || view.color !== '' || view.project !== '' || view.mine;
}

export function clearFilters(): void {
  view.kit = '';
  view.tag = '';
  view.color = '';
  view.project = '';
  view.mine = false;
}

/** The filters as the API takes them (the export has no sort). */
export function currentFilters(): { kit?: string; tag?: string; color?: AnnotationColor; project?: string; mine?: boolean } {
  return {
    ...(view.mine ? { mine: true } : {}),
    ...(view.kit ? { kit: view.kit } : {}),
    ...(view.tag ? { tag: view.tag } : {}),
    ...(view.color ? { color: view.color } : {}),
    ...(view.project ? { project: view.project } : {}),
  };
}

function sameTag(a: string, b: string): boolean {
  return a.toLocaleLowerCase('fr') === b.toLocaleLowerCase('fr');
}

export function isActiveTag(tag: string): boolean {
  return view.tag !== '' && sameTag(view.tag, tag);
}

/** A tag chip filters by its tag (spelled as in the tag list); the same chip again removes the filter. */
export function toggleTagFilter(tag: string, known: readonly { tag: string }[]): void {
  view.tag = isActiveTag(tag) ? '' : (known.find((t) => sameTag(t.tag, tag))?.tag ?? tag);
}

/** As the screen names an annotation's fiche or document page. */
export function ficheReference(a: Annotation): string {
  return sharedFicheReference(a, ' · ');
}

const maxQuoteLength = 400;

export function quoteText(exact: string): string {
  const text = exact.replace(/\s+/g, ' ').trim();
  return text.length > maxQuoteLength ? `${text.slice(0, maxQuoteLength).trimEnd()}…` : text;
}

export interface FicheGroup {
  key: string;
  /** Where the heading leads: the fiche, or the document page. */
  route: Route;
  reference: string;
  ficheGone: boolean;
  items: Annotation[];
}

/** In reading order, consecutive annotations of one fiche share a heading. */
export function groupByFiche(annotations: readonly Annotation[]): FicheGroup[] {
  const groups: FicheGroup[] = [];
  for (const a of annotations) {
    const key = a.document ? `${a.document.id}-${a.document.page}` : `${a.kit}-${a.number}`;
    const last = groups.at(-1);
    if (last && last.key === key) last.items.push(a);
    else groups.push({
      key,
      route: annotationRoute(a, false),
      reference: ficheReference(a),
      ficheGone: a.document ? a.document.title === null : a.ficheTitle === null,
      items: [a],
    });
  }
  return groups;
}

/** Every annotation that the filters of « Mes annotations » select, with the tags and projects to filter by. */
export class MyAnnotations extends AnnotationStore {
  annotations: Annotation[] | null = $state(null);
  tags: { tag: string; count: number }[] = $state([]);
  projects: Project[] = $state([]);
  loading = $state(false);
  /** Only the answer to the latest request is shown, whatever order the answers come back in. */
  private sequence = 0;

  /** Reads the filters synchronously, so that an effect calling it runs again when they change. */
  async load(): Promise<void> {
    const filters = { ...currentFilters(), sort: view.sort };
    const current = ++this.sequence;
    this.loading = true;
    try {
      const [list, tagCounts] = await Promise.all([call('listAnnotations', filters), call('listTags', {})]);
      if (current !== this.sequence) return;
      this.annotations = list;
      this.tags = tagCounts;
      this.error = null;
    } catch (caught) {
      if (current === this.sequence) this.error = errorMessage(caught);
    } finally {
      if (current === this.sequence) this.loading = false;
    }
  }

  /** Archived projects too: their annotations stay findable. */
  async loadProjects(): Promise<void> {
    try {
      this.projects = await call('listProjects', { includeArchived: true });
    } catch {
      this.projects = [];
    }
  }
}
