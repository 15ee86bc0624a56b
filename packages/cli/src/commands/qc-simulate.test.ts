// `rgs qc simulate` closes the loop: virtual measurement → `rgs qc nema` → the probe model's own figures
// (probeFigures, pointSourceCpsPerMBq, the preset's dead time and energy resolution), for two presets.
//
// Tolerances come from counting statistics (Poisson: var(counts) = mean) evaluated on the generator's
// expected counts, plus the systematic difference the NEMA method itself makes on noise-free data
// (sampling interpolation, dead-time loss, decay during the run), which is measured by analysing the
// expected counts and bounded separately (≤ 1 %).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, type TestContext, test } from 'node:test';
import { analyseNemaCsv, type NemaCsvOptions } from '@openrgs/qc';
import {
  applyDeadTime,
  createProbeResponse,
  findProbePreset,
  physics,
  pointSourceCpsPerMBq,
  probeFigures,
  simulateVirtualQc,
  type VirtualQcMeasurement,
  type VirtualQcOptions,
  type VirtualQcTest,
  virtualQcCsv,
} from '@openrgs/sim';
import { runCli } from '../test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'rgs-qc-simulate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Setup {
  test: VirtualQcTest;
  probe: string;
  nuclide: string;
  activityMBq: number;
  secondsPerPoint: number;
  seed: number;
  medium?: 'air' | 'water';
  extra?: string[];
  /** The same geometry as `extra`, for the in-process generator. */
  options?: Partial<VirtualQcOptions>;
}

let fileNumber = 0;

/** Runs `rgs qc simulate` and the `rgs qc nema` command it prints; returns both JSON documents. */
async function loop(s: Setup) {
  const out = `v${++fileNumber}-${s.test}.csv`;
  const sim = await runCli(
    [
      'qc',
      'simulate',
      s.test,
      '--probe',
      s.probe,
      '--nuclide',
      s.nuclide,
      '--activity-mbq',
      String(s.activityMBq),
      '--seed',
      String(s.seed),
      '--seconds-per-point',
      String(s.secondsPerPoint),
      '--out',
      out,
      ...(s.medium ? ['--medium', s.medium] : []),
      ...(s.extra ?? []),
      '--json',
    ],
    { cwd: dir },
  );
  assert.equal(sim.code, 0, sim.stderr);
  const doc = JSON.parse(sim.stdout) as { analyse: { argv: string[] }; model: Record<string, number> };
  const nema = await runCli([...doc.analyse.argv, '--json'], { cwd: dir });
  assert.equal(nema.code, 0, nema.stderr);
  // The same options in process give the same file byte for byte, and the expected counts behind it.
  const made = simulateVirtualQc({
    test: s.test,
    probe: findProbePreset(s.probe)!,
    nuclide: s.nuclide,
    activityMBq: s.activityMBq,
    seed: s.seed,
    medium: s.medium ?? 'air',
    secondsPerPoint: s.secondsPerPoint,
    physics,
    ...s.options,
  });
  assert.ok(made.ok);
  const m = made.value;
  assert.equal(readFileSync(join(dir, out), 'utf8'), virtualQcCsv(m));
  return { doc, result: JSON.parse(nema.stdout) as Record<string, unknown>, m };
}

/** The NEMA analysis of the noise-free expected counts (same rows, counts = their mean). */
function analyseExpected(m: VirtualQcMeasurement, options: NemaCsvOptions) {
  const lines = [m.columns.join(',')];
  for (const r of m.rows)
    lines.push(
      m.columns.map((c) => (c === 'counts' ? String(r.expectedCounts) : String(r.values[c]))).join(','),
    );
  const a = analyseNemaCsv(m.test, `${lines.join('\n')}\n`, options);
  assert.ok(a.ok, JSON.stringify(!a.ok && a.issues));
  return a.value;
}

