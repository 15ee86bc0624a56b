// Virtual NEMA NU 3-2004 measurements for demos: the probe model (response.ts) measured the way a
// physicist measures a real probe, with Poisson counts from a seed. Each test emits plain rows in the
// exact CSV layout `rgs qc nema <test> --data` reads (docs/qc.md); sim does not import @openrgs/qc.
//
// What every count includes (one count = one row):
//   n = S(geometry) · Ā + b        S cps/MBq from pointSourceCpsPerMBq, b the probe background (cps)
//   Ā = A · e^(−λt) · (1 − e^(−λT))/(λT)   mean activity over a count starting t after the first count
//   m = n / (1 + nτ)               non-paralysable dead time of the probe (Knoll 4th ed. eq. 4.23)
//   counts ~ Poisson(m · T)        xoshiro128** from the seed (random.ts): bit-for-bit reproducible
// Counts follow one another without gaps, starting at t = 0 (the activity's reference time). The dead
// time acts on the mean rate of the count (the rate changes by < 1e-3 within a count for the nuclides
// here). The geometries follow the test titles NU 3 uses (nema-reference.ts in qc; the clauses were not
// read) and reuse the setups of probe-figures.ts, so the results can be checked against probeFigures.
import type { ProbeModel } from './probe-model.js';
import { createRandom } from './random.js';
import { createProbeResponse, type ProbeResponse, pointSourceCpsPerMBq } from './response.js';
import type { SimPhysics } from './sim-physics.js';
import {
  crossing,
  type TestPart,
  tidy,
  VirtualCounter,
  type VirtualQcAnalysisHints,
  type VirtualQcRow,
} from './virtual-qc-counter.js';
import { energySpectrum } from './virtual-qc-energy.js';

export const VIRTUAL_QC_TESTS = [
  'resolution',
  'angular',
  'sensitivity',
  'shielding',
  'count-rate',
  'energy',
] as const;
export type VirtualQcTest = (typeof VIRTUAL_QC_TESTS)[number];
export type VirtualQcMedium = 'air' | 'water';

/** The CSV columns of each test, in the order `rgs qc nema` documents them (packages/qc NEMA_CSV_COLUMNS). */
export const VIRTUAL_QC_COLUMNS: Readonly<Record<VirtualQcTest, readonly string[]>> = {
  resolution: ['positionMm', 'counts'],
  angular: ['angleDeg', 'counts'],
  sensitivity: ['distanceMm', 'counts', 'seconds', 'elapsedSeconds'],
  shielding: ['position', 'counts', 'seconds'],
  'count-rate': ['trueRateCps', 'measuredRateCps'],
  energy: ['energyKeV', 'counts'],
};

