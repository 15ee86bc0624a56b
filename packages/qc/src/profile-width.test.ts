import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, samplePoisson } from '@openrgs/numeric';
import { parabolaVertex, profileWidths } from './profile-width.js';
import { gaussianProfile, splitGaussianProfile } from './test-data.js';

// Gaussian widths: at fraction f of the peak, half width = σ·√(2 ln(1/f)), so
// FWHM = 2√(2 ln 2)·σ = 2.354820σ and FWTM = 2√(2 ln 10)·σ = 4.291932σ (exact, by solving
// exp(−x²/2σ²) = f). These are the hand-worked references below.
const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);
const FWTM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN10);
const NONE = { background: { kind: 'none' } } as const;

function relErr(a: number, b: number): number {
  return Math.abs(a / b - 1);
}

describe('profileWidths: Gaussian with known σ', () => {
  test('constants: FWHM = 2.3548σ, FWTM = 4.2919σ (derivation above)', () => {
    assert.ok(Math.abs(FWHM_PER_SIGMA - 2.3548) < 1e-4);
    assert.ok(Math.abs(FWTM_PER_SIGMA - 4.2919) < 1e-4);
  });

  test('σ = 5 mm sampled every 0.5 mm: FWHM 11.774 mm and FWTM 21.460 mm within 0.1 %', () => {
    const r = profileWidths(
      gaussianProfile({ sigma: 5, mu: 0.37, peak: 2000, from: -40, to: 40, step: 0.5 }),
      NONE,
    );
    assert.ok(r.ok);
    assert.ok(relErr(r.value.fwhm.width, 5 * FWHM_PER_SIGMA) < 1e-3, `fwhm ${r.value.fwhm.width}`);
    assert.ok(relErr(r.value.fwtm!.width, 5 * FWTM_PER_SIGMA) < 1e-3, `fwtm ${r.value.fwtm!.width}`);
    assert.ok(Math.abs(r.value.peakX - 0.37) < 0.01, `peak at ${r.value.peakX}`);
    assert.ok(Math.abs(r.value.fwhmAsymmetry) < 1e-3);
    assert.deepEqual(r.value.warnings, []);
  });

  test('sub-bin interpolation: σ = 5 mm sampled every 2 mm (FWHM ≈ 6 bins), peak between samples: FWHM within 1 %', () => {
    // Without interpolation the width could only be a multiple of 2 mm (10 or 12 mm: 15 % or 2 % off).
    const r = profileWidths(
      gaussianProfile({ sigma: 5, mu: 0.7, peak: 1000, from: -30, to: 30, step: 2 }),
      NONE,
    );
    assert.ok(r.ok);
    // Measured: +0.59 % (FWHM), +0.66 % (FWTM): the chord of a convex-down curve between samples.
    assert.ok(relErr(r.value.fwhm.width, 5 * FWHM_PER_SIGMA) < 1e-2, `fwhm ${r.value.fwhm.width}`);
    assert.ok(relErr(r.value.fwtm!.width, 5 * FWTM_PER_SIGMA) < 1e-2, `fwtm ${r.value.fwtm?.width}`);
    assert.equal(r.value.peakMethod, 'parabola');
    // The parabola recovers most of the peak that falls between samples (max sample is 1000·e^{-0.0098}).
    assert.ok(r.value.peakCounts > 995, `peak ${r.value.peakCounts}`);
  });

  test('linear interpolation hand check: triangle 0,50,100,50,0 at x = 0..4 has FWHM 2 and FWTM 3.6', () => {
    // Half level 50 is met exactly at x = 1 and 3; tenth level 10 at x = 0.2 and 3.8.
    const samples = [0, 50, 100, 50, 0].map((counts, x) => ({ x, counts }));
    const r = profileWidths(samples, { ...NONE, peak: 'max-sample' });
    assert.ok(r.ok);
    assert.ok(Math.abs(r.value.fwhm.width - 2) < 1e-12);
    assert.ok(Math.abs(r.value.fwtm!.width - 3.6) < 1e-12);
    assert.ok(Math.abs(r.value.fwtm!.left - 0.2) < 1e-12);
  });

  test('samples in any order give the same answer', () => {
    const p = gaussianProfile({ sigma: 3, mu: 0, peak: 500, from: -20, to: 20, step: 1 });
    const a = profileWidths(p, NONE);
    const b = profileWidths([...p].reverse(), NONE);
    assert.ok(a.ok && b.ok);
    assert.equal(a.value.fwhm.width, b.value.fwhm.width);
  });
});

