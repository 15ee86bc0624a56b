// Hash routes (`#/cases/12`): the server serves one index.html at `/`, and a reload keeps the page.
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'cases' }
  | { name: 'new-case' }
  | { name: 'case'; caseId: string }
  | { name: 'case-live'; caseId: string }
  | { name: 'report'; caseId: string }
  | { name: 'live' }
  | { name: 'spectrum' }
  | { name: 'users' }
  | { name: 'probes' }
  | { name: 'probe-qc'; probeId: string }
  | { name: 'registry' }
  | { name: 'planning' }
  | { name: 'map'; stationId: string | null; compact: boolean }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0 || (first === 'cases' && parts.length === 1)) return { name: 'cases' };
  if (first === 'cases' && second === 'new' && parts.length === 2) return { name: 'new-case' };
  if (first === 'cases' && second && parts.length === 2) return { name: 'case', caseId: second };
  if (first === 'cases' && second && third === 'live') return { name: 'case-live', caseId: second };
  if (first === 'cases' && second && third === 'report') return { name: 'report', caseId: second };
  if (first === 'live' && parts.length === 1) return { name: 'live' };
  if (first === 'spectrum' && parts.length === 1) return { name: 'spectrum' };
  if (first === 'registry' && parts.length === 1) return { name: 'registry' };
  if (first === 'planning' && parts.length === 1) return { name: 'planning' };
  if (first === 'map' && parts.length <= 3 && (parts.length < 3 || third === 'compact'))
    return { name: 'map', stationId: second ?? null, compact: third === 'compact' };
  if (first === 'admin' && second === 'users') return { name: 'users' };
  if (first === 'admin' && second === 'probes' && third && parts[3] === 'qc')
    return { name: 'probe-qc', probeId: third };
  if (first === 'admin' && second === 'probes') return { name: 'probes' };
  return { name: 'not-found', path };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'cases':
      return '#/cases';
    case 'new-case':
      return '#/cases/new';
    case 'case':
      return `#/cases/${encodeURIComponent(route.caseId)}`;
    case 'case-live':
      return `#/cases/${encodeURIComponent(route.caseId)}/live`;
    case 'report':
      return `#/cases/${encodeURIComponent(route.caseId)}/report`;
    case 'live':
      return '#/live';
    case 'spectrum':
      return '#/spectrum';
    case 'users':
      return '#/admin/users';
    case 'probes':
      return '#/admin/probes';
    case 'probe-qc':
      return `#/admin/probes/${encodeURIComponent(route.probeId)}/qc`;
    case 'registry':
      return '#/registry';
    case 'planning':
      return '#/planning';
    case 'map':
      return route.stationId === null
        ? '#/map'
        : `#/map/${encodeURIComponent(route.stationId)}${route.compact ? '/compact' : ''}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

export function navigate(route: Route): void {
  location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
