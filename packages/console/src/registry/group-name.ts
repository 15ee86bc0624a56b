// How a registry group (tracer × site) is named on screen.
const SITE_TEXT: Record<string, string> = {
  all: 'all sites',
  bowel: 'bowel',
  pancreas: 'pancreas',
  nodes: 'lymph nodes',
  liver: 'liver',
  other: 'other sites',
};

export function siteName(site: string): string {
  return SITE_TEXT[site] ?? site;
}

export function tracerName(tracer: string): string {
  return tracer === 'all' ? 'All tracers' : tracer;
}

export function groupName(group: { tracer: string; site: string }): string {
  return `${tracerName(group.tracer)} · ${siteName(group.site)}`;
}

/** A stable key for a group (tracer names may contain spaces and slashes). */
export function groupKey(group: { tracer: string; site: string }): string {
  return `${group.tracer}|${group.site}`;
}