describe('profileWidths: background', () => {
  const withBg = gaussianProfile({
    sigma: 4,
    mu: 0,
    peak: 1000,
    from: -40,
    to: 40,
    step: 0.5,
    background: 200,
  });

  test('a flat background of 200 counts ignored inflates the FWHM (it is measured at (1200)/2 = 600, i.e. 40 % of the net peak)', () => {
    const r = profileWidths(withBg, NONE);
    assert.ok(r.ok);
    // Net level 400 of 1000 → half width σ√(2 ln 2.5) = 1.3537σ → width 2.7075σ (15 % wider than 2.3548σ).
    assert.ok(relErr(r.value.fwhm.width, 4 * 2 * Math.sqrt(2 * Math.log(2.5))) < 1e-3);
    // The tenth level (120) lies below the background (200): no FWTM, and the warning says why.
    assert.equal(r.value.fwtm, null);
    assert.ok(r.value.warnings.some((w) => w.startsWith('no FWTM')));
  });

  test('constant background subtraction restores FWHM = 2.3548σ', () => {
    const r = profileWidths(withBg, { background: { kind: 'constant', level: 200 } });
    assert.ok(r.ok);
    assert.ok(relErr(r.value.fwhm.width, 4 * FWHM_PER_SIGMA) < 1e-3);
    assert.ok(relErr(r.value.fwtm!.width, 4 * FWTM_PER_SIGMA) < 1e-3);
    assert.equal(r.value.backgroundLevel, 200);
  });

  test('edge background (5 outer samples each side, where the Gaussian is < 1e-10 of its peak) finds 200', () => {
    const r = profileWidths(withBg, { background: { kind: 'edges', points: 5 } });
    assert.ok(r.ok);
    assert.ok(Math.abs(r.value.backgroundLevel - 200) < 1e-6);
    assert.ok(relErr(r.value.fwhm.width, 4 * FWHM_PER_SIGMA) < 1e-3);
  });
});

describe('profileWidths: asymmetric and noisy profiles', () => {
  test('split Gaussian σL = 3, σR = 6 mm: left/right half widths 1.1774σ each side (3.532 and 7.064 mm)', () => {
    // Each side is its own half-Gaussian, so the half width on a side is σ_side·√(2 ln 2).
    const r = profileWidths(
      splitGaussianProfile({ sigmaLeft: 3, sigmaRight: 6, mu: 0, peak: 1000, from: -30, to: 50, step: 0.25 }),
      NONE,
    );
    assert.ok(r.ok);
    const k = Math.sqrt(2 * Math.LN2);
    // The half widths are measured from the estimated peak position; the parabola through the kink of
    // a split Gaussian places it 0.075 mm towards the wider side (a third of the 0.25 mm spacing).
    assert.ok(Math.abs(r.value.fwhm.leftHalfWidth - 3 * k) < 0.1, `left ${r.value.fwhm.leftHalfWidth}`);
    assert.ok(Math.abs(r.value.fwhm.rightHalfWidth - 6 * k) < 0.1, `right ${r.value.fwhm.rightHalfWidth}`);
    assert.ok(relErr(r.value.fwhm.width, 9 * k) < 2e-3);
    assert.ok(relErr(r.value.fwtm!.width, 9 * Math.sqrt(2 * Math.LN10)) < 2e-3);
    // Asymmetry (R − L)/FWHM = (6 − 3)/9 = 1/3 (measured 0.319: the same peak-position offset).
    assert.ok(Math.abs(r.value.fwhmAsymmetry - 1 / 3) < 0.02);
  });

  test('Poisson noise (peak 10,000 counts, σ = 5 mm, 1 mm steps): FWHM within 3 % on 40 seeds, mean within 0.5 %', () => {
    // Peak counting error 1 % (1/√10,000) moves the half level by 0.5 % and the FWHM by ≈ 0.72 % per
    // 1 % of peak error (d ln FWHM = −δ/(2 ln 2)); plus noise at the crossings: 3 % is > 3 SD.
    const truth = 5 * FWHM_PER_SIGMA;
    let sum = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const random = createRandom(seed);
      const noisy = gaussianProfile({ sigma: 5, mu: 0.3, peak: 10000, from: -30, to: 30, step: 1 }).map(
        (s) => ({
          x: s.x,
          counts: samplePoisson(random, s.counts),
        }),
      );
      const r = profileWidths(noisy, NONE);
      assert.ok(r.ok, `seed ${seed}`);
      assert.ok(relErr(r.value.fwhm.width, truth) < 0.03, `seed ${seed}: ${r.value.fwhm.width}`);
      sum += r.value.fwhm.width;
    }
    assert.ok(relErr(sum / 40, truth) < 5e-3, `mean ${sum / 40}`);
  });

  test('a noise spike beyond the half-maximum crossing is reported, not used', () => {
    const p = gaussianProfile({ sigma: 3, mu: 0, peak: 1000, from: -20, to: 20, step: 1 });
    const spiked = p.map((s) => (s.x === 12 ? { ...s, counts: 700 } : s));
    const r = profileWidths(spiked, NONE);
    assert.ok(r.ok);
    assert.ok(relErr(r.value.fwhm.width, 3 * FWHM_PER_SIGMA) < 0.01);
    assert.equal(r.value.fwhm.rightRecrossings, 1);
    assert.equal(r.value.fwhm.leftRecrossings, 0);
    assert.ok(r.value.warnings.some((w) => w.includes('50 %')));
  });
});