/**
 * Counting tolerance of a FWHM read by the NU 1/NU 2 method (packages/qc profile-width.ts) from a profile
 * with expected gross counts y_i at x_i and a subtracted constant background b per point.
 * Crossings at the level h = P/2 (P = net peak) by linear interpolation; with local slopes s_L, s_R of the
 * expected profile and Poisson var(y) = y:
 *   FWHM = x_R − x_L, δx_R = (δy_R − δh)/s_R, δx_L = (δh − δy_L)/s_L, δh = δP/2, var(P) ≈ P + b
 *   var(FWHM) = y_L/s_L² + y_R/s_R² + (P + b)/4 · (1/s_L + 1/s_R)²
 * The parabola through the noisy maximum over-estimates P: the largest of the ~10 samples within noise of
 * a flat top lies ≈ 1.5σ high (expected maximum of 10 normal variates, 1.54σ); bounding it by 2√(P + b)
 * narrows the FWHM by up to √(P + b) · (1/s_L + 1/s_R). Tolerance = 4σ + that bound.
 */
function fwhmTolerance(m: VirtualQcMeasurement, xColumn: string, backgroundPerPoint: number): number {
  const x = m.rows.map((r) => r.values[xColumn] as number);
  const y = m.rows.map((r) => r.expectedCounts);
  const peakIndex = y.indexOf(Math.max(...y));
  const gross = y[peakIndex]!;
  const level = (gross - backgroundPerPoint) / 2 + backgroundPerPoint;
  const side = (direction: 1 | -1) => {
    let i = peakIndex;
    while (y[i + direction]! > level) i += direction;
    const j = i + direction;
    return { y: level, slope: Math.abs((y[j]! - y[i]!) / (x[j]! - x[i]!)) };
  };
  const l = side(-1);
  const r = side(1);
  const inv = 1 / l.slope + 1 / r.slope;
  const sigma = Math.sqrt(l.y / l.slope ** 2 + r.y / r.slope ** 2 + (gross / 4) * inv ** 2);
  return 4 * sigma + Math.sqrt(gross) * inv;
}

function figures(probe: string, nuclide: string) {
  const made = createProbeResponse({ probe: findProbePreset(probe)!, nuclide, tissue: 'water', physics });
  assert.ok(made.ok);
  return { response: made.value, figures: probeFigures(made.value) };
}

const background = (m: VirtualQcMeasurement) => Number(m.analysis.background!.split(':')[1]);
const rel = (a: number, b: number) => Math.abs(a / b - 1);

const PRESETS = [
  {
    probe: 'csi-14mm',
    nuclide: 'Tc-99m',
    seed: 20260929,
    resolution: { activityMBq: 0.15, secondsPerPoint: 20 },
    angular: { activityMBq: 0.5, secondsPerPoint: 20, stepDeg: 3 },
    sensitivity: { activityMBq: 0.1, secondsPerPoint: 100 },
    shielding: { activityMBq: 1, secondsPerPoint: 60 },
    countRate: { activityMBq: 20, secondsPerPoint: 10 },
    energy: { activityMBq: 1, secondsPerPoint: 1000 },
  },
  {
    probe: 'high-energy-511',
    nuclide: 'Ga-68',
    seed: 511,
    // Ga-68 (T½ 67.8 min) decays fast: short runs keep the decay during a scan near 3 %.
    resolution: { activityMBq: 0.7, secondsPerPoint: 5 },
    angular: { activityMBq: 1, secondsPerPoint: 5, stepDeg: 5 },
    sensitivity: { activityMBq: 0.5, secondsPerPoint: 30 },
    shielding: { activityMBq: 1, secondsPerPoint: 10 },
    countRate: { activityMBq: 30, secondsPerPoint: 10 },
    energy: { activityMBq: 5, secondsPerPoint: 1000 },
  },
] as const;

