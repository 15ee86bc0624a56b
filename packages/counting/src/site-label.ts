// A background site as measured, and how it is named in messages.

export interface BackgroundSite {
  /** Free label of the site (pseudonymous; e.g. "liver segment 6"). */
  siteLabel?: string;
  counts: number;
  durationSeconds: number;
}

/** The site's label, or "site N" (1-based position) when it has none. */
export function siteName(site: BackgroundSite, index: number): string {
  return site.siteLabel !== undefined && site.siteLabel !== '' ? site.siteLabel : `site ${index + 1}`;
}