/** Geometry defaults, stated in every result and in `rgs qc simulate --help`. */
export const VIRTUAL_QC_DEFAULTS = {
  /** Source depth/distance for resolution (cm): 1 cm, as probeFigures' spatialFwhmAt1CmMm. */
  resolutionDistanceCm: 1,
  resolutionStepMm: 1,
  /** Radius of the source circle around the tip for angular (cm): 3 cm, as probeFigures. */
  angularDistanceCm: 3,
  angularStepDeg: 2,
  angularMaxDeg: 90,
  sensitivityDistancesMm: [10, 20, 30, 50, 100] as readonly number[],
  /** Shielding: sources 3 cm (+ crystal radius) from the crystal, as probeFigures' sideShieldingPercent. */
  shieldingDistanceCm: 3,
  /** Side, back and background counts last this many times the front count (the leak counts are few). */
  shieldingLongCountFactor: 10,
  countRateDistanceCm: 1,
  /** Activity fractions of the count-rate series (a dilution series; the largest is --activity-mbq). */
  countRateFractions: [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as readonly number[],
  energyDistanceCm: 3,
  /** The lateral scan runs to where the model rate falls below this fraction of the peak, plus a margin. */
  profileTailFraction: 0.005,
  profileMarginMm: 5,
  resolutionMaxHalfRangeMm: 100,
} as const;

export interface VirtualQcOptions {
  test: VirtualQcTest;
  probe: ProbeModel;
  /** Canonical nuclide name (`Tc-99m`); see physics-adapter canonicalNuclide. */
  nuclide: string;
  /** Source activity at the start of the first count (count-rate: the largest source of the series). */
  activityMBq: number;
  /** 0 ≤ seed ≤ 2^53 − 1. */
  seed: number;
  medium: VirtualQcMedium;
  /** Counting time of each point (energy: of the whole spectrum; shielding: of the front count). */
  secondsPerPoint: number;
  /** resolution: source depth/distance; angular: radius; shielding, count-rate, energy: see the defaults. */
  distanceCm?: number;
  stepMm?: number;
  stepDeg?: number;
  distancesMm?: readonly number[];
  physics: SimPhysics;
}

export interface VirtualQcMeasurement {
  test: VirtualQcTest;
  probeId: string;
  nuclide: string;
  activityMBq: number;
  seed: number;
  medium: VirtualQcMedium;
  secondsPerPoint: number;
  columns: readonly string[];
  rows: VirtualQcRow[];
  /** Human description of the set-up, one line each (also written as CSV comments). */
  geometry: string[];
  analysis: VirtualQcAnalysisHints;
  /** What the noise-free model says for this geometry (names carry units). */
  model: Record<string, number | null>;
  /** Largest dead-time loss 1 − m/n over the counts, percent. */
  maxDeadTimeLossPercent: number;
  /** Virtual time from the start of the first count to the end of the last, s. */
  totalSeconds: number;
  warnings: string[];
}

export type VirtualQcIssueCode =
  | 'bad-activity'
  | 'bad-seed'
  | 'bad-seconds'
  | 'bad-geometry'
  | 'unknown-nuclide'
  | 'no-window'
  | 'nothing-in-window'
  | 'medium-not-modelled'
  | 'too-few-counts';

export type VirtualQcResult =
  | { ok: true; value: VirtualQcMeasurement }
  | { ok: false; issue: { code: VirtualQcIssueCode; message: string } };

const issue = (code: VirtualQcIssueCode, message: string): VirtualQcResult => ({
  ok: false,
  issue: { code, message },
});

interface Context {
  options: VirtualQcOptions;
  response: ProbeResponse;
  counter: VirtualCounter;
  warnings: string[];
}

function secondsLine(o: VirtualQcOptions): string {
  return `${o.secondsPerPoint} s per point, counted one after another from t = 0 (decay with T½ of ${o.nuclide})`;
}

function profileWarnings(ctx: Context, widthName: string, width: number | null, step: number, unit: string) {
  if (width !== null && step > width / 5)
    ctx.warnings.push(
      `step ${step} ${unit} is more than ${widthName}/5 (${tidy(width / 5)} ${unit}): interpolation bias may reach 1 % (packages/qc/README.md)`,
    );
}

function resolution(ctx: Context): TestPart {
  const o = ctx.options;
  const d = o.distanceCm ?? VIRTUAL_QC_DEFAULTS.resolutionDistanceCm;
  const stepMm = o.stepMm ?? VIRTUAL_QC_DEFAULTS.resolutionStepMm;
  const water = o.medium === 'water';
  // Lateral offset x (cm) of the source at depth d; in water the tip touches the surface and the path
  // from source to tip is all water (as rate.ts computes it for a tip on the tissue surface).
  const rate = (xCm: number) =>
    pointSourceCpsPerMBq(ctx.response, Math.abs(xCm), d, water ? Math.hypot(xCm, d) : 0);
  const peak = rate(0);
  const halfCm = crossing(rate, peak / 2, 0.05, 20);
  const fwhmMm = halfCm === null ? null : 20 * halfCm;
  const tenthCm = crossing(rate, peak / 10, 0.05, 20);
  let halfRangeMm = 5;
  while (
    halfRangeMm < VIRTUAL_QC_DEFAULTS.resolutionMaxHalfRangeMm &&
    rate(halfRangeMm / 10) > VIRTUAL_QC_DEFAULTS.profileTailFraction * peak
  )
    halfRangeMm += 5;
  if (rate(halfRangeMm / 10) <= VIRTUAL_QC_DEFAULTS.profileTailFraction * peak)
    halfRangeMm += VIRTUAL_QC_DEFAULTS.profileMarginMm;
  else
    ctx.warnings.push(
      `the profile stays above ${100 * VIRTUAL_QC_DEFAULTS.profileTailFraction} % of its peak out to ±${halfRangeMm} mm (shield leakage): FWTM and edge backgrounds include leakage`,
    );
  profileWarnings(ctx, 'FWHM', fwhmMm, stepMm, 'mm');
  const n = Math.ceil(halfRangeMm / stepMm - 1e-9);
  const rows: VirtualQcRow[] = [];
  for (let i = -n; i <= n; i++) {
    const xMm = tidy(i * stepMm);
    const { counts, ...c } = ctx.counter.count(rate(xMm / 10), o.secondsPerPoint);
    rows.push({ ...c, values: { positionMm: xMm, counts } });
  }
  return {
    rows,
    geometry: [
      `point source ${d} cm ${water ? 'deep in water, probe tip on the water surface' : 'in front of the probe tip, in air'}`,
      `moved across the probe face from ${tidy(-n * stepMm)} to ${tidy(n * stepMm)} mm in steps of ${stepMm} mm (probe axis at 0)`,
      secondsLine(o),
    ],
    analysis: { background: `constant:${tidy(o.probe.backgroundCps * o.secondsPerPoint)}` },
    model: { fwhmMm, fwtmMm: tenthCm === null ? null : 20 * tenthCm, peakCpsPerMBq: peak },
  };
}

function angular(ctx: Context): TestPart {
  const o = ctx.options;
  const r = o.distanceCm ?? VIRTUAL_QC_DEFAULTS.angularDistanceCm;
  const stepDeg = o.stepDeg ?? VIRTUAL_QC_DEFAULTS.angularStepDeg;
  const water = o.medium === 'water';
  // Rotating the probe about its tip by θ puts the source at (r sin θ, r cos θ) in the probe frame — the
  // circle probeFigures uses. In water the probe is immersed: the path source → tip is r of water.
  const rate = (deg: number) => {
    const t = (deg * Math.PI) / 180;
    return pointSourceCpsPerMBq(ctx.response, r * Math.abs(Math.sin(t)), r * Math.cos(t), water ? r : 0);
  };
  const peak = rate(0);
  const maxDeg = VIRTUAL_QC_DEFAULTS.angularMaxDeg;
  const half = crossing(rate, peak / 2, 0.5, maxDeg);
  const tenth = crossing(rate, peak / 10, 0.5, maxDeg);
  const fwhmDeg = half === null ? null : 2 * half;
  if (fwhmDeg === null)
    ctx.warnings.push(`the response does not fall to half its peak within ±${maxDeg}°: no FWHM can be read`);
  profileWarnings(ctx, 'FWHM', fwhmDeg, stepDeg, '°');
  const n = Math.floor(maxDeg / stepDeg + 1e-9);
  const rows: VirtualQcRow[] = [];
  for (let i = -n; i <= n; i++) {
    const deg = tidy(i * stepDeg);
    const { counts, ...c } = ctx.counter.count(rate(deg), o.secondsPerPoint);
    rows.push({ ...c, values: { angleDeg: deg, counts } });
  }
  return {
    rows,
    geometry: [
      `point source on a circle of radius ${r} cm around the probe tip, ${water ? 'in water (probe immersed)' : 'in air'}`,
      `probe rotated about its tip from ${tidy(-n * stepDeg)}° to ${tidy(n * stepDeg)}° in steps of ${stepDeg}° (0° = source on the axis)`,
      secondsLine(o),
    ],
    analysis: { background: `constant:${tidy(o.probe.backgroundCps * o.secondsPerPoint)}` },
    model: { fwhmDeg, fwtmDeg: tenth === null ? null : 2 * tenth, peakCpsPerMBq: peak },
  };
}

function sensitivity(ctx: Context): TestPart {
  const o = ctx.options;
  const distancesMm = o.distancesMm ?? VIRTUAL_QC_DEFAULTS.sensitivityDistancesMm;
  const water = o.medium === 'water';
  const model: Record<string, number | null> = {};
  const rows: VirtualQcRow[] = [];
  for (const dMm of distancesMm) {
    const cps = pointSourceCpsPerMBq(ctx.response, 0, dMm / 10, water ? dMm / 10 : 0);
    model[`sensitivityAt${dMm}MmCpsPerMBq`] = cps;
    const { counts, ...c } = ctx.counter.count(cps, o.secondsPerPoint);
    rows.push({
      ...c,
      values: { distanceMm: dMm, counts, seconds: o.secondsPerPoint, elapsedSeconds: tidy(c.startSeconds) },
    });
  }
  return {
    rows,
    geometry: [
      `point source on the probe axis at ${distancesMm.join(', ')} mm ${water ? 'deep in water, probe tip on the water surface' : 'from the probe tip, in air'}`,
      secondsLine(o),
      'elapsedSeconds = start of each count after the activity reference time (the start of the first count)',
    ],
    analysis: {
      medium: water ? 'scatter' : 'air',
      sourceActivityMBq: o.activityMBq,
      backgroundCps: o.probe.backgroundCps,
      nuclide: o.nuclide,
    },
    model,
  };
}

function shielding(ctx: Context): TestPart | string {
  const o = ctx.options;
  const g = ctx.response.geometry;
  const d = o.distanceCm ?? VIRTUAL_QC_DEFAULTS.shieldingDistanceCm;
  const r = g.crystalRadiusCm;
  // probeFigures' set-up: front on the axis d + r beyond the crystal's front face, side d + r from the
  // axis in the crystal's mid-plane; back mirrors the front behind the crystal's back face.
  const front = { rho: 0, z: g.crystalFrontZCm + d + r };
  const side = { rho: r + d, z: (g.crystalFrontZCm + g.crystalBackZCm) / 2 };
  const back = { rho: 0, z: g.crystalBackZCm - d - r };
  if (front.z <= 0) return `the front source (${tidy(front.z)} cm) would sit inside the collimator bore`;
  if (side.rho <= g.shieldOuterRadiusCm)
    return `the side source (${tidy(side.rho)} cm from the axis) would sit inside the shield (outer radius ${g.shieldOuterRadiusCm} cm)`;
  if (back.z >= g.shieldBackZCm)
    return `the back source (z ${tidy(back.z)} cm) would sit inside the back shield (which ends at z ${tidy(g.shieldBackZCm)} cm)`;
  const rate = (p: { rho: number; z: number }) => pointSourceCpsPerMBq(ctx.response, p.rho, p.z, 0);
  const frontCps = rate(front);
  const sideCps = rate(side);
  const backCps = rate(back);
  const long = VIRTUAL_QC_DEFAULTS.shieldingLongCountFactor * o.secondsPerPoint;
  const rows: VirtualQcRow[] = [];
  for (const [position, cps, seconds] of [
    ['front', frontCps, o.secondsPerPoint],
    ['side', sideCps, long],
    ['back', backCps, long],
    ['background', 0, long],
  ] as const) {
    const { counts, ...c } = ctx.counter.count(cps, seconds);
    rows.push({ ...c, values: { position, counts, seconds } });
  }
  return {
    rows,
    geometry: [
      `front: source on the axis ${tidy(front.z)} cm from the tip (${d} cm + crystal radius beyond the crystal's front face), in air`,
      `side: source ${tidy(side.rho)} cm from the axis in the crystal's mid-plane (${d} cm beside the crystal); back: on the axis ${tidy(-back.z)} cm behind the tip`,
      `front counted ${o.secondsPerPoint} s; side, back and background (no source) ${long} s each, one after another`,
    ],
    analysis: {},
    model: {
      sideShieldingPercent: 100 * (1 - sideCps / frontCps),
      backShieldingPercent: 100 * (1 - backCps / frontCps),
      frontCpsPerMBq: frontCps,
    },
  };
}

function countRate(ctx: Context): TestPart | string {
  const o = ctx.options;
  const d = o.distanceCm ?? VIRTUAL_QC_DEFAULTS.countRateDistanceCm;
  const cps = pointSourceCpsPerMBq(ctx.response, 0, d, 0);
  const tau = o.probe.deadTimeSeconds;
  const rows: VirtualQcRow[] = [];
  for (const f of VIRTUAL_QC_DEFAULTS.countRateFractions) {
    // A dilution series: each source's activity is its activity when counted (no decay between them).
    const { counts, ...c } = ctx.counter.count(cps, o.secondsPerPoint, {
      activityMBq: o.activityMBq * f,
      decays: false,
    });
    if (c.expectedCounts < 100)
      return `the weakest source of the series (${tidy(o.activityMBq * f)} MBq) gives only ${tidy(c.expectedCounts)} counts in ${o.secondsPerPoint} s; raise --activity-mbq or --seconds-per-point`;
    if (counts === 0) return 'a count of the series came out 0 (cannot form a measured rate)';
    rows.push({
      ...c,
      values: {
        trueRateCps: tidy(c.sourceRateCps + o.probe.backgroundCps),
        measuredRateCps: tidy(counts / o.secondsPerPoint),
      },
    });
  }
  const rateAt20 = tau > 0 ? 0.25 / tau : null;
  if (rateAt20 !== null && ctx.counter.maxLoss < 0.1) {
    const needMBq = (1.5 * rateAt20) / cps;
    ctx.warnings.push(
      `the strongest source loses only ${(100 * ctx.counter.maxLoss).toFixed(1)} % to dead time; a series up to about ${tidy(Number(needMBq.toPrecision(2)))} MBq reaches past 20 % loss`,
    );
  }
  return {
    rows,
    geometry: [
      `a dilution series of ${VIRTUAL_QC_DEFAULTS.countRateFractions.length} sources (${VIRTUAL_QC_DEFAULTS.countRateFractions.join(', ')} × ${o.activityMBq} MBq), each on the axis ${d} cm from the tip, in air`,
      `each counted ${o.secondsPerPoint} s; trueRateCps = the model's source rate + probe background (as if known from calibrated activities), measuredRateCps = counts / seconds`,
    ],
    analysis: {},
    model: {
      deadTimeSeconds: tau,
      rateAt20PercentLossCps: rateAt20,
      cpsPerMBq: cps,
    },
  };
}

function checkOptions(o: VirtualQcOptions): VirtualQcResult | null {
  if (!(Number.isFinite(o.activityMBq) && o.activityMBq > 0))
    return issue('bad-activity', `activity must be > 0 MBq, got ${o.activityMBq}`);
  if (!(Number.isSafeInteger(o.seed) && o.seed >= 0))
    return issue('bad-seed', `seed must be a whole number from 0 to 2^53 - 1, got ${o.seed}`);
  if (!(Number.isFinite(o.secondsPerPoint) && o.secondsPerPoint > 0))
    return issue('bad-seconds', `seconds per point must be > 0, got ${o.secondsPerPoint}`);
  if (o.distanceCm !== undefined && !(Number.isFinite(o.distanceCm) && o.distanceCm > 0))
    return issue('bad-geometry', `distance must be > 0 cm, got ${o.distanceCm}`);
  if (o.stepMm !== undefined && !(Number.isFinite(o.stepMm) && o.stepMm > 0 && o.stepMm <= 20))
    return issue('bad-geometry', `step must be > 0 and ≤ 20 mm, got ${o.stepMm}`);
  if (o.stepDeg !== undefined && !(Number.isFinite(o.stepDeg) && o.stepDeg > 0 && o.stepDeg <= 30))
    return issue('bad-geometry', `angular step must be > 0 and ≤ 30°, got ${o.stepDeg}`);
  if (o.distancesMm !== undefined) {
    if (o.distancesMm.length === 0) return issue('bad-geometry', 'no sensitivity distances given');
    for (const d of o.distancesMm)
      if (!(Number.isFinite(d) && d >= 0)) return issue('bad-geometry', `distance must be ≥ 0 mm, got ${d}`);
    if (new Set(o.distancesMm).size !== o.distancesMm.length)
      return issue('bad-geometry', `sensitivity distances repeat: ${o.distancesMm.join(', ')}`);
  }
  const airOnly: Partial<Record<VirtualQcTest, string>> = {
    shielding:
      'in water most side counts would be photons scattered into the probe face, which a point-kernel model cannot place honestly',
    'count-rate': 'count-rate capability is a property of the electronics, measured with sources in air',
    energy: 'the model has no spectrum of scattered photons, only the photopeaks',
  };
  const why = airOnly[o.test];
  if (o.medium === 'water' && why !== undefined)
    return issue('medium-not-modelled', `${o.test} is simulated in air only: ${why}`);
  return null;
}

function run(ctx: Context): TestPart | string {
  const o = ctx.options;
  switch (o.test) {
    case 'resolution':
      return resolution(ctx);
    case 'angular': {
      const r = o.distanceCm ?? VIRTUAL_QC_DEFAULTS.angularDistanceCm;
      if (r <= ctx.response.geometry.shieldOuterRadiusCm)
        return `an angular radius of ${r} cm would put the source inside the probe housing at 90° (outer radius ${ctx.response.geometry.shieldOuterRadiusCm} cm)`;
      return angular(ctx);
    }
    case 'sensitivity':
      return sensitivity(ctx);
    case 'shielding':
      return shielding(ctx);
    case 'count-rate':
      return countRate(ctx);
    case 'energy':
      return energySpectrum({
        probe: o.probe,
        nuclide: o.nuclide,
        physics: o.physics,
        distanceCm: o.distanceCm ?? VIRTUAL_QC_DEFAULTS.energyDistanceCm,
        secondsPerPoint: o.secondsPerPoint,
        counter: ctx.counter,
        warnings: ctx.warnings,
      });
  }
}

/**
 * A virtual NEMA NU 3 measurement of `options.probe`: rows in the layout `rgs qc nema <test>` reads, with
 * Poisson counts from `options.seed` (same options → same rows, bit for bit). Expected failures (bad
 * activity, unknown nuclide, a geometry the model cannot do) come back as an issue naming the value.
 */
export function simulateVirtualQc(options: VirtualQcOptions): VirtualQcResult {
  const bad = checkOptions(options);
  if (bad) return bad;
  const o = options;
  if (!o.physics.nuclides().includes(o.nuclide))
    return issue(
      'unknown-nuclide',
      `unknown nuclide '${o.nuclide}' (known: ${o.physics.nuclides().join(', ')})`,
    );
  // The energy spectrum opens its own window (spectrum mode); every other test counts in the probe's window.
  let response: ProbeResponse | null = null;
  if (o.test !== 'energy') {
    const made = createProbeResponse({
      probe: o.probe,
      nuclide: o.nuclide,
      tissue: 'water',
      physics: o.physics,
    });
    if (!made.ok) return issue(made.issue.code, made.issue.message);
    response = made.response;
  }
  const lambdaPerSecond = Math.LN2 / o.physics.halfLifeSeconds(o.nuclide);
  const counter = new VirtualCounter(createRandom(o.seed), o.activityMBq, lambdaPerSecond, o.probe);
  const warnings: string[] = [];
  const part = run({ options: o, response: response as ProbeResponse, counter, warnings });
  if (typeof part === 'string')
    return issue(
      o.test === 'count-rate' && part.includes('counts') ? 'too-few-counts' : 'bad-geometry',
      part,
    );
  const totalSeconds = counter.elapsedSeconds();
  const lossPercent = 100 * counter.maxLoss;
  if (o.test !== 'count-rate' && lossPercent > 1) {
    const tau = o.probe.deadTimeSeconds;
    const maxSource = Math.max(...part.rows.map((r) => r.sourceRateCps));
    const onePercentMBq = ((0.01 / (tau * 0.99) - o.probe.backgroundCps) / maxSource) * o.activityMBq;
    warnings.push(
      `dead time loses up to ${lossPercent.toFixed(1)} % of the counts (τ ${tau * 1e6} µs, not corrected by the analysis); ≤ ${Number(onePercentMBq.toPrecision(2))} MBq keeps the loss under 1 %`,
    );
  }
  const decayPercent = 100 * -Math.expm1(-lambdaPerSecond * totalSeconds);
  if (o.test !== 'count-rate' && o.test !== 'sensitivity' && decayPercent > 5)
    warnings.push(
      `the source decays ${decayPercent.toFixed(1)} % during the ${tidy(totalSeconds)} s run (not decay-corrected by the analysis)`,
    );
  if (o.test === 'resolution' || o.test === 'angular') {
    const peak = Math.max(...part.rows.map((r) => r.expectedCounts));
    if (peak < 10_000)
      warnings.push(
        `about ${Math.round(peak)} counts at the peak: counting noise ≈ ${(100 / Math.sqrt(peak)).toFixed(1)} % per point`,
      );
  }
  return {
    ok: true,
    value: {
      test: o.test,
      probeId: o.probe.id,
      nuclide: o.nuclide,
      activityMBq: o.activityMBq,
      seed: o.seed,
      medium: o.medium,
      secondsPerPoint: o.secondsPerPoint,
      columns: VIRTUAL_QC_COLUMNS[o.test],
      rows: part.rows,
      geometry: part.geometry,
      analysis: part.analysis,
      model: part.model,
      maxDeadTimeLossPercent: lossPercent,
      totalSeconds,
      warnings,
    },
  };
}

/**
 * The CSV text `rgs qc nema <test> --data` reads: `#` comment lines saying what was simulated (a virtual
 * measurement, never to be mistaken for a probe's acceptance data), the header, one line per row.
 */
export function virtualQcCsv(m: VirtualQcMeasurement): string {
  const lines = [
    `# VIRTUAL MEASUREMENT from the OpenRGS probe model (@openrgs/sim): not data from a real probe`,
    `# test ${m.test}; probe ${m.probeId}; ${m.nuclide} ${m.activityMBq} MBq at the start of the first count; seed ${m.seed}; medium ${m.medium}`,
    ...m.geometry.map((g) => `# ${g}`),
    `# counts are Poisson and include the probe background and its dead time (see rgs qc simulate --help)`,
    m.columns.join(','),
  ];
  for (const row of m.rows) {
    const fields = m.columns.map((c) => {
      const v = row.values[c];
      if (v === undefined) throw new Error(`virtual ${m.test} row lacks column ${c}`);
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`virtual ${m.test} ${c} is ${v}`);
      return String(v);
    });
    lines.push(fields.join(','));
  }
  return `${lines.join('\n')}\n`;
}
