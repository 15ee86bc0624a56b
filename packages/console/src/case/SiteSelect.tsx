// The coded tissue site of a lesion (@openrgs/api LESION_SITES): what the registry and the report group by.
// A free-text location is a note beside it, never a substitute.
import { findLesionSite, LESION_SITES } from '@openrgs/api';

/** The display name of a coded site, or a plain "not coded" for a lesion from before sites were coded. */
export function siteText(siteCode: string | null | undefined): string {
  if (!siteCode) return 'not coded';
  return findLesionSite(siteCode)?.display ?? siteCode;
}

export function SiteSelect({
  name,
  value,
  onChange,
  label = 'Tissue site',
}: {
  name: string;
  value: string;
  onChange: (siteCode: string) => void;
  label?: string;
}) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose the site…</option>
        {LESION_SITES.map((site) => (
          <option key={site.code} value={site.code}>
            {site.display}
          </option>
        ))}
      </select>
    </label>
  );
}
