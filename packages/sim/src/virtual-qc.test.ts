import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstIssue } from '@openrgs/outcome';
import {
  applyDeadTime,
  createProbeResponse,
  findProbePreset,
  physics,
  pointSourceCpsPerMBq,
  probeFigures,
  simulateVirtualQc,
  VIRTUAL_QC_COLUMNS,
  VIRTUAL_QC_DEFAULTS,
  VIRTUAL_QC_TESTS,
  type VirtualQcMeasurement,
  type VirtualQcOptions,
  virtualQcCsv,
} from './index.js';

const csi = findProbePreset('csi-14mm')!;
const base: VirtualQcOptions = {
  test: 'resolution',
  probe: csi,
  nuclide: 'Tc-99m',
  activityMBq: 0.2,
  seed: 11,
  medium: 'air',
  secondsPerPoint: 10,
  physics,
};

function run(options: Partial<VirtualQcOptions>): VirtualQcMeasurement {
  const r = simulateVirtualQc({ ...base, ...options });
  assert.ok(r.ok, r.ok ? '' : firstIssue(r.issues).message);
  return r.value;
}

function issueOf(options: Partial<VirtualQcOptions>) {
  const r = simulateVirtualQc({ ...base, ...options });
  assert.ok(!r.ok, 'expected a refusal');
  return firstIssue(r.issues);
}

const response = (() => {
  const made = createProbeResponse({ probe: csi, nuclide: 'Tc-99m', tissue: 'water', physics });
  assert.ok(made.ok);
  return made.value;
})();
const figures = probeFigures(response);

