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

import { createRandom } from '@openrgs/numeric';
import { firstIssue, type Outcome } from '@openrgs/outcome';
import { createProbeResponse } from './response.js';
import { energySpectrum } from './virtual-qc-energy.js';
import {
  angular,
  countRate,
  type GeometryContext,
  resolution,
  sensitivity,
  shielding,
} from './virtual-qc-geometry.js';
import {
  type TestPart,
  tidy,
  VIRTUAL_QC_COLUMNS,
  VIRTUAL_QC_DEFAULTS,
  VirtualCounter,
  type VirtualQcAnalysisHints,
  type VirtualQcIssue,
  type VirtualQcIssueCode,
  type VirtualQcMedium,
  type VirtualQcOptions,
  type VirtualQcRow,
  type VirtualQcTest,
  virtualQcIssue,
} from './virtual-qc-setup.js';

export {
  VIRTUAL_QC_COLUMNS,
  VIRTUAL_QC_DEFAULTS,
  VIRTUAL_QC_TESTS,
  type VirtualQcAnalysisHints,
  type VirtualQcIssue,
  type VirtualQcIssueCode,
  type VirtualQcMedium,
  type VirtualQcOptions,
  type VirtualQcRow,
  type VirtualQcTest,
  type VirtualQcValue,
} from './virtual-qc-setup.js';

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

export type VirtualQcResult = Outcome<VirtualQcMeasurement, VirtualQcIssue>;

const issue = (code: VirtualQcIssueCode, message: string): VirtualQcResult => ({
  ok: false,
  issues: [virtualQcIssue(code, message)],
});

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

/** Builds the test's rows: energy opens its own window (spectrum mode), the rest count in the probe's. */
function build(o: VirtualQcOptions, counter: VirtualCounter, warnings: string[]): TestPart | VirtualQcIssue {
  if (o.test === 'energy')
    return energySpectrum({
      probe: o.probe,
      nuclide: o.nuclide,
      physics: o.physics,
      distanceCm: o.distanceCm ?? VIRTUAL_QC_DEFAULTS.energyDistanceCm,
      secondsPerPoint: o.secondsPerPoint,
      counter,
      warnings,
    });
  const made = createProbeResponse({
    probe: o.probe,
    nuclide: o.nuclide,
    tissue: 'water',
    physics: o.physics,
  });
  if (!made.ok) return firstIssue(made.issues);
  const ctx: GeometryContext = { options: o, response: made.value, counter, warnings };
  switch (o.test) {
    case 'resolution':
      return resolution(ctx);
    case 'angular':
      return angular(ctx);
    case 'sensitivity':
      return sensitivity(ctx);
    case 'shielding':
      return shielding(ctx);
    case 'count-rate':
      return countRate(ctx);
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
  const lambdaPerSecond = Math.LN2 / o.physics.halfLifeSeconds(o.nuclide);
  const counter = new VirtualCounter(createRandom(o.seed), o.activityMBq, lambdaPerSecond, o.probe);
  const warnings: string[] = [];
  const part = build(o, counter, warnings);
  if ('code' in part) return { ok: false, issues: [part] };
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
