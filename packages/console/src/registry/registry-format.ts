// Pure helpers of the registry page and the case record forms: proportions with their intervals, the
// empirical ROC operating point of a T/B cut-off, a log axis for T/B, the server's CSV issue paths, the
// decay reference time, and the WHO grade a Ki-67 index implies. Tested in registry-format.test.ts.

export interface ProportionLike {
  successes: number;
  total: number;
  estimate: number | null;
  low: number | null;
  high: number | null;
}

/**
 * "43 %": whole percent; one decimal below 10 % and above 90 %, and more where rounding would otherwise
 * show 0 % or 100 % for a value that is neither (an interval bound of 99.95 % must not read 100 %).
 */
export function percent(value: number): string {
  const p = value * 100;
  const whole = Math.abs(p - Math.round(p)) < 1e-9;
  if (whole || p <= 0 || p >= 100 || (p >= 10 && p <= 90)) return `${Math.round(p)} %`;
  for (let digits = 1; digits < 4; digits++) {
    const text = p.toFixed(digits);
    if (Number(text) > 0 && Number(text) < 100) return `${text} %`;
  }
  return `${p.toPrecision(2)} %`;
}

/** The exact 95 % interval alone, e.g. "32–54 %"; "—" when there is nothing to divide. */
export function intervalText(p: ProportionLike): string {
  if (p.low === null || p.high === null) return '—';
  return `${percent(p.low).replace(' %', '')}–${percent(p.high)}`;
}

/** Estimate with its exact 95 % interval, e.g. "43 % (32–54 %)"; "—" when there is nothing to divide. */
export function proportionText(p: ProportionLike): string {
  if (p.estimate === null || p.low === null || p.high === null) return '—';
  return `${percent(p.estimate)} (${intervalText(p)})`;
}

/** "35/82" — the counts behind a proportion. */
export const countText = (p: ProportionLike): string => `${p.successes}/${p.total}`;

export interface RocPointLike {
  /** null stands for +∞ (the first point: nothing called positive). */
  threshold: number | null;
  sensitivity: number;
  falsePositiveRate: number;
}

/**
 * The empirical operating point of the rule "positive when T/B ≥ cutOff": the ROC point of the smallest
 * observed threshold that is still ≥ cutOff (the same set of lesions is called positive), or (0, 0) when
 * every observed T/B is below the cut-off.
 */
export function operatingPoint(
  points: readonly RocPointLike[],
  cutOff: number,
): { sensitivity: number; falsePositiveRate: number } {
  let best: RocPointLike | null = null;
  for (const point of points) {
    if (point.threshold === null || point.threshold < cutOff) continue;
    if (best === null || (best.threshold !== null && point.threshold < best.threshold)) best = point;
  }
  return best
    ? { sensitivity: best.sensitivity, falsePositiveRate: best.falsePositiveRate }
    : { sensitivity: 0, falsePositiveRate: 0 };
}

/** T/B spans orders of magnitude (0.5 … 300): a log axis from a 1-2-5 step below min to one above max. */
export function logAxis(min: number, max: number): { low: number; high: number; ticks: number[] } {
  if (!(min > 0) || !(max >= min)) throw new RangeError(`logAxis: need 0 < min <= max, got ${min}, ${max}`);
  const steps: number[] = [];
  for (let e = -3; e <= 6; e++) for (const m of [1, 2, 5]) steps.push(m * 10 ** e);
  const round = (v: number) => Number(v.toPrecision(6));
  const low = round([...steps].reverse().find((s) => s <= min) ?? steps[0] ?? min);
  const high = round(steps.find((s) => s >= max && s > low) ?? max);
  const ticks = steps.map(round).filter((s) => s >= low && s <= high);
  return { low, high, ticks };
}

/** Maps a positive value onto [from, to] on a log scale between low and high. */
export function logPosition(value: number, low: number, high: number, from: number, to: number): number {
  const t = (Math.log(value) - Math.log(low)) / (Math.log(high) - Math.log(low));
  return from + t * (to - from);
}

/**
 * The server names a CSV problem `body.csv:line 3:site`: the line (1 = header) and, when known, the column.
 * Anything else is returned as the message's location unchanged.
 */
export function issueLocation(path: string): { line: number | null; column: string | null } {
  const match = /:line (\d+)(?::(.+))?$/.exec(path);
  if (!match?.[1]) return { line: null, column: null };
  return { line: Number(match[1]), column: match[2] ?? null };
}

/** What the server accepts as a decay reference time: ISO 8601 with seconds and a zone (zod iso.datetime). */
export type ReferenceCheck = { ok: true; value: string | null } | { ok: false; message: string };

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|([+-])(\d{2}):(\d{2}))$/;

export function checkReferenceTime(text: string): ReferenceCheck {
  const value = text.trim();
  if (value === '') return { ok: true, value: null };
  const m = ISO_WITH_ZONE.exec(value);
  const example = 'e.g. 2026-11-26T14:30:00+01:00 or 2026-11-26T13:30:00Z';
  if (!m) {
    return {
      ok: false,
      message: `'${value}' is not an ISO-8601 time with seconds and a zone (${example})`,
    };
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day
  )
    return { ok: false, message: `'${value}': ${year}-${m[2]}-${m[3]} is not a calendar date` };
  if (hour > 23 || minute > 59 || second > 59)
    return { ok: false, message: `'${value}': ${m[4]}:${m[5]}:${m[6]} is not a time of day` };
  if (m[8] !== 'Z' && (Number(m[10]) > 14 || Number(m[11]) > 59))
    return { ok: false, message: `'${value}': ${m[8]} is not a UTC offset (−12:00 … +14:00)` };
  return { ok: true, value };
}

/** A Date as local ISO time with seconds and this browser's UTC offset, e.g. 2026-11-26T14:30:00+01:00. */
export function localIsoWithZone(date: Date): string {
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const offsetMinutes = -date.getTimezoneOffset();
  const sign = offsetMinutes >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(offsetMinutes / 60)}:${pad(offsetMinutes % 60)}`
  );
}

/**
 * The grade the Ki-67 index implies for a well-differentiated gastroenteropancreatic NET under the WHO 2019
 * classification (WHO Classification of Tumours, Digestive System Tumours, 5th ed., 2019; Nagtegaal ID et
 * al., Histopathology 2020;76:182–188, Table 1): G1 < 3 %, G2 3–20 %, G3 > 20 %. The mitotic count can
 * raise the grade, so a mismatch is a prompt to check, never an error.
 */
export function whoGradeForKi67(ki67Percent: number): 'G1' | 'G2' | 'G3' {
  if (ki67Percent < 3) return 'G1';
  if (ki67Percent <= 20) return 'G2';
  return 'G3';
}