for (const p of PRESETS) {
  describe(`rgs qc simulate → rgs qc nema closes the loop: ${p.probe}, ${p.nuclide}`, () => {
    const { figures: fig } = figures(p.probe, p.nuclide);
    // Distinct seeds: presets sharing one would share their standardised Poisson deviates.
    const base = { probe: p.probe, nuclide: p.nuclide, seed: p.seed };

    test('resolution: FWHM agrees with probeFigures.spatialFwhmAt1CmMm within 4σ (Poisson) + peak-noise bound', async (t: TestContext) => {
      const { result, m } = await loop({ ...base, test: 'resolution', ...p.resolution });
      const bg = background(m);
      const systematic = analyseExpected(m, { background: { kind: 'constant', level: bg } });
      assert.ok(systematic.test === 'resolution');
      const sys = Math.abs(systematic.fwhm - fig.spatialFwhmAt1CmMm);
      const tol = fwhmTolerance(m, 'positionMm', bg);
      const fwhm = result.fwhmMm as number;
      t.diagnostic(
        `FWHM ${fwhm.toFixed(3)} mm; model ${fig.spatialFwhmAt1CmMm.toFixed(3)}; noise-free ${systematic.fwhm.toFixed(3)}; tolerance ±${tol.toFixed(3)} mm`,
      );
      assert.ok(sys / fig.spatialFwhmAt1CmMm < 0.01, `systematic ${sys} mm`);
      assert.ok(tol / fig.spatialFwhmAt1CmMm < 0.06, `tolerance ${tol} mm is too loose to test anything`);
      assert.ok(
        Math.abs(fwhm - fig.spatialFwhmAt1CmMm) <= sys + tol,
        `${fwhm} vs ${fig.spatialFwhmAt1CmMm} ± ${sys + tol}`,
      );
    });

    test('angular: FWHM agrees with probeFigures.angularFwhmDeg within 4σ (Poisson) + peak-noise bound', async (t: TestContext) => {
      const { stepDeg, ...rest } = p.angular;
      const { result, m } = await loop({
        ...base,
        test: 'angular',
        ...rest,
        extra: ['--step-deg', String(stepDeg)],
        options: { stepDeg },
      });
      const bg = background(m);
      const systematic = analyseExpected(m, { background: { kind: 'constant', level: bg } });
      assert.ok(systematic.test === 'angular');
      const sys = Math.abs(systematic.fwhm - fig.angularFwhmDeg);
      const tol = fwhmTolerance(m, 'angleDeg', bg);
      const fwhm = result.fwhmDeg as number;
      t.diagnostic(
        `FWHM ${fwhm.toFixed(2)}°; model ${fig.angularFwhmDeg.toFixed(2)}°; noise-free ${systematic.fwhm.toFixed(2)}°; tolerance ±${tol.toFixed(2)}°`,
      );
      assert.ok(sys / fig.angularFwhmDeg < 0.01, `systematic ${sys}°`);
      assert.ok(tol / fig.angularFwhmDeg < 0.06, `tolerance ${tol}° is too loose to test anything`);
      assert.ok(
        Math.abs(fwhm - fig.angularFwhmDeg) <= sys + tol,
        `${fwhm} vs ${fig.angularFwhmDeg} ± ${sys + tol}`,
      );
    });

    test('sensitivity at 10 and 30 mm: probeFigures × dead-time factor within 4σ = 4√C/(T·Ā)', async (t: TestContext) => {
      const { result, m } = await loop({ ...base, test: 'sensitivity', ...p.sensitivity });
      const rows = result.rows as {
        distanceMm: number;
        sensitivityCpsPerMBq: number;
        uncertaintyCpsPerMBq: number;
        meanActivityMBq: number;
      }[];
      const probe = findProbePreset(p.probe)!;
      for (const [distanceMm, model] of [
        [10, fig.sensitivityAt1CmCpsPerMBq],
        [30, fig.sensitivityAt3CmCpsPerMBq],
      ] as const) {
        const row = rows.find((r) => r.distanceMm === distanceMm)!;
        // What the analysis sees on average: net rate after dead time over the mean activity (decay-corrected).
        const a = row.meanActivityMBq;
        const expected =
          (applyDeadTime(model * a + probe.backgroundCps, probe.deadTimeSeconds) - probe.backgroundCps) / a;
        const counts = m.rows.find((r) => r.values.distanceMm === distanceMm)!.expectedCounts;
        const sigma = Math.sqrt(counts) / p.sensitivity.secondsPerPoint / a;
        t.diagnostic(
          `${distanceMm} mm: ${row.sensitivityCpsPerMBq.toFixed(1)} cps/MBq; model ${model.toFixed(1)}, after dead time ${expected.toFixed(1)}; σ ${sigma.toFixed(1)}`,
        );
        assert.ok(rel(expected, model) < 0.01, 'dead-time loss kept under 1 %');
        assert.ok(
          Math.abs(row.sensitivityCpsPerMBq - expected) <= 4 * sigma,
          `${row.sensitivityCpsPerMBq} vs ${expected} ± ${4 * sigma}`,
        );
      }
    });

    test('side shielding agrees with probeFigures.sideShieldingPercent within 4σ of the leak ratio', async (t: TestContext) => {
      const { result, m } = await loop({ ...base, test: 'shielding', ...p.shielding });
      const [front, side, , bgRow] = m.rows;
      const net = (r: typeof front) =>
        r!.expectedCounts / r!.seconds - bgRow!.expectedCounts / bgRow!.seconds;
      // Leak ratio L = R_side/R_front, R = C/T − C_b/T_b; var(R) = C/T² + C_b/T_b² (Poisson).
      const leak = net(side) / net(front);
      const v = (r: typeof front) =>
        r!.expectedCounts / r!.seconds ** 2 + bgRow!.expectedCounts / bgRow!.seconds ** 2;
      const sigmaPercent =
        100 * Math.sqrt(v(side) / net(front) ** 2 + (leak ** 2 * v(front)) / net(front) ** 2);
      // Systematic: decay between the front and side counts and the front's dead-time loss, in the mean.
      const sys = Math.abs(100 * (1 - leak) - fig.sideShieldingPercent);
      const measured = result.sideShieldingPercent as number;
      t.diagnostic(
        `side ${measured.toFixed(4)} %; model ${fig.sideShieldingPercent.toFixed(4)} %; σ ${sigmaPercent.toFixed(4)} %; systematic ${sys.toFixed(4)} %`,
      );
      assert.ok(sys <= 0.1 * (100 - fig.sideShieldingPercent) + 1e-9, 'systematic ≤ 10 % of the leak');
      assert.ok(
        Math.abs(measured - fig.sideShieldingPercent) <= sys + 4 * sigmaPercent,
        `${measured} vs ${fig.sideShieldingPercent}`,
      );
    });

    test('count-rate: non-paralysable τ = the preset dead time within 4σ, σ² = Σm/(T(Σm²)²)', async (t: TestContext) => {
      const { result, m } = await loop({ ...base, test: 'count-rate', ...p.countRate });
      const tau = findProbePreset(p.probe)!.deadTimeSeconds;
      // Least squares on relative residuals r_i = ε_i + m_i δτ (∂ln m/∂τ = −m for m = n/(1+nτ)), with
      // var(ε_i) = 1/(m_i T): δτ̂ = −Σ m_i ε_i / Σ m_i², var = Σ m_i / (T (Σ m_i²)²).
      const rates = m.rows.map((r) => r.expectedCounts / r.seconds);
      const s1 = rates.reduce((a, x) => a + x, 0);
      const s2 = rates.reduce((a, x) => a + x * x, 0);
      const sigma = Math.sqrt(s1 / (p.countRate.secondsPerPoint * s2 * s2));
      const fitted = result.deadTimeSeconds as number;
      t.diagnostic(
        `τ ${(fitted * 1e6).toFixed(4)} µs (model ${tau * 1e6} µs, σ ${(sigma * 1e6).toFixed(4)} µs); 20 % loss at ${(result.rateAt20PercentLossCps as number).toFixed(0)} cps; max loss ${(result.maxObservedLossPercent as number).toFixed(1)} %`,
      );
      assert.equal(result.model, 'non-paralysable');
      assert.ok(sigma / tau < 0.02, 'the series constrains τ to 2 %');
      assert.ok(Math.abs(fitted - tau) <= 4 * sigma, `${fitted} vs ${tau} ± ${4 * sigma}`);
      assert.ok(rel(result.rateAt20PercentLossCps as number, 0.25 / tau) <= (4 * sigma) / tau + 1e-9);
    });

    test('energy: photopeak resolution = the preset FWHM/E within 4σ (Poisson) + peak-noise bound', async (t: TestContext) => {
      const { result, m } = await loop({ ...base, test: 'energy', ...p.energy });
      const probe = findProbePreset(p.probe)!;
      const e = m.model.peakEnergyKeV!;
      // Hand-computed: FWHM = f140 · 140 keV · √(E/140) for a scintillator (probe-model.ts fwhmKeV).
      const fwhmKeV = probe.energyResolution.fwhmFractionAt140KeV * 140 * Math.sqrt(e / 140);
      const systematic = analyseExpected(m, {
        background: { kind: 'none' },
        windowKeV: m.analysis.windowKeV!,
      });
      assert.ok(systematic.test === 'energy');
      const sys = Math.abs(systematic.analysis.fwhmKeV - fwhmKeV);
      const window = m.analysis.windowKeV!;
      const inWindow = {
        ...m,
        rows: m.rows.filter(
          (r) => (r.values.energyKeV as number) >= window[0] && (r.values.energyKeV as number) <= window[1],
        ),
      };
      const tol = fwhmTolerance(inWindow, 'energyKeV', 0);
      const measured = ((result.resolutionPercent as number) * (result.peakEnergyKeV as number)) / 100;
      t.diagnostic(
        `resolution ${(result.resolutionPercent as number).toFixed(3)} % (FWHM ${measured.toFixed(2)} keV at ${(result.peakEnergyKeV as number).toFixed(1)} keV); model ${((100 * fwhmKeV) / e).toFixed(3)} %; tolerance ±${tol.toFixed(2)} keV`,
      );
      assert.ok(sys / fwhmKeV < 0.01, `systematic ${sys} keV`);
      assert.ok(tol / fwhmKeV < 0.06, `tolerance ${tol} keV is too loose to test anything`);
      assert.ok(Math.abs(measured - fwhmKeV) <= sys + tol, `${measured} vs ${fwhmKeV} ± ${sys + tol}`);
      assert.ok(Math.abs((result.peakEnergyKeV as number) - e) < 0.1 * fwhmKeV);
    });
  });
}

