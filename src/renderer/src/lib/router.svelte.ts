import { resultTypes, type FacetName, type ResultType } from '../../../shared/constants';
import type { SearchFilters } from '../../../shared/schemas';

/** Where the reader is, kept in the address hash so that back/forward and reload work. */
export type Route =
  | { name: 'home' }
  | { name: 'kit'; kit: string }
  | { name: 'fiche'; kit: string; number: number; highlight?: string; annotation?: string }
  | { name: 'search'; query: string; filters: SearchFilters }
  | { name: 'annotations' }
  | { name: 'territory' }
  | { name: 'data' }
  | { name: 'exchange' }
  | { name: 'dashboard' }
  | { name: 'projects' }
  | { name: 'roadmap' }
  | { name: 'project'; id: string }
  | { name: 'project-edit'; id: string | null }
  | { name: 'accessibility' }
  | { name: 'team' }
  | { name: 'team-conflicts' }
  | { name: 'library'; importing: boolean }
  | { name: 'document'; id: string; page: number; highlight?: string; annotation?: string }
  | { name: 'shortcuts' }
  | { name: 'about' }
  | { name: 'not-found' };

const facetParams: FacetName[] = ['kit', 'theme', 'competence', 'type'];

export function emptyFilters(): SearchFilters {
  return { kit: [], theme: [], competence: [], type: [] };
}

