// Verdict confidence (verdict-confidence.ts) against values worked outside the code: the predictive's
// location and scales from the conjugate normal–inverse-χ² formulas (Gelman et al., Bayesian Data Analysis
// 3rd ed. 2013, §3.3) evaluated by hand (SciPy 1.17 for the arithmetic), Poisson tails and the expectation
// over a Student-t predictive with 2 degrees of freedom from SciPy 1.17 (scipy.stats.poisson, scipy.stats.t,
// scipy.integrate.quad), Poisson tails also from @stdlib (a second implementation, checked in the test).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import { type BackgroundModel, buildBackgroundModel } from './background-model.js';
import {
  DEFAULT_CONFIDENCE_SPREAD_PRIOR,
  fixedTimeCharacteristic,
  type OperatingCharacteristic,
  ownSpreadPredictive,
  type RatePredictive,
  ratePredictive,
  ratePredictives,
  SprtOperatingCharacteristic,
  sprtCharacteristic,
  verdictConfidence,
} from './verdict-confidence.js';

const near = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (±${tol})`);

function sites(counts: number[], seconds = 10, prior?: BackgroundModel['prior']): BackgroundModel {
  const r = buildBackgroundModel({
    kind: 'sites',
    sites: counts.map((c) => ({ counts: c, durationSeconds: seconds })),
    ...(prior ? { prior } : {}),
  });
  if (!r.ok) throw new Error('background');
  return r.value;
}
function known(rateCps: number): BackgroundModel {
  const r = buildBackgroundModel({ kind: 'known', rateCps });
  if (!r.ok) throw new Error('background');
  return r.value;
}

// P(X ≥ k) for X ~ Poisson(mean), from @stdlib (an implementation independent of @openrgs/numeric).
const atLeast = (k: number, mean: number) => (k <= 0 ? 1 : 1 - poissonCdf(k - 1, mean));

describe('rate predictives (the spread a stated confidence must hold under)', () => {
  test('the default prior is ψ′(4) = π²/6 − 1 − 1/4 − 1/9 = 0.283823 on 2 degrees of freedom', () => {
    // @openrgs/numeric's trigamma is good to about 1e-9 here (0.2838229555 vs 0.2838229557).
    near(DEFAULT_CONFIDENCE_SPREAD_PRIOR.logVariance, Math.PI ** 2 / 6 - 1 - 1 / 4 - 1 / 9, 1e-9, 'ψ′(4)');
    assert.equal(DEFAULT_CONFIDENCE_SPREAD_PRIOR.degreesOfFreedom, 2);
  });

  test('known rate: the stated rate, no spread, normal (infinite degrees of freedom)', () => {
    assert.deepEqual(ratePredictive(known(40)), {
      newSiteLogLocation: Math.log(40),
      newSiteLogScale: 0,
      meanLogLocation: Math.log(40),
      meanLogScale: 0,
      degreesOfFreedom: Number.POSITIVE_INFINITY,
      spreadAssumed: false,
    });
    assert.equal(ownSpreadPredictive(known(40)), null);
    assert.equal(ratePredictives(known(40)).length, 1);
  });

  test('one site (100 counts in 10 s): the default prior plus the site’s counting noise 1/(c + ½)', () => {
    // ν = d0 + k − 1 = 2; s̃² = ψ′(4) = 0.283823; counting noise 1/100.5;
    // new site: √(s̃²·(1 + 1/1) + 1/100.5) = 0.759997; mean: √(s̃² + 1/100.5) = 0.542008;
    // location ln(100.5/10) = 2.307573; the mean rate 10 cps: ln 10 = 2.302585.
    const p = ratePredictive(sites([100]));
    near(p.newSiteLogLocation, 2.307572634505085, 1e-12, 'location');
    near(p.newSiteLogScale, 0.7599974738316235, 1e-9, 'new-site scale');
    near(p.meanLogLocation, Math.LN10, 1e-12, 'mean location (ln 10)');
    near(p.meanLogScale, 0.5420084911635003, 1e-9, 'mean scale');
    assert.equal(p.degreesOfFreedom, 2);
    assert.equal(p.spreadAssumed, true);
    assert.equal(ownSpreadPredictive(sites([100])), null, 'one site: no own spread');
    assert.equal(ratePredictives(sites([100])).length, 1);
  });

  test('three sites (100, 200, 400 counts in 10 s): the own spread shrunk towards the default prior', () => {
    // y = ln(100.5/10), ln(200.5/10), ln(400.5/10): ȳ = 2.998643, s = 0.691278 (k − 1 = 2 df);
    // ν = 2 + 2 = 4; s̃² = (2·0.283823 + 2·s²)/4; new site √(s̃²·4/3) = 0.712595, mean √(s̃²/3) = 0.356298;
    // the random-effects mean is 70/3 cps (background-model.test.ts): ln(70/3) = 3.149883.
    const m = sites([100, 200, 400]);
    const p = ratePredictive(m);
    near(p.newSiteLogLocation, 2.9986434872573433, 1e-12, 'location');
    near(p.newSiteLogScale, 0.7125954367622463, 1e-9, 'new-site scale');
    near(p.meanLogLocation, 3.1498829533812494, 1e-12, 'mean location');
    near(p.meanLogScale, 0.3562977183811232, 1e-9, 'mean scale');
    assert.equal(p.degreesOfFreedom, 4);
    assert.equal(p.spreadAssumed, false);
    // The sites' own spread alone: s·√(4/3) = 0.798219, s/√3 = 0.399110 on 2 df.
    const own = ownSpreadPredictive(m);
    assert.ok(own !== null);
    near(own.newSiteLogLocation, 2.9986434872573433, 1e-12, 'own location');
    near(own.newSiteLogScale, 0.7982192088262886, 1e-12, 'own new-site scale');
    near(own.meanLogLocation, 3.1498829533812494, 1e-12, 'own mean location');
    near(own.meanLogScale, 0.39910960441314436, 1e-12, 'own mean scale');
    assert.equal(own.degreesOfFreedom, 2);
    assert.equal(own.spreadAssumed, false);
    // The class: prior-shrunk, own, and own with the mean taken as measured (no spread of the mean).
    const all = ratePredictives(m);
    assert.equal(all.length, 3);
    assert.deepEqual(all[0], p);
    assert.deepEqual(all[1], own);
    assert.deepEqual(all[2], { ...own, meanLogScale: 0 });
  });

  test('two sites: the own spread on 1 degree of freedom joins the class', () => {
    const all = ratePredictives(sites([100, 150]));
    assert.equal(all.length, 3);
    assert.equal(all[1]?.degreesOfFreedom, 1);
  });

  test('a learnt prior (s0² = 0.04 on 6 df): the model’s shrunk s̃ on 6 + k − 1 df', () => {
    // 400, 500, 600 counts in 10 s: ȳ = 3.899443; s̃ = √((6·0.04 + 2·s²)/8) = 0.200720 on 8 df;
    // new site s̃·√(4/3) = 0.231772; mean s̃/√3 = 0.115886.
    const m = sites([400, 500, 600], 10, {
      logVariance: 0.04,
      degreesOfFreedom: 6,
      cases: 10,
      sites: 40,
      source: 'test cases',
    });
    const p = ratePredictive(m);
    near(p.newSiteLogLocation, 3.8994429092671967, 1e-12, 'location');
    near(p.newSiteLogScale, 0.23177176407531544, 1e-12, 'new-site scale');
    near(p.meanLogLocation, Math.log(m.meanCps), 1e-12, 'mean location');
    near(p.meanLogScale, 0.11588588203765773, 1e-12, 'mean scale');
    assert.equal(p.degreesOfFreedom, 8);
    assert.equal(p.spreadAssumed, false);
    // Without the model's degrees of freedom it falls back to the sites' k − 1.
    assert.equal(ratePredictive({ ...m, logRateDegreesOfFreedom: null }).degreesOfFreedom, 2);
    // Each of the three conditions of the learnt-prior branch matters: without the learnt prior the
    // default one (2 df) is used.
    assert.equal(ratePredictive({ ...m, prior: null }).degreesOfFreedom, 4);
  });

  test('one site with a learnt prior: the prior gives a spread, but the site has none of its own', () => {
    // With a prior the model's ln-rate mean and SD are set even for one site (the SD from the prior), but
    // one site has no own SD (k − 1 = 0 degrees of freedom): no own-spread predictive, only the prior one.
    const m = sites([400], 10, {
      logVariance: 0.04,
      degreesOfFreedom: 6,
      cases: 10,
      sites: 40,
      source: 'test cases',
    });
    assert.notEqual(m.logRateMean, null);
    assert.equal(m.logRateSdOwn, null);
    assert.equal(ownSpreadPredictive(m), null);
    assert.equal(ratePredictives(m).length, 1);
  });
});

describe('verdict confidence under a predictive', () => {
  // A fixed-time rule at 1 s calling positive from 15 counts; lesion at T/B 2.
  const oc = fixedTimeCharacteristic(15, 1, atLeast);
  const lesion = (mean: number) => 2 * mean;
  const point = (rateCps: number, scale = 0, nu = 2): RatePredictive => ({
    newSiteLogLocation: Math.log(rateCps),
    newSiteLogScale: scale,
    meanLogLocation: Math.log(rateCps),
    meanLogScale: scale,
    degreesOfFreedom: nu,
    spreadAssumed: false,
  });

  test('the fixed-time characteristic reads the Poisson tail at rate × seconds', () => {
    const calls: Array<[number, number]> = [];
    const c = fixedTimeCharacteristic(7, 2.5, (k, mean) => {
      calls.push([k, mean]);
      return 0.25;
    });
    assert.equal(c.positiveAt(4), 0.25);
    assert.equal(c.negativeAt(4), 0.75);
    assert.deepEqual(calls, [
      [7, 10],
      [7, 10],
    ]);
  });

  test('no spread: 1 − P(X ≥ 15; 10) and 1 − P(X ≤ 14; 20) (SciPy: 0.916542, 1 − 0.104864)', () => {
    const c = verdictConfidence(point(10), oc, lesion);
    near(c.positive, 0.9165415270653372, 1e-9, 'positive');
    near(c.negative, 1 - 0.10486428110798468, 1e-9, 'negative');
    // The same through a list of one.
    assert.deepEqual(verdictConfidence([point(10)], oc, lesion), c);
  });

  test('an empty class is refused', () => {
    assert.throws(() => verdictConfidence([], oc, lesion), {
      name: 'RangeError',
      message: 'verdictConfidence needs at least one predictive',
    });
  });

  test('spread on ln(rate), t with 2 df: an upper bound on each error, within 0.5 % of the integral', () => {
    // E[P(X ≥ 15; λ)] for ln λ = ln 10 + s·T₂ and E[P(X ≤ 14; 2μ)] for ln μ = ln 10 + s·T₂, by SciPy's quad
    // over the t density: s = 0.1: 0.121585 and 0.150247; s = 0.3: 0.221646 and 0.252563.
    for (const [scale, fp, fn] of [
      [0.1, 0.1215850207276577, 0.15024705236241445],
      [0.3, 0.22164624444286782, 0.2525627839959788],
    ] as const) {
      const c = verdictConfidence(point(10, scale), oc, lesion);
      assert.ok(c.positive <= 1 - fp + 1e-12, `s ${scale}: positive ${c.positive} above 1 − ${fp}`);
      assert.ok(c.positive >= 1 - fp - 0.005, `s ${scale}: positive ${c.positive} far below 1 − ${fp}`);
      assert.ok(c.negative <= 1 - fn + 1e-12, `s ${scale}: negative ${c.negative} above 1 − ${fn}`);
      assert.ok(c.negative >= 1 - fn - 0.005, `s ${scale}: negative ${c.negative} far below 1 − ${fn}`);
    }
  });

  test('a wide predictive (s = 3, t with 2 df): the tails beyond ±8 scales count as errors', () => {
    // P(T₂ > 8) = ½ − 8/(2√66) = 0.007627 (closed form of the t CDF with 2 df). Beyond +8 scales
    // (λ > 10·e^24) a normal site is surely called positive; below −8 scales (μ < 10·e^-24) a lesion
    // surely missed: each error is at least that tail, so each confidence at most 1 − 0.007627.
    const tail = 0.5 - 8 / (2 * Math.sqrt(66));
    const c = verdictConfidence(point(10, 3), oc, lesion);
    assert.ok(c.positive <= 1 - tail && c.negative <= 1 - tail, `${c.positive}, ${c.negative}`);
    // P(T₂ ≤ t) = ½ + t/(2√(2 + t²)); with s = 3, 15 counts (λ ≈ 15 ± 4) sit near t = ln 1.5/3 = 0.135,
    // so about half the normal sites are called positive and half the lesions missed: each confidence
    // lies within 0.1 of ½ − 0.135/(2√2) ≈ 0.45 (a crude bound for the wide spread).
    near(c.positive, 0.5 - 0.135 / (2 * Math.sqrt(2)), 0.1, 'positive');
    near(c.negative, 0.5 - Math.log(2 / 1.5) / 3 / (2 * Math.sqrt(2)), 0.1, 'negative');
  });

  test('the statement is the worst over the class of predictives', () => {
    const tight = point(10, 0.1);
    const wide = point(10, 0.3);
    const a = verdictConfidence(tight, oc, lesion);
    const b = verdictConfidence(wide, oc, lesion);
    // A predictive with a low new site and a high mean: good for positives, bad for negatives.
    const mixed: RatePredictive = { ...point(5), meanLogLocation: Math.log(5) };
    const m = verdictConfidence(mixed, oc, lesion);
    const both = verdictConfidence([tight, wide, mixed], oc, lesion);
    assert.equal(both.positive, Math.min(a.positive, b.positive, m.positive));
    assert.equal(both.negative, Math.min(a.negative, b.negative, m.negative));
    assert.ok(m.positive > a.positive && m.negative < a.negative, 'the minima come from different members');
    assert.equal(both.positive, b.positive);
    assert.equal(both.negative, m.negative);
  });

  test('only a predictive without any spread reads the exact value (exactAt)', () => {
    const seen: string[] = [];
    const spy: OperatingCharacteristic = {
      positiveAt: (r) => {
        seen.push(`grid+${r}`);
        return 0.1;
      },
      negativeAt: (r) => {
        seen.push(`grid-${r}`);
        return 0.2;
      },
      exactAt: (r) => {
        seen.push(`exact${r.toFixed(6)}`);
        return { positive: 0.03, negative: 0.04 };
      },
    };
    // Both scales 0: exact at the new site's rate and at the lesion's rate (2 × the mean).
    const c = verdictConfidence({ ...point(10), meanLogLocation: Math.log(20) }, spy, lesion);
    assert.deepEqual(c, { positive: 0.97, negative: 0.96 });
    assert.deepEqual(seen, ['exact10.000000', 'exact40.000000']);
    // One scale not 0: that side is averaged over its predictive (expectMonotone), never exact. With a
    // constant curve the average is the constant, except beyond ±8 scales, where an error is taken as
    // sure: P(T₂ > 8) = ½ − 8/(2√66) = 0.007627 (closed-form t CDF, 2 df). New-site spread: P(positive)
    // = 0.1·(1 − tail) + tail; mean spread: P(negative) = tail + 0.2·(1 − tail).
    const tail = 0.5 - 8 / (2 * Math.sqrt(66));
    seen.length = 0;
    const newSite = verdictConfidence({ ...point(10), newSiteLogScale: 0.2 }, spy, lesion);
    near(newSite.positive, 1 - (0.1 * (1 - tail) + tail), 1e-9, 'positive, new-site spread');
    near(newSite.negative, 0.8, 1e-12, 'negative, no spread of the mean');
    seen.length = 0;
    const mean = verdictConfidence({ ...point(10), meanLogScale: 0.2 }, spy, lesion);
    near(mean.positive, 0.9, 1e-12, 'positive, no new-site spread');
    near(mean.negative, 1 - (tail + 0.2 * (1 - tail)), 1e-9, 'negative, spread of the mean');
    assert.ok(!seen.some((s) => s.startsWith('exact')), seen.join(' '));
  });

  test('confidences are clamped to [0, 1]', () => {
    const wild: OperatingCharacteristic = {
      positiveAt: () => 1.5,
      negativeAt: () => -0.5,
      exactAt: () => ({ positive: -0.5, negative: 1.5 }),
    };
    assert.deepEqual(verdictConfidence(point(10), wild, lesion), { positive: 1, negative: 0 });
    const spread = verdictConfidence(point(10, 0.2), wild, lesion);
    // E of 1.5 is capped at 1 (confidence 0); E of −0.5 over the bins plus 1 beyond the lower end: the
    // confidence stays ≤ 1.
    assert.equal(spread.positive, 0);
    assert.ok(spread.negative <= 1 && spread.negative >= 0);
  });
});

describe('the SPRT operating characteristic', () => {
  // An SPRT that always decides on its first 1 s frame: H0 10 cps, H1 20 cps, z = x·ln 2 − 10;
  // x = 15 gives 0.397 ≥ 0.3 (positive), x = 14 gives −0.296 ≤ −0.2 (negative). So P(positive) at a
  // true rate λ is exactly the Poisson tail P(X ≥ 15; λ).
  const h = { rate0Cps: 10, rate1Cps: 20, alpha: 0.05, beta: 0.05 };
  const b = { upper: 0.3, lower: -0.2 };

  test('exact at a rate: the Poisson tails (SciPy: P(X ≥ 15; 10) = 0.083458)', () => {
    const oc = new SprtOperatingCharacteristic(h, b, 1);
    const at10 = oc.exactAt(10);
    near(at10.positive, 1 - 0.9165415270653372, 1e-9, 'positive at 10');
    near(at10.negative, 0.9165415270653372, 1e-9, 'negative at 10');
    near(oc.exactAt(20).negative, 0.10486428110798468, 1e-9, 'negative at 20');
  });

  test('between grid points (0.5 % in rate) it reads the conservative neighbour', () => {
    const oc = new SprtOperatingCharacteristic(h, b, 1);
    // 12 cps lies between grid points 36 and 37 (ln 1.2/ln 1.005 = 36.555): P(positive) is read at
    // 10·1.005^37, P(negative) at 10·1.005^36 (SciPy: 0.230391 and 0.775020).
    near(oc.positiveAt(12), 0.23039135778807066, 1e-9, 'positive at 12');
    near(oc.negativeAt(12), 0.7750199416229208, 1e-9, 'negative at 12');
    assert.ok(oc.positiveAt(12) > 1 - poissonCdf(14, 12), 'an upper bound');
    assert.ok(oc.negativeAt(12) > poissonCdf(14, 12), 'an upper bound');
    // On a grid point (10·1.005^5) both read that point (SciPy: 0.097275 and 0.902725).
    const onGrid = 10 * Math.exp(5 * Math.log(1.005));
    near(oc.positiveAt(onGrid), 0.09727482748435311, 1e-9, 'positive on the grid');
    near(oc.negativeAt(onGrid), 0.9027251725156469, 1e-9, 'negative on the grid');
    // No rate, or none at all: never positive, always negative.
    assert.equal(oc.positiveAt(0), 0);
    assert.equal(oc.positiveAt(Number.NaN), 0);
    assert.equal(oc.negativeAt(0), 1);
    assert.equal(oc.negativeAt(-3), 1);
    // Far out the grid is clamped (±1600 steps: ×/÷ 2900), where the tails are 1 and 0 to double precision.
    assert.equal(oc.positiveAt(1e12), 1);
    assert.equal(oc.negativeAt(1e-12), 1);
  });

  test('probability still undecided when the computation stops counts as an error both ways', () => {
    // Frames of 0.1 ms, lower boundary −50: the log-likelihood ratio falls at most 10 per second, and the
    // computation stops after 20 000 frames (2 s), so it never reaches −50: P(negative) = 0 and P(positive)
    // + P(undecided) = 1. One count adds ln 2 = 0.693, so a count in frame n ≤ 393 (0.693 − n·0.001 ≥ 0.3)
    // is positive at once; after that a second count must follow while 1.386 − n·0.001 ≥ 0.3 (n ≤ 1086).
    // At λ = 0.01 cps: P(positive) = 1 − e^{−λ·0.0393} + λ²·(0.1086 − 0.0393)²/2 (three counts: ~1e-11),
    // so both "errors" are read as P(positive) + P(undecided) = 1 and P(undecided) = 0.9996068.
    const slow = new SprtOperatingCharacteristic(h, { upper: 0.3, lower: -50 }, 1e-4);
    const at = slow.exactAt(0.01);
    near(at.positive, 1, 1e-9, 'positive + undecided');
    near(at.negative, Math.exp(-0.01 * 0.0393) - (0.01 ** 2 * 0.0693 ** 2) / 2, 1e-9, 'undecided');
    // The guards for no rate matter here: the grid's lowest point (10 cps/1.005^1600) is still undecided
    // (read as 1 for positive) and a little positive (not quite 1 for negative).
    assert.equal(slow.positiveAt(0), 0);
    assert.equal(slow.negativeAt(0), 1);
  });

  test('curves are remembered by their configuration, up to 512', () => {
    const first = sprtCharacteristic(h, b, 1);
    assert.equal(sprtCharacteristic({ ...h }, { ...b }, 1), first);
    const changed = [
      sprtCharacteristic({ ...h, rate0Cps: 11 }, b, 1),
      sprtCharacteristic({ ...h, rate1Cps: 21 }, b, 1),
      sprtCharacteristic({ ...h, alpha: 0.04 }, b, 1),
      sprtCharacteristic({ ...h, beta: 0.04 }, b, 1),
      sprtCharacteristic(h, { ...b, upper: 0.31 }, 1),
      sprtCharacteristic(h, { ...b, lower: -0.21 }, 1),
      sprtCharacteristic(h, b, 0.5),
    ];
    assert.equal(new Set([first, ...changed]).size, 8, 'each field is part of the key');
    // 8 entries now; 504 more fill the memo to 512 and keep the first.
    for (let i = 0; i < 504; i++) sprtCharacteristic({ ...h, rate1Cps: 30 + i }, b, 1);
    assert.equal(sprtCharacteristic(h, b, 1), first, 'still remembered at 512 entries');
    // One more pushes out the oldest (the first).
    sprtCharacteristic({ ...h, rate1Cps: 1000 }, b, 1);
    assert.notEqual(sprtCharacteristic(h, b, 1), first, 'the oldest is dropped past 512');
    // The memoised curve computes the same as a new one.
    near(sprtCharacteristic(h, b, 1).positiveAt(12), 0.23039135778807066, 1e-9, 'memo value');
  });
});