describe('profileWidths: refused input', () => {
  test('peak at the edge of the scan', () => {
    const r = profileWidths(gaussianProfile({ sigma: 3, mu: 0, peak: 100, from: 0, to: 20, step: 1 }), NONE);
    assert.ok(!r.ok);
    assert.equal(r.issues[0]?.code, 'peak-at-edge');
  });

  test('scan too short to reach the half maximum names the side', () => {
    const r = profileWidths(gaussianProfile({ sigma: 5, mu: 0, peak: 100, from: -20, to: 4, step: 1 }), NONE);
    assert.ok(!r.ok);
    assert.equal(r.issues[0]?.code, 'crossing-not-found');
    assert.match(r.issues[0]!.message, /right side/);
  });

  test('scan that reaches the half but not the tenth maximum: FWHM given, FWTM null with the side named', () => {
    const r = profileWidths(gaussianProfile({ sigma: 5, mu: 0, peak: 100, from: -20, to: 8, step: 1 }), NONE);
    assert.ok(r.ok);
    assert.equal(r.value.fwtm, null);
    assert.ok(r.value.warnings.some((w) => /no FWTM.*right side/.test(w)));
  });

  test('duplicate positions name both lines', () => {
    const r = profileWidths(
      [
        { x: 0, counts: 1, line: 2 },
        { x: 1, counts: 5, line: 3 },
        { x: 2, counts: 9, line: 4 },
        { x: 2, counts: 8, line: 5 },
        { x: 3, counts: 1, line: 6 },
      ],
      NONE,
    );
    assert.ok(!r.ok);
    assert.equal(r.issues[0]?.code, 'duplicate-position');
    assert.match(r.issues[0]!.message, /line 5.*line 4|line 4.*line 5/);
  });

  test('too few samples, negative counts, no peak above background', () => {
    assert.equal(profileWidths([{ x: 0, counts: 1 }], NONE).ok, false);
    const neg = profileWidths(
      [0, 1, 2, 3, 4].map((x) => ({ x, counts: x === 2 ? -1 : 1 })),
      NONE,
    );
    assert.ok(!neg.ok && neg.issues[0]?.code === 'bad-sample');
    const flat = profileWidths(
      [0, 1, 2, 3, 4, 5].map((x) => ({ x, counts: 10 })),
      { background: { kind: 'constant', level: 10 } },
    );
    assert.ok(!flat.ok && flat.issues[0]?.code === 'no-peak');
  });
});

test('parabolaVertex: y = −(x − 1.3)² + 7 through x = 0, 1, 2 has its vertex at (1.3, 7)', () => {
  const f = (x: number) => -((x - 1.3) ** 2) + 7;
  const v = parabolaVertex(0, f(0), 1, f(1), 2, f(2));
  assert.ok(v);
  assert.ok(Math.abs(v.x - 1.3) < 1e-12 && Math.abs(v.y - 7) < 1e-12);
  assert.equal(parabolaVertex(0, 1, 1, 1, 2, 1), null);
});
