// The QC gate before a live case: a probe needs a passing daily check today, and its most recent
// check must not have failed. Otherwise starting the case needs an override with a reason (the
// caller records and audits it). "Today" is the calendar day in the department's time zone: a check
// at 23:30 does not cover the next morning's list.
import type { QcVerdict } from './result.js';

export interface GateCheck {
  id: string;
  /** ISO-8601 instant of the check. */
  checkedAt: string;
  result: QcVerdict;
}

export type GateReason =
  | 'no-check-ever'
  | 'no-passing-check-today'
  | 'last-check-failed'
  | 'last-check-warned';

export interface QcGate {
  /** `ok`: go; `caution`: go, the last check today warned; `override-required`: a reason is needed. */
  state: 'ok' | 'caution' | 'override-required';
  requiresOverride: boolean;
  reasons: GateReason[];
  /** The calendar day the gate was evaluated for (YYYY-MM-DD in `timeZone`). */
  day: string;
  timeZone: string;
  lastCheck: GateCheck | null;
  lastPassingCheckToday: GateCheck | null;
  /** Words for the console banner. */
  message: string;
}

/** YYYY-MM-DD of an instant in an IANA time zone. Throws RangeError for an unknown zone. */
export function calendarDay(atMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(atMs));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function qcGate(opts: { checks: readonly GateCheck[]; nowMs: number; timeZone: string }): QcGate {
  const day = calendarDay(opts.nowMs, opts.timeZone);
  // Checks recorded "in the future" (clock skew, typing) do not count for today.
  // Newest first; equal times are broken by input order (a later entry is the more recent record).
  const past = opts.checks
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => Date.parse(c.checkedAt) <= opts.nowMs)
    .sort((a, b) => Date.parse(b.c.checkedAt) - Date.parse(a.c.checkedAt) || b.i - a.i)
    .map(({ c }) => c);
  const lastCheck = past[0] ?? null;
  const today = past.filter((c) => calendarDay(Date.parse(c.checkedAt), opts.timeZone) === day);
  const lastPassingCheckToday = today.find((c) => c.result !== 'fail') ?? null;
  const reasons: GateReason[] = [];
  if (!lastCheck) reasons.push('no-check-ever');
  else {
    if (!lastPassingCheckToday) reasons.push('no-passing-check-today');
    if (lastCheck.result === 'fail') reasons.push('last-check-failed');
    else if (lastCheck.result === 'warn') reasons.push('last-check-warned');
  }
  const requiresOverride = reasons.some((r) => r !== 'last-check-warned');
  const state = requiresOverride ? 'override-required' : reasons.length > 0 ? 'caution' : 'ok';
  const message = !lastCheck
    ? 'This probe has never had a QC check. Starting a case needs an override with a reason.'
    : lastCheck.result === 'fail'
      ? `The last QC check (${lastCheck.checkedAt}) FAILED. Starting a case needs an override with a reason.`
      : !lastPassingCheckToday
        ? `No passing QC check today (${day}); the last was ${lastCheck.checkedAt}. Starting a case needs an override with a reason.`
        : lastCheck.result === 'warn'
          ? `Today's QC check passed with a warning (${lastCheck.checkedAt}).`
          : `QC passed today (${lastPassingCheckToday.checkedAt}).`;
  return {
    state,
    requiresOverride,
    reasons,
    day,
    timeZone: opts.timeZone,
    lastCheck,
    lastPassingCheckToday,
    message,
  };
}
