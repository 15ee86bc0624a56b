// A human-like freehand sweep over a rectangle: serpentine passes along x, then along y (cross-hatching, as
// operators do to see a node from several sides), at a speed that wavers, the probe fanned back and forth
// (tilted up to ~25° across and along the pass) and the hand trembling (Ornstein–Uhlenbeck jitter of the
// tip, ~1.5 mm, and of the tilt, ~4°). The tip stays above the tissue surface. Reproducible from the
// random source: the same seed gives the same path.

import type { RandomSource } from '@openrgs/numeric';
import type { TrackedPose } from './align.js';
import { normalize, type Vec3 } from './vec.js';

export interface SweepOptions {
  /** Centre of the scanned rectangle (x, y), cm. */
  centerCm: readonly [number, number];
  halfWidthCm: number;
  halfHeightCm: number;
  /** Tissue surface (z, cm); the tip glides `standoffCm` above it. */
  surfaceZCm: number;
  standoffCm: number;
  seconds: number;
  /** Tracker sample interval, s (PlusServer default is 20 Hz–50 Hz). */
  sampleSeconds: number;
  /** Distance between passes, cm. */
  passSpacingCm: number;
  random: RandomSource;
}

function gaussian(random: RandomSource): number {
  const u = Math.max(random.nextFloat(), 1e-12);
  const v = random.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Waypoints of the serpentine (x passes, then y passes). */
function waypoints(o: SweepOptions): Array<[number, number]> {
  const [cx, cy] = o.centerCm;
  const pts: Array<[number, number]> = [];
  const ny = Math.max(2, Math.round((2 * o.halfHeightCm) / o.passSpacingCm) + 1);
  for (let i = 0; i < ny; i++) {
    const y = cy - o.halfHeightCm + (2 * o.halfHeightCm * i) / (ny - 1);
    const l2r = i % 2 === 0;
    pts.push([cx + (l2r ? -1 : 1) * o.halfWidthCm, y], [cx + (l2r ? 1 : -1) * o.halfWidthCm, y]);
  }
  const nx = Math.max(2, Math.round((2 * o.halfWidthCm) / o.passSpacingCm) + 1);
  const startTop = ny % 2 === 0;
  for (let i = 0; i < nx; i++) {
    const x = cx + o.halfWidthCm - (2 * o.halfWidthCm * i) / (nx - 1);
    const up = (i % 2 === 0) !== startTop;
    pts.push([x, cy + (up ? -1 : 1) * o.halfHeightCm], [x, cy + (up ? 1 : -1) * o.halfHeightCm]);
  }
  return pts;
}

export function freehandSweep(o: SweepOptions): TrackedPose[] {
  const pts = waypoints(o);
  const cumulative = [0];
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1] as [number, number];
    const b = pts[i] as [number, number];
    cumulative.push((cumulative[i - 1] as number) + Math.hypot(b[0] - a[0], b[1] - a[1]));
  }
  const total = cumulative.at(-1) as number;
  const n = Math.floor(o.seconds / o.sampleSeconds) + 1;
  // Speed wavers ±30 % with a random phase; the arc length is renormalised to end at the last waypoint.
  const phase = o.random.nextFloat() * 2 * Math.PI;
  const progress = new Float64Array(n);
  for (let k = 1; k < n; k++) {
    const t = k * o.sampleSeconds;
    progress[k] = (progress[k - 1] as number) + 1 + 0.3 * Math.sin((2 * Math.PI * t) / 4.3 + phase);
  }
  const last = progress[n - 1] as number;
  const dt = o.sampleSeconds;
  const tau = 0.4;
  const a = Math.exp(-dt / tau);
  const kick = Math.sqrt(1 - a * a);
  const jitter = [0, 0, 0, 0, 0];
  const sigma = [0.15, 0.15, 0.08, (4 * Math.PI) / 180, (4 * Math.PI) / 180];
  const fanPhase = o.random.nextFloat() * 2 * Math.PI;
  const poses: TrackedPose[] = [];
  let seg = 1;
  for (let k = 0; k < n; k++) {
    for (let q = 0; q < 5; q++)
      jitter[q] = a * (jitter[q] as number) + kick * (sigma[q] as number) * gaussian(o.random);
    const s = (total * (progress[k] as number)) / last;
    while (seg < pts.length - 1 && (cumulative[seg] as number) < s) seg++;
    const p0 = pts[seg - 1] as [number, number];
    const p1 = pts[seg] as [number, number];
    const len = (cumulative[seg] as number) - (cumulative[seg - 1] as number);
    const f = len > 0 ? Math.min(1, Math.max(0, (s - (cumulative[seg - 1] as number)) / len)) : 0;
    const x = p0[0] + f * (p1[0] - p0[0]) + (jitter[0] as number);
    const y = p0[1] + f * (p1[1] - p0[1]) + (jitter[1] as number);
    const z = o.surfaceZCm + o.standoffCm + Math.abs(jitter[2] as number);
    // Fan: tilt across the pass swings ±25° over ~2.5 s; a smaller tilt along the pass.
    const t = k * dt;
    const along: [number, number] = len > 0 ? [(p1[0] - p0[0]) / len, (p1[1] - p0[1]) / len] : [1, 0];
    const across: [number, number] = [-along[1], along[0]];
    const tiltAcross =
      ((25 * Math.PI) / 180) * Math.sin((2 * Math.PI * t) / 2.5 + fanPhase) + (jitter[3] as number);
    const tiltAlong = ((12 * Math.PI) / 180) * Math.sin((2 * Math.PI * t) / 3.7) + (jitter[4] as number);
    const dx = Math.sin(tiltAcross) * across[0] + Math.sin(tiltAlong) * along[0];
    const dy = Math.sin(tiltAcross) * across[1] + Math.sin(tiltAlong) * along[1];
    const direction: Vec3 = normalize([dx, dy, -Math.sqrt(Math.max(0.05, 1 - dx * dx - dy * dy))]);
    poses.push({ timeSeconds: Math.round(t * 1e6) / 1e6, positionCm: [x, y, z], direction });
  }
  return poses;
}
