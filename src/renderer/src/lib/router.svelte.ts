/** Where the reader is, kept in the address hash so that back/forward and reload work. */
export type Route =
  | { name: 'home' }
  | { name: 'kit'; kit: string }
  | { name: 'fiche'; kit: string; number: number }
  | { name: 'not-found' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'kit' && parts.length === 2 && parts[1]) return { name: 'kit', kit: parts[1] };
  if (parts[0] === 'fiche' && parts.length === 3 && parts[1] && /^\d{1,3}$/.test(parts[2] ?? '')) {
    return { name: 'fiche', kit: parts[1], number: Number(parts[2]) };
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
    case 'fiche':
      return `#/fiche/${encodeURIComponent(route.kit)}/${route.number}`;
  }
}

class Router {
  route: Route = $state(parseRoute(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseRoute(window.location.hash);
    });
  }
}

export const router = new Router();