describe('rgs qc simulate', () => {
  test('sensitivity in water at 30 mm: csi-14mm Tc-99m 1,767 cps/MBq (packages/sim README table) within 4σ', async () => {
    const { result } = await loop({
      test: 'sensitivity',
      probe: 'csi-14mm',
      nuclide: 'Tc-99m',
      activityMBq: 0.2,
      secondsPerPoint: 200,
      seed: 3,
      medium: 'water',
    });
    assert.equal(result.medium, 'scatter');
    const row = (
      result.rows as { distanceMm: number; sensitivityCpsPerMBq: number; uncertaintyCpsPerMBq: number }[]
    ).find((r) => r.distanceMm === 30)!;
    const made = createProbeResponse({
      probe: findProbePreset('csi-14mm')!,
      nuclide: 'Tc-99m',
      tissue: 'water',
      physics,
    });
    assert.ok(made.ok);
    const model = pointSourceCpsPerMBq(made.value, 0, 3, 3);
    assert.ok(Math.abs(model - 1767) < 1, `${model}`);
    // Dead-time loss at 0.2 MBq × 1767 cps/MBq is 0.14 %: inside the tolerance, stated here.
    assert.ok(Math.abs(row.sensitivityCpsPerMBq - model) <= 4 * row.uncertaintyCpsPerMBq + 0.002 * model);
  });

  test('same flags → the same file bit for bit; another seed → another file', async () => {
    const argv = [
      'qc',
      'simulate',
      'angular',
      '--probe',
      'cdte-11mm',
      '--nuclide',
      'Tc-99m',
      '--activity-mbq',
      '1',
    ];
    for (const [out, seed] of [
      ['a.csv', '5'],
      ['b.csv', '5'],
      ['c.csv', '6'],
    ] as const) {
      const run = await runCli([...argv, '--seed', seed, '--out', out], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /analyse with: rgs qc nema angular --data .* --background constant:5/);
    }
    const a = readFileSync(join(dir, 'a.csv'), 'utf8');
    assert.equal(a, readFileSync(join(dir, 'b.csv'), 'utf8'));
    assert.notEqual(a, readFileSync(join(dir, 'c.csv'), 'utf8'));
    assert.match(a, /^# VIRTUAL MEASUREMENT/);
    assert.match(a, /\nangleDeg,counts\n-90,\d+\n/);
  });

  test('an existing --out is not overwritten without --force', async () => {
    writeFileSync(join(dir, 'measured.csv'), 'positionMm,counts\n0,1\n');
    const argv = [
      'qc',
      'simulate',
      'resolution',
      '--probe',
      'csi-14mm',
      '--nuclide',
      'Tc-99m',
      '--activity-mbq',
      '0.1',
      '--seed',
      '1',
      '--out',
      'measured.csv',
    ];
    const refused = await runCli(argv, { cwd: dir });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--out: 'measured\.csv' exists; choose another name or add --force/);
    assert.equal(readFileSync(join(dir, 'measured.csv'), 'utf8'), 'positionMm,counts\n0,1\n');
    const forced = await runCli([...argv, '--force'], { cwd: dir });
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(join(dir, 'measured.csv'), 'utf8'), /^# VIRTUAL/);
  });

  test('bad input is refused naming the flag and the value', async () => {
    const ok = [
      '--probe',
      'csi-14mm',
      '--nuclide',
      'Tc-99m',
      '--activity-mbq',
      '1',
      '--seed',
      '7',
      '--out',
      'x.csv',
    ];
    const cases: [string[], number, RegExp][] = [
      [['uniformity', ...ok], 2, /unknown test 'uniformity'; one of: resolution, angular/],
      [[...ok], 2, /missing test/],
      [
        ['resolution', ...ok.map((a) => (a === 'csi-14mm' ? 'csi-99mm' : a))],
        2,
        /--probe: unknown preset 'csi-99mm' \(known: csi-14mm/,
      ],
      [
        ['resolution', ...ok.map((a) => (a === 'Tc-99m' ? 'Tc-98' : a))],
        2,
        /--nuclide: unknown nuclide 'Tc-98'/,
      ],
      [
        ['resolution', ...ok.map((a) => (a === '1' ? '0' : a))],
        1,
        /--activity-mbq: '0' must be greater than 0/,
      ],
      [
        ['resolution', ...ok.map((a) => (a === '1' ? '-2' : a))],
        1,
        /--activity-mbq: '-2' must be greater than 0/,
      ],
      [['resolution', ...ok.slice(0, -2)], 2, /--out is required/],
      [['resolution', ...ok.slice(0, 6), '--out', 'x.csv'], 2, /--seed is required/],
      [['resolution', ...ok, '--seed', '1.5'], 1, /--seed: '1.5' must be a whole number/],
      [['resolution', ...ok, '--medium', 'oil'], 2, /--medium: 'oil' is not air or water/],
      [['shielding', ...ok, '--medium', 'water'], 1, /--medium: shielding is simulated in air only/],
      [
        ['energy', ...ok, '--medium', 'water'],
        1,
        /--medium: energy is simulated in air only: the model has no spectrum of scattered photons/,
      ],
      [['resolution', ...ok, '--step-deg', '2'], 2, /--step-deg does not apply to resolution/],
      [
        ['angular', ...ok, '--distance-cm', '0.5'],
        1,
        /--distance-cm: an angular radius of 0.5 cm would put the source inside the probe housing/,
      ],
      [['resolution', ...ok, '--seconds-per-point', 'ten'], 1, /--seconds-per-point: 'ten' is not a number/],
      [
        ['sensitivity', ...ok, '--distances-mm', '10,10'],
        1,
        /--distances-mm: sensitivity distances repeat: 10, 10/,
      ],
      [
        ['count-rate', ...ok.map((a) => (a === '1' ? '0.0001' : a))],
        1,
        /--activity-mbq: the weakest source of the series/,
      ],
      [
        [
          'resolution',
          ...ok.map((a) => (a === 'csi-14mm' ? 'high-energy-511' : a === 'Tc-99m' ? 'In-111' : a)),
        ],
        1,
        /--nuclide: probe 'high-energy-511' has no energy window for In-111/,
      ],
    ];
    for (const [argv, code, message] of cases) {
      const run = await runCli(['qc', 'simulate', ...argv], { cwd: dir });
      assert.equal(run.code, code, `${argv.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message, argv.join(' '));
    }
  });

  test('--help explains every flag with its unit', async () => {
    const run = await runCli(['qc', 'simulate', '--help']);
    assert.equal(run.code, 0);
    for (const text of [
      '--activity-mbq',
      'MBq',
      '--seconds-per-point',
      'counting time per point, s',
      '--distance-cm',
      'cm',
      '--step-deg',
      'degrees',
      'positionMm,counts',
      'trueRateCps,measuredRateCps',
    ])
      assert.ok(run.stdout.includes(text), text);
  });
});
