// ISO-8601 instants at the boundary: a zone is required (`Z` or `±hh:mm`), because a local time
// without one is ambiguous by hours — far more than a Ga-68 half-life.
import { failure, type PhysicsResult, success } from './result.js';

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an ISO-8601 instant with an explicit zone. */
export function parseInstant(text: string): PhysicsResult<number> {
  const m = ISO_WITH_ZONE.exec(text.trim());
  if (!m)
    return failure(
      'invalid_time',
      `'${text}' is not an ISO-8601 time with a zone (e.g. 2026-11-26T08:30:00+01:00 or …Z)`,
    );
  const [, y, mo, d, h, mi, s] = m;
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  // Date.parse takes 2026-02-30 as 2 March and 24:00 as the next midnight (ECMA-262 allows T24:00).
  if (day > daysInMonth || Number(h) > 23)
    return failure('invalid_time', `'${text}' is not a valid date and time`);
  // Out-of-range months, days, minutes and seconds: V8's Date.parse refuses them too, so on Node these
  // checks are equivalent mutants (docs/mutation.md); they stay because ECMA-262 lets an engine fall back
  // to its own heuristics for a string with an out-of-range field, and physics also runs in browsers.
  if (month < 1 || month > 12 || day < 1 || Number(mi) > 59 || Number(s ?? 0) > 59)
    return failure('invalid_time', `'${text}' is not a valid date and time`);
  const ms = Date.parse(text.trim());
  if (Number.isNaN(ms)) return failure('invalid_time', `'${text}' is not a valid date and time`);
  return success(ms);
}
