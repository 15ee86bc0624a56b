// Text fields at the edge. Parameterised queries make SQL injection harmless to the database, but a
// clinical record also flows into screens, PDFs, FHIR and CSV: labels keep to a plain alphabet, free
// text refuses markup and SQL-statement fragments, and nothing starts like a spreadsheet formula.
import { z } from 'zod';

/** C0 controls except tab, line feed and carriage return; and DEL. */
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}
const MARKUP = /<\s*[a-zA-Z!/?]|javascript:|on[a-z]+\s*=/i;
const SQL_FRAGMENT =
  /(;\s*(drop|delete|insert|update|alter|create|truncate|exec|grant)\b)|('\s*(or|and)\s+'?[\w']+'?\s*=)|(\bunion\s+(all\s+)?select\b)|(--\s*$)|(\/\*)/i;
const FORMULA_START = /^[=+@\t\r]/;

/** Letters (any script), digits, space and `- _ . , : / ( ) # + %`: what a site or case label needs. */
const LABEL = /^[\p{L}\p{M}\p{N} ._,:/()#+%-]+$/u;
const PERSON_NAME = /^[\p{L}\p{M} .'-]+$/u;

function checkText(value: string, ctx: z.core.$RefinementCtx<string>): void {
  if (hasControl(value)) ctx.addIssue({ code: 'custom', message: 'contains control characters' });
  if (MARKUP.test(value)) ctx.addIssue({ code: 'custom', message: 'contains markup or script (e.g. <tag>)' });
  if (SQL_FRAGMENT.test(value))
    ctx.addIssue({ code: 'custom', message: 'contains an SQL statement fragment' });
  if (FORMULA_START.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'must not start with = + @ (spreadsheet formula injection)' });
  }
}

/** A short label: case label, site label, lesion/specimen label, probe name. */
export function label(maxLength = 120) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(LABEL, 'may contain only letters, digits, spaces and - _ . , : / ( ) # + %')
    .superRefine(checkText);
}

/** Free text: notes, evidence, descriptions. Line breaks allowed. */
export function freeText(maxLength = 4000) {
  return z.string().max(maxLength, `must be at most ${maxLength} characters`).superRefine(checkText);
}

export function personName(maxLength = 120) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(PERSON_NAME, "may contain only letters, spaces and . ' -")
    .superRefine(checkText);
}

/** Clinical times lie in 1970 – 2199: year 1 or 9999 is a typing error, and decay across it overflows. */
const EARLIEST_INSTANT_MS = Date.UTC(1970, 0, 1);
const LATEST_INSTANT_MS = Date.UTC(2200, 0, 1);

/** ISO-8601 instant with an explicit zone (`Z` or `±hh:mm`), between 1970 and 2199. */
export const Instant = z.iso
  .datetime({
    offset: true,
    message: 'must be an ISO-8601 time with a zone, e.g. 2026-11-26T08:30:00Z',
  })
  .refine(
    (value) => {
      const ms = Date.parse(value);
      return ms >= EARLIEST_INSTANT_MS && ms < LATEST_INSTANT_MS;
    },
    { message: 'must lie between 1970-01-01 and 2199-12-31 (check the year)' },
  );

export const IsoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

export const Id = z.uuid({ message: 'must be an id (UUID)' });
