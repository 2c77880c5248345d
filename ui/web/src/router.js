// The portal's routes live in the URL's hash, so Back, Forward, reload and deep links work
// without server-side routing: #/<page>[/<id>[/<tab>]] (for example #/instances/3f2a/metrics).
import { useEffect, useState } from 'react';

/** The route a hash names: { page, id, tab }; an empty or foreign hash gives page ''. */
export function parseRoute(hash) {
  const parts = (hash || '').replace(/^#\/?/, '').split('/').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return '';
    }
  });
  return { page: parts[0] || '', id: parts[1] || null, tab: parts[2] || null };
}

/** The hash of a route: href('instances', id, 'metrics') is '#/instances/<id>/metrics'. */
export function href(page, id, tab) {
  return '#/' + [page, id, tab].filter((part) => part != null && part !== '').map(encodeURIComponent).join('/');
}

/** Goes to a route; the browser records it, so Back returns here. */
export function navigate(page, id, tab) {
  const target = href(page, id, tab);
  if (location.hash !== target) {
    location.hash = target;
  }
}

/** Replaces the current route without a history entry (a fallback for an unknown page). */
export function redirect(page, id, tab) {
  history.replaceState(null, '', href(page, id, tab));
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** The current route, following Back, Forward and links. */
export function useRoute() {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
