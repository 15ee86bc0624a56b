// Text fields at the edge, one policy for every field that takes text (issue 14 points 11, 12):
// - normalised to NFC, so the same words are stored as the same code points;
// - refused (400 naming the field and the character): NUL and the other C0 controls, DEL, C1 controls,
//   bidirectional controls (U+202A–202E, U+2066–2069, U+200E/200F, U+061C: "Trojan Source"), and lone
//   surrogates (not Unicode; PostgreSQL refuses them). Tab and line breaks only in multi-line free text.
// - no blocklist of words or punctuation: "response = partial", "onset = 2 h after injection" and
//   "+2 nodes found" are clinical notes. Output escapes instead: HTML by the console's rendering, CSV
//   cells by formula neutralisation (neutraliseCsvCell), PDF and FHIR carry text as text.
// Identifiers that must be unique are compared by identifierKey (NFKC + Unicode TS #39 skeleton).
import unhomoglyph from 'unhomoglyph';
import { z } from 'zod';

const BIDI = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` is refused as text, or undefined when it is acceptable. */
export function textProblem(value: string, multiLine: boolean): string | undefined {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = value.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i += 1;
      continue;
    }
    return `contains a lone surrogate (${hex(c)}) at position ${i + 1}: not valid Unicode text`;
  }
  let position = 0;
  for (const ch of value) {
    position += 1;
    const c = ch.codePointAt(0) ?? 0;
    const lineBreak = c === 0x09 || c === 0x0a || c === 0x0d;
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f)) {
      if (lineBreak && multiLine) continue;
      const what = c === 0 ? 'a NUL character' : lineBreak ? 'a tab or line break' : 'a control character';
      return `contains ${what} (${hex(c)}) at position ${position}${lineBreak ? ' (allowed only in multi-line notes)' : ''}`;
    }
    if (BIDI.has(c)) {
      return `contains a bidirectional control (${hex(c)}) at position ${position}: it can make the text display differently from what is stored`;
    }
  }
  return undefined;
}

function hygiene(multiLine: boolean) {
  return (value: string, ctx: z.core.$RefinementCtx<string>): void => {
    const problem = textProblem(value, multiLine);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/**
 * The key under which an identifier is unique: NFKC (full-width digits, ligatures), then the Unicode
 * TS #39 skeleton — NFD, each character replaced by its prototype from Unicode's confusables.txt (via
 * `unhomoglyph`), NFD again. `P-eba51c` and Cyrillic `Р-eba51c`, NFC and NFD "café", `P-１２` and `P-12`
 * share one key. Not for display: only compared.
 */
export function identifierKey(value: string): string {
  return unhomoglyph(value.normalize('NFKC').normalize('NFD')).normalize('NFD');
}

/** One CSV cell made safe to open in a spreadsheet (OWASP CSV injection): text starting with = + - @, tab or CR gets a leading apostrophe. Numbers are left as numbers. */
export function neutraliseCsvCell<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Letters (any script), digits, space and `- _ . , : / ( ) # + %`: what a site or case label needs. */
const LABEL = /^[\p{L}\p{M}\p{N} ._,:/()#+%-]+$/u;
const PERSON_NAME = /^[\p{L}\p{M} .'-]+$/u;

/** A short label: case label, site label, lesion/specimen label, probe name. One line. */
export function label(maxLength = 120) {
  return z
    .string()
    .normalize('NFC')
    .trim()
    .superRefine(hygiene(false))
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(LABEL, 'may contain only letters, digits, spaces and - _ . , : / ( ) # + %');
}

/** Free text: notes, evidence, descriptions, reasons. Line breaks and tabs allowed. */
export function freeText(maxLength = 4000) {
  return z
    .string()
    .normalize('NFC')
    .superRefine(hygiene(true))
    .max(maxLength, `must be at most ${maxLength} characters`);
}

/** One line of free text (a short reason, a name of a thing): no tabs or line breaks. */
export function lineText(maxLength = 200) {
  return z
    .string()
    .normalize('NFC')
    .superRefine(hygiene(false))
    .max(maxLength, `must be at most ${maxLength} characters`);
}

export function personName(maxLength = 120) {
  return z
    .string()
    .normalize('NFC')
    .trim()
    .superRefine(hygiene(false))
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(PERSON_NAME, "may contain only letters, spaces and . ' -");
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
