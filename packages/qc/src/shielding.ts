// Side and back shielding (NEMA NU 3-2004 "Side and back shielding"; see nema-reference.ts):
// the same source at the same distance in front of the probe face, beside the probe housing and
// behind it.
//   shielding % = 100 · (1 − R_side / R_front)       R = net rate (gross − background)
// Poisson uncertainty of the ratio r = R_side/R_front:
//   σ_r² = r² (σ_side²/R_side² + σ_front²/R_front²), σ_R² = C/T² + σ_background²
// A side leak is small, so its counts are few: the 95 % upper bound of the leak (lower bound of
// the shielding) is what decides whether a purchaser criterion such as > 99.9 % is met for sure.
import { fail, ok, type QcResult } from './result.js';

export type ShieldingPosition = 'front' | 'side' | 'back' | 'background';

export interface ShieldingCount {
  position: ShieldingPosition;
  counts: number;
  seconds: number;
  line?: number;
}

export interface ShieldingRow {
  position: 'side' | 'back';
  /** Line of the source file, or the 1-based index of the count. */
  source: string;
  netCps: number;
  leakFraction: number;
  shieldingPercent: number;
  /** 95 % interval of the shielding from counting statistics. */
  shielding95Percent: [number, number];
}

export interface ShieldingResult {
  frontNetCps: number;
  backgroundCps: number;
  rows: ShieldingRow[];
  /** The least shielded side measurement (null if no side counts). */
  worstSide: ShieldingRow | null;
  worstBack: ShieldingRow | null;
  warnings: string[];
}

const Z95 = 1.959963984540054;

interface Pooled {
  counts: number;
  seconds: number;
}

function pool(rows: readonly ShieldingCount[]): Pooled | null {
  if (rows.length === 0) return null;
  return { counts: rows.reduce((a, r) => a + r.counts, 0), seconds: rows.reduce((a, r) => a + r.seconds, 0) };
}

export function computeShielding(counts: readonly ShieldingCount[]): QcResult<ShieldingResult> {
  for (const [i, c] of counts.entries()) {
    const at = c.line === undefined ? `count ${i + 1}` : `line ${c.line}`;
    if (!(Number.isInteger(c.counts) && c.counts >= 0))
      return fail('bad-input', `${at}: counts must be a whole number ≥ 0 (got ${c.counts})`, c.line);
    if (!(Number.isFinite(c.seconds) && c.seconds > 0))
      return fail('bad-input', `${at}: seconds must be > 0 (got ${c.seconds})`, c.line);
  }
  const front = pool(counts.filter((c) => c.position === 'front'));
  if (!front) return fail('missing-front', 'no front count: shielding is relative to the front (face) rate');
  const bg = pool(counts.filter((c) => c.position === 'background'));
  const warnings: string[] = [];
  if (!bg)
    warnings.push(
      'no background count: side and back rates include room background, so shielding is under-stated',
    );
  const backgroundCps = bg ? bg.counts / bg.seconds : 0;
  const backgroundVar = bg ? bg.counts / bg.seconds ** 2 : 0;
  const frontNetCps = front.counts / front.seconds - backgroundCps;
  if (!(frontNetCps > 0)) return fail('no-front-signal', 'the front rate is not above background');
  const frontVar = front.counts / front.seconds ** 2 + backgroundVar;
  const rows: ShieldingRow[] = [];
  for (const [i, c] of counts.entries()) {
    if (c.position !== 'side' && c.position !== 'back') continue;
    const netCps = c.counts / c.seconds - backgroundCps;
    // With zero counts the Poisson σ estimate is 0; one count's σ keeps the bound honest.
    const sideVar = Math.max(c.counts, 1) / c.seconds ** 2 + backgroundVar;
    const r = netCps / frontNetCps;
    const sigmaR = Math.sqrt(sideVar / frontNetCps ** 2 + (r * r * frontVar) / frontNetCps ** 2);
    rows.push({
      position: c.position,
      source: c.line === undefined ? `count ${i + 1}` : `line ${c.line}`,
      netCps,
      leakFraction: r,
      shieldingPercent: 100 * (1 - r),
      shielding95Percent: [100 * (1 - r - Z95 * sigmaR), Math.min(100, 100 * (1 - r + Z95 * sigmaR))],
    });
  }
  if (rows.length === 0) return fail('missing-side', 'no side or back counts');
  const worst = (p: 'side' | 'back') =>
    rows
      .filter((r) => r.position === p)
      .reduce<ShieldingRow | null>((w, r) => (w === null || r.leakFraction > w.leakFraction ? r : w), null);
  return ok({
    frontNetCps,
    backgroundCps,
    rows,
    worstSide: worst('side'),
    worstBack: worst('back'),
    warnings,
  });
}