const isResultType = (value: string): value is ResultType => (resultTypes as readonly string[]).includes(value);

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  // The web host's launch address (#token=…) opens the home page once the token is taken.
  if (parts.length === 0 || parts[0]?.startsWith('token=')) return { name: 'home' };
  if (parts[0] === 'kit' && parts.length === 2 && parts[1]) return { name: 'kit', kit: parts[1] };
  if (parts[0] === 'fiche' && parts.length === 3 && parts[1] && /^\d{1,3}$/.test(parts[2] ?? '')) {
    return {
      name: 'fiche',
      kit: parts[1],
      number: Number(parts[2]),
      highlight: params.get('q') ?? '',
      annotation: params.get('annotation') ?? '',
    };
  }
  if (parts[0] === 'annotations' && parts.length === 1) return { name: 'annotations' };
  if (parts[0] === 'territoire' && parts.length === 1) return { name: 'territory' };
  if (parts[0] === 'donnees' && parts.length === 1) return { name: 'data' };
  if (parts[0] === 'echanges' && parts.length === 1) return { name: 'exchange' };
  if (parts[0] === 'tableau-de-bord' && parts.length === 1) return { name: 'dashboard' };
  if (parts[0] === 'accessibilite' && parts.length === 1) return { name: 'accessibility' };
  if (parts[0] === 'equipe' && parts.length === 1) return { name: 'team' };
  if (parts[0] === 'equipe' && parts.length === 2 && parts[1] === 'conflits') return { name: 'team-conflicts' };
  if (parts[0] === 'feuille-de-route' && parts.length === 1) return { name: 'roadmap' };
  // « ?importer » opens the file picker: what the desktop menu Fichier › Importer des documents asks for.
  if (parts[0] === 'bibliotheque' && parts.length === 1) return { name: 'library', importing: params.has('importer') };
  if (parts[0] === 'document' && parts.length === 2 && /^[0-9a-f]{64}$/.test(parts[1] ?? '')) {
    const page = Number(params.get('page') ?? '1');
    return {
      name: 'document',
      id: parts[1] ?? '',
      page: Number.isInteger(page) && page >= 1 ? page : 1,
      highlight: params.get('q') ?? '',
      annotation: params.get('annotation') ?? '',
    };
  }
  if (parts[0] === 'raccourcis' && parts.length === 1) return { name: 'shortcuts' };
  if (parts[0] === 'a-propos' && parts.length === 1) return { name: 'about' };
  if (parts[0] === 'projets') {
    if (parts.length === 1) return { name: 'projects' };
    if (parts.length === 2 && parts[1] === 'nouveau') return { name: 'project-edit', id: null };
    if (parts.length === 2 && parts[1]) return { name: 'project', id: parts[1] };
    if (parts.length === 3 && parts[1] && parts[2] === 'modifier') return { name: 'project-edit', id: parts[1] };
  }
  if (parts[0] === 'recherche' && parts.length === 1) {
    const filters = emptyFilters();
    for (const facet of facetParams) (filters[facet] as string[]) = params.getAll(facet);
    // A hand-edited address may name an unknown type: it is ignored, not sent to be refused.
    filters.type = filters.type.filter(isResultType);
    return { name: 'search', query: params.get('q') ?? '', filters };
  }
  return { name: 'not-found' };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'home':
    case 'not-found':
      return '#/';
    case 'kit':
      return `#/kit/${encodeURIComponent(route.kit)}`;
    case 'annotations':
      return '#/annotations';
    case 'territory':
      return '#/territoire';
    case 'data':
      return '#/donnees';
    case 'exchange':
      return '#/echanges';
    case 'dashboard':
      return '#/tableau-de-bord';
    case 'accessibility':
      return '#/accessibilite';
    case 'team':
      return '#/equipe';
    case 'team-conflicts':
      return '#/equipe/conflits';
    case 'shortcuts':
      return '#/raccourcis';
    case 'about':
      return '#/a-propos';
    case 'projects':
      return '#/projets';
    case 'roadmap':
      return '#/feuille-de-route';
    case 'library':
      return route.importing ? '#/bibliotheque?importer' : '#/bibliotheque';
    case 'document': {
      const params = new URLSearchParams();
      if (route.page > 1) params.set('page', String(route.page));
      if (route.highlight) params.set('q', route.highlight);
      if (route.annotation) params.set('annotation', route.annotation);
      const base = `#/document/${route.id}`;
      return params.size > 0 ? `${base}?${params}` : base;
    }
    case 'project':
      return `#/projets/${encodeURIComponent(route.id)}`;
    case 'project-edit':
      return route.id ? `#/projets/${encodeURIComponent(route.id)}/modifier` : '#/projets/nouveau';
    case 'fiche': {
      const params = new URLSearchParams();
      if (route.highlight) params.set('q', route.highlight);
      if (route.annotation) params.set('annotation', route.annotation);
      const base = `#/fiche/${encodeURIComponent(route.kit)}/${route.number}`;
      return params.size > 0 ? `${base}?${params}` : base;
    }
    case 'search': {
      const params = new URLSearchParams();
      if (route.query) params.set('q', route.query);
      for (const facet of facetParams) for (const value of route.filters[facet]) params.append(facet, value);
      return `#/recherche?${params}`;
    }
  }
}

/**
 * Asked before the page changes (a link, « Précédent », the menu): returns false to stay, for
 * instance while an editor holds unsaved text; it is then up to the guard to ask the person.
 */
export type LeaveGuard = (href: string) => boolean;

class Router {
  route: Route = $state(parseRoute(window.location.hash));
  /** The address of the page shown, to come back to when a guard refuses to leave it. */
  private shownHref = window.location.hash;
  private readonly guards = new Set<LeaveGuard>();

  constructor() {
    window.addEventListener('hashchange', () => {
      const href = window.location.hash;
      if ([...this.guards].some((guard) => !guard(href))) {
        // The address already changed: put it back, without reloading anything.
        history.replaceState(null, '', this.shownHref);
        return;
      }
      this.shownHref = href;
      this.route = parseRoute(href);
    });
  }

  /** Adds a guard until the returned function is called. */
  guardLeaving(guard: LeaveGuard): () => void {
    this.guards.add(guard);
    return () => this.guards.delete(guard);
  }

  /** Changes the route without a new history entry (each keystroke of a search, for instance). */
  replace(route: Route): void {
    this.shownHref = routeHref(route);
    history.replaceState(null, '', this.shownHref);
    this.route = route;
  }

  go(route: Route): void {
    window.location.hash = routeHref(route);
  }
}

export const router = new Router();