describe('virtual QC measurements (sim/virtual-qc.ts)', () => {
  test('every test writes its rgs qc nema header after # comment lines that say VIRTUAL', () => {
    for (const t of VIRTUAL_QC_TESTS) {
      const m = run({ test: t, activityMBq: t === 'count-rate' ? 20 : 0.2 });
      const lines = virtualQcCsv(m).trimEnd().split('\n');
      assert.match(lines[0]!, /^# VIRTUAL MEASUREMENT/);
      const header = lines.findIndex((l) => !l.startsWith('#'));
      assert.ok(lines.slice(0, header).every((l) => l.startsWith('# ')));
      assert.equal(lines[header], VIRTUAL_QC_COLUMNS[t].join(','));
      const body = lines.slice(header + 1);
      assert.equal(body.length, m.rows.length, t);
      for (const l of body) assert.equal(l.split(',').length, VIRTUAL_QC_COLUMNS[t].length, `${t}: ${l}`);
      for (const r of m.rows) {
        const c = r.values.counts;
        if (c !== undefined) assert.ok(Number.isInteger(c) && (c as number) >= 0, `${t}: counts ${c}`);
      }
    }
  });

  test('same options → identical rows bit for bit; another seed → other counts, same expectations', () => {
    const a = virtualQcCsv(run({ test: 'angular' }));
    assert.equal(virtualQcCsv(run({ test: 'angular' })), a);
    const other = run({ test: 'angular', seed: 12 });
    assert.notEqual(virtualQcCsv(other), a);
    assert.deepEqual(
      other.rows.map((r) => r.expectedCounts),
      run({ test: 'angular' }).rows.map((r) => r.expectedCounts),
    );
  });

  test('counts are Poisson about their mean: Pearson χ²/dof of a 242-channel spectrum within 4√(2/dof) of 1', () => {
    // E[(c − e)²/e] = 1 and var ≈ 2 for Poisson counts with e ≥ 20 (Pearson's statistic, χ² with dof = n).
    const m = run({ test: 'energy', activityMBq: 1, secondsPerPoint: 100 });
    const used = m.rows.filter((r) => r.expectedCounts >= 20);
    assert.ok(used.length >= 50, `${used.length} channels`);
    const chi2 = used.reduce(
      (a, r) => a + ((r.values.counts as number) - r.expectedCounts) ** 2 / r.expectedCounts,
      0,
    );
    assert.ok(
      Math.abs(chi2 / used.length - 1) < 4 * Math.sqrt(2 / used.length),
      `χ²/dof ${chi2 / used.length}`,
    );
  });

  test('sensitivity rows: hand-worked mean counts with decay over each count, background and dead time', () => {
    const m = run({ test: 'sensitivity', activityMBq: 0.5, secondsPerPoint: 60 });
    const lambda = Math.LN2 / physics.halfLifeSeconds('Tc-99m');
    assert.deepEqual(
      m.rows.map((r) => r.values.distanceMm),
      [...VIRTUAL_QC_DEFAULTS.sensitivityDistancesMm],
    );
    for (const [k, r] of m.rows.entries()) {
      const d = r.values.distanceMm as number;
      assert.equal(r.values.elapsedSeconds, 60 * k); // counts back to back from t = 0
      // Ā = A e^(−λt) (1 − e^(−λT))/(λT); m = (S Ā + b)/(1 + (S Ā + b)τ); mean counts = m T.
      const meanActivity = (0.5 * Math.exp(-lambda * 60 * k) * -Math.expm1(-lambda * 60)) / (lambda * 60);
      const n = pointSourceCpsPerMBq(response, 0, d / 10, 0) * meanActivity + csi.backgroundCps;
      assert.ok(
        Math.abs(r.expectedCounts / ((60 * n) / (1 + n * csi.deadTimeSeconds)) - 1) < 1e-12,
        `${d} mm`,
      );
    }
    assert.equal(m.model.sensitivityAt10MmCpsPerMBq, figures.sensitivityAt1CmCpsPerMBq);
    assert.equal(m.model.sensitivityAt30MmCpsPerMBq, figures.sensitivityAt3CmCpsPerMBq);
    assert.deepEqual(m.analysis, {
      medium: 'air',
      sourceActivityMBq: 0.5,
      backgroundCps: 1,
      nuclide: 'Tc-99m',
    });
  });

  test('count-rate: a dilution series, trueRateCps = f·A·S + b, mean measured rate n/(1 + nτ) (Knoll eq. 4.23)', () => {
    const m = run({ test: 'count-rate', activityMBq: 20 });
    const s = figures.sensitivityAt1CmCpsPerMBq;
    assert.equal(m.rows.length, VIRTUAL_QC_DEFAULTS.countRateFractions.length);
    for (const [i, f] of VIRTUAL_QC_DEFAULTS.countRateFractions.entries()) {
      const r = m.rows[i]!;
      const n = f * 20 * s + 1;
      assert.ok(Math.abs((r.values.trueRateCps as number) / n - 1) < 1e-9);
      assert.ok(Math.abs(r.expectedCounts / (10 * applyDeadTime(n, 4e-6)) - 1) < 1e-12);
      assert.equal(
        r.values.measuredRateCps,
        Number(((r.values.measuredRateCps as number) * 10).toFixed(0)) / 10,
      );
    }
    // 20 MBq × 7,263 cps/MBq = 145,257 cps: loss nτ/(1 + nτ) = 36.75 %.
    assert.ok(Math.abs(m.maxDeadTimeLossPercent - 36.75) < 0.01, `${m.maxDeadTimeLossPercent}`);
    assert.deepEqual(m.warnings, []);
    const weak = run({ test: 'count-rate', activityMBq: 2 });
    assert.match(weak.warnings.join(' '), /loses only 5\.5 % to dead time; a series up to about 13 MBq/);
  });

  test('geometry = probeFigures set-ups: model FWHM, angular FWHM (within 0.2 %) and side shielding (exact)', () => {
    const res = run({ test: 'resolution' });
    assert.ok(Math.abs(res.model.fwhmMm! / figures.spatialFwhmAt1CmMm - 1) < 2e-3);
    const ang = run({ test: 'angular' });
    assert.ok(Math.abs(ang.model.fwhmDeg! / figures.angularFwhmDeg - 1) < 2e-3);
    const sh = run({ test: 'shielding' });
    assert.ok(Math.abs(sh.model.sideShieldingPercent! - figures.sideShieldingPercent) < 1e-12);
    assert.deepEqual(
      sh.rows.map((r) => [r.values.position, r.seconds]),
      [
        ['front', 10],
        ['side', 100],
        ['back', 100],
        ['background', 100],
      ],
    );
    // The background row has only the probe's background: 1 cps × 100 s (dead-time loss 4e-6).
    assert.ok(Math.abs(sh.rows[3]!.expectedCounts - 100 / (1 + 4e-6)) < 1e-9);
  });

  test('resolution scan reaches the tail: both ends below 0.5 % of the peak; steps as asked', () => {
    const m = run({ test: 'resolution', stepMm: 0.5 });
    const x = m.rows.map((r) => r.values.positionMm as number);
    assert.equal(x[1]! - x[0]!, 0.5);
    assert.equal(x[0], -x[x.length - 1]!);
    const peak = Math.max(...m.rows.map((r) => r.sourceRateCps));
    for (const end of [m.rows[0]!, m.rows[m.rows.length - 1]!])
      assert.ok(end.sourceRateCps < 0.005 * peak, `${end.sourceRateCps} of ${peak}`);
    assert.equal(m.analysis.background, 'constant:10');
  });

  test('water: the path source → tip is water (narrow-beam + build-up), so the peak drops below air', () => {
    const air = run({ test: 'resolution' });
    const water = run({ test: 'resolution', medium: 'water' });
    assert.equal(water.model.peakCpsPerMBq, pointSourceCpsPerMBq(response, 0, 1, 1));
    assert.ok(water.model.peakCpsPerMBq! < air.model.peakCpsPerMBq!);
    // At 3 cm depth: 1,767 cps/MBq (sim README, probe presets table, 3 cm water).
    const sens = run({ test: 'sensitivity', medium: 'water', distancesMm: [30] });
    assert.equal(Math.round(sens.model.sensitivityAt30MmCpsPerMBq!), 1767);
    assert.equal(sens.analysis.medium, 'scatter');
  });

  test('energy: photopeak at the line, FWHM/E from the preset resolution (CsI 1/√E, CdTe constant keV)', () => {
    const m = run({ test: 'energy', activityMBq: 1, secondsPerPoint: 100 });
    // 0.18 × 140 keV × √(140.511/140) = 25.246 keV → 17.967 % at 140.511 keV (LNHB Tc-99m line).
    assert.ok(
      Math.abs(m.model.energyResolutionPercent! - 17.967) < 1e-3,
      `${m.model.energyResolutionPercent}`,
    );
    const peak = m.rows.reduce((a, r) => (r.expectedCounts > a.expectedCounts ? r : a));
    assert.ok([140, 141].includes(peak.values.energyKeV as number));
    assert.deepEqual(m.analysis.windowKeV, [90, 192]);
    const cdte = run({ test: 'energy', probe: findProbePreset('cdte-11mm')!, activityMBq: 1 });
    // 0.08 × 140 keV = 11.2 keV at every energy → 7.971 % at 140.511 keV.
    assert.ok(Math.abs(cdte.model.energyResolutionPercent! - (100 * 11.2) / 140.511) < 1e-9);
    // Co-57: 136 keV lies within 1.5 FWHM of 122 keV — the blend is named.
    const co = run({ test: 'energy', nuclide: 'Co-57' });
    assert.match(
      co.warnings.join(' '),
      /136\.\d+ keV line lies within 1\.5 FWHM of the 122\.\d+ keV photopeak/,
    );
  });

  test('warnings: dead-time loss over 1 %, decay over 5 % during a scan, few counts at the peak', () => {
    // 2 MBq × 7,263 cps/MBq at 10 mm: loss nτ/(1 + nτ) = 5.5 %; 1 % loss at n = 0.01/(0.99 τ) = 2,525 cps
    // → (2,525 − 1 cps background)/7,263 cps/MBq = 0.35 MBq.
    const hot = run({ test: 'sensitivity', activityMBq: 2 });
    assert.match(
      hot.warnings.join(' '),
      /dead time loses up to 5\.5 % of the counts .* ≤ 0\.35 MBq keeps the loss under 1 %/,
    );
    const ga = run({
      test: 'angular',
      probe: findProbePreset('high-energy-511')!,
      nuclide: 'Ga-68',
      secondsPerPoint: 60,
    });
    assert.match(ga.warnings.join(' '), /the source decays 60\.5 % during the 5460 s run/);
    const faint = run({ test: 'angular', activityMBq: 0.01 });
    assert.match(faint.warnings.join(' '), /about \d+ counts at the peak: counting noise ≈ \d\.\d %/);
    assert.deepEqual(run({ test: 'resolution', activityMBq: 0.2, secondsPerPoint: 10 }).warnings, []);
  });

  test('refusals name the value: activity, seed, time, geometry, medium, nuclide, window, counts', () => {
    assert.deepEqual(issueOf({ activityMBq: 0 }), {
      kind: 'invalid',
      code: 'bad-activity',
      message: 'activity must be > 0 MBq, got 0',
    });
    assert.equal(issueOf({ activityMBq: Number.NaN }).code, 'bad-activity');
    assert.match(issueOf({ seed: -1 }).message, /seed must be a whole number .* got -1/);
    assert.match(issueOf({ secondsPerPoint: 0 }).message, /seconds per point must be > 0, got 0/);
    assert.match(issueOf({ distanceCm: -1 }).message, /distance must be > 0 cm, got -1/);
    assert.match(issueOf({ test: 'sensitivity', distancesMm: [10, -5] }).message, /≥ 0 mm, got -5/);
    assert.match(
      issueOf({ test: 'count-rate', medium: 'water' }).message,
      /count-rate is simulated in air only/,
    );
    assert.deepEqual(issueOf({ nuclide: 'Xx-1' }).code, 'unknown-nuclide');
    const window = issueOf({ probe: findProbePreset('high-energy-511')!, nuclide: 'In-111' });
    assert.equal(window.code, 'no-window');
    const angular = issueOf({ test: 'angular', distanceCm: 0.6 });
    assert.match(
      angular.message,
      /0\.6 cm would put the source inside the probe housing at 90° \(outer radius 0\.7 cm\)/,
    );
    const side = issueOf({
      test: 'shielding',
      probe: findProbePreset('high-energy-511')!,
      nuclide: 'Ga-68',
      distanceCm: 1,
    });
    assert.match(side.message, /inside the (collimator bore|shield|back shield)/);
    assert.equal(issueOf({ test: 'count-rate', activityMBq: 1e-4 }).code, 'too-few-counts');
  });
});
