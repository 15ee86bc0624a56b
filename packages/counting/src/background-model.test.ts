import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, sampleGammaRate, samplePoisson } from '@openrgs/numeric';
import { firstIssue } from '@openrgs/outcome';
import { adaptiveThreshold, buildBackgroundModel, cutoffSafety } from './background-model.js';

const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

function model(sites: Array<[number, number]>) {
  const r = buildBackgroundModel({
    kind: 'sites',
    sites: sites.map(([counts, durationSeconds]) => ({ counts, durationSeconds })),
  });
  if (!r.ok) throw new Error(firstIssue(r.issues).message);
  return r.value;
}

describe('background model (gamma–Poisson; DerSimonian & Laird 1986 moments)', () => {
  test('hand-worked, no extra spread: 3 × 100 counts in 10 s → mean 10 cps, τ = 0, equivalent counts 300', () => {
    const m = model([
      [100, 10],
      [100, 10],
      [100, 10],
    ]);
    near(m.meanCps, 10, 1e-12, 'mean');
    assert.equal(m.sdCps, 0);
    assert.equal(m.cv, 0);
    near(m.equivalentCounts, 300, 1e-9, 'equivalent counts');
    assert.deepEqual(m.warnings, []);
  });

  test('hand-worked, over-dispersed: 100, 200, 400 counts in 10 s each', () => {
    // pooled 23.333 cps; Poisson variance of each rate v = 2.3333; Q = Σ(r - 23.33)²/v = 466.67/2.3333 = 200;
    // Σw - Σw²/Σw = 1.285714 - 0.428571 = 0.857143; τ² = (200 - 2)/0.857143 = 231.0; τ = 15.199;
    // equal weights → mean 23.333; SE² = (v + τ²)/3 = 77.778; equivalent counts = 23.333²/77.778 = 7.0.
    const m = model([
      [100, 10],
      [200, 10],
      [400, 10],
    ]);
    near(m.meanCps, 70 / 3, 1e-9, 'mean');
    near(m.sdCps ** 2, 231, 1e-9, 'τ²');
    near(m.cv ?? -1, Math.sqrt(231) / (70 / 3), 1e-12, 'cv');
    near(m.equivalentCounts, 7, 1e-9, 'equivalent counts');
    assert.ok(
      (m.cvLow ?? -1) < (m.cv ?? 0) && (m.cv ?? 0) < (m.cvHigh ?? 0),
      'cv inside its Q-profile interval',
    );
  });

  test('prediction threshold: exp(ȳ + t(0.95; 2)·s·√(1 + 1/3)) with t = 2.919986 (Student t table)', () => {
    const m = model([
      [100, 10],
      [200, 10],
      [400, 10],
    ]);
    const y = [100.5, 200.5, 400.5].map((c) => Math.log(c / 10));
    const mean = (y[0]! + y[1]! + y[2]!) / 3;
    const sd = Math.sqrt(y.reduce((a, v) => a + (v - mean) ** 2, 0) / 2);
    const expected = Math.exp(mean + 2.91998558 * sd * Math.sqrt(4 / 3));
    const t = adaptiveThreshold(m, 0.05);
    near(t.thresholdCps, expected, 1e-6 * expected, 'threshold');
    near(t.thresholdRatio, expected / m.meanCps, 1e-6 * t.thresholdRatio, 'ratio');
  });

  test('warnings and refusals', () => {
    assert.match(
      model([
        [100, 10],
        [120, 10],
      ]).warnings[0] ?? '',
      /only 2 background sites/,
    );
    const one = model([[100, 10]]);
    assert.match(one.warnings[0] ?? '', /unknown/);
    // One site: the threshold is its one-sided 95 % upper counting limit (Gehrels Table 1 style).
    assert.ok(
      adaptiveThreshold(one, 0.05).thresholdCps > 10 && adaptiveThreshold(one, 0.05).thresholdCps < 12,
    );
    assert.equal(cutoffSafety(one, 1.5, 0.05).safe, null);
    const bad = buildBackgroundModel({
      kind: 'sites',
      sites: [{ counts: -3, durationSeconds: 5, siteLabel: 'liver' }],
    });
    assert.ok(!bad.ok && /liver/.test(firstIssue(bad.issues).message));
    assert.equal(buildBackgroundModel({ kind: 'sites', sites: [] }).ok, false);
    assert.equal(buildBackgroundModel({ kind: 'known', rateCps: 0 }).ok, false);
    const known = buildBackgroundModel({ kind: 'known', rateCps: 40 });
    assert.ok(known.ok && adaptiveThreshold(known.value, 0.05).thresholdCps === 40);
  });

  test('cut-off safety: T/B 1.5 is safe with tight sites, not with widely spread ones', () => {
    const tight = model([
      [1000, 10],
      [1010, 10],
      [990, 10],
      [1005, 10],
      [995, 10],
    ]);
    assert.equal(cutoffSafety(tight, 1.5, 0.05).safe, true);
    const wide = model([
      [600, 10],
      [1000, 10],
      [1500, 10],
      [800, 10],
      [1300, 10],
    ]);
    const s = cutoffSafety(wide, 1.5, 0.05);
    assert.equal(s.safe, false);
    assert.match(s.message, /NOT safe/);
  });

  test('simulation (seeded): the prediction bound is exceeded by new normal sites at most ~alpha', () => {
    const random = createRandom(99);
    const patients = 3000;
    let exceed = 0;
    for (let i = 0; i < patients; i++) {
      const sites: Array<[number, number]> = [];
      for (let s = 0; s < 5; s++)
        sites.push([samplePoisson(random, sampleGammaRate(random, 50, 0.3) * 10), 10]);
      const threshold = adaptiveThreshold(model(sites), 0.05).thresholdCps;
      if (sampleGammaRate(random, 50, 0.3) > threshold) exceed += 1;
    }
    assert.ok(exceed / patients <= 0.05 + 3 * Math.sqrt(0.0475 / patients), `exceeded ${exceed / patients}`);
    assert.ok(exceed / patients > 0.005, `suspiciously conservative ${exceed / patients}`);
  });
});

describe('background model without the spread interval (planning)', () => {
  test('spreadInterval: false leaves cvLow/cvHigh out and changes nothing else', () => {
    const sites = [410, 520, 380, 610, 455].map((counts, i) => ({
      siteLabel: `s${i + 1}`,
      counts,
      durationSeconds: 10,
    }));
    const full = buildBackgroundModel({ kind: 'sites', sites });
    const lean = buildBackgroundModel({ kind: 'sites', sites, spreadInterval: false });
    assert.ok(full.ok && lean.ok);
    assert.ok(full.value.cvLow !== null && full.value.cvHigh !== null);
    assert.equal(lean.value.cvLow, null);
    assert.equal(lean.value.cvHigh, null);
    assert.deepEqual({ ...lean.value, cvLow: full.value.cvLow, cvHigh: full.value.cvHigh }, full.value);
    assert.deepEqual(adaptiveThreshold(lean.value, 0.0085), adaptiveThreshold(full.value, 0.0085));
  });
});
