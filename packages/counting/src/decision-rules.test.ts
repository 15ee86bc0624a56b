// The decision rules (decision-rules.ts): what the surgeon is told, with its confidence. Expected values
// are worked by hand in the comments or taken from SciPy 1.17 (scipy.stats.poisson, scipy.stats.norm,
// scipy.stats.t; an implementation independent of @openrgs/numeric), never from the code under test.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BackgroundModel, buildBackgroundModel } from './background-model.js';
import {
  beyondReach,
  createRule,
  DEFAULT_ADAPTIVE_THRESHOLD_SHARE,
  type DecisionConfig,
  type RuleContext,
  sequentialHypotheses,
  snapToGrid,
  validateDecisionConfig,
} from './decision-rules.js';
import type { SprtHypotheses } from './sprt.js';
import { type CalibratedSprt, SprtCalibrationCache } from './sprt-calibration.js';

const near = (actual: number | null | undefined, expected: number, tol: number, what: string) =>
  assert.ok(
    actual !== null && actual !== undefined && Math.abs(actual - expected) <= tol,
    `${what}: ${actual} vs ${expected} (±${tol})`,
  );

function known(rateCps: number): BackgroundModel {
  const r = buildBackgroundModel({ kind: 'known', rateCps });
  if (!r.ok) throw new Error('background');
  return r.value;
}
function sites(counts: number[], seconds = 10): BackgroundModel {
  const r = buildBackgroundModel({
    kind: 'sites',
    sites: counts.map((c, i) => ({ siteLabel: `B${i + 1}`, counts: c, durationSeconds: seconds })),
  });
  if (!r.ok) throw new Error('background');
  return r.value;
}

/** A calibration cache that hands out fixed boundaries (and records what it was asked). */
class FixedCalibrations extends SprtCalibrationCache {
  readonly asked: Array<{ hypotheses: SprtHypotheses; frameSeconds: number }> = [];
  constructor(private readonly boundaries: { upper: number; lower: number }) {
    super();
  }
  override get(hypotheses: SprtHypotheses, frameSeconds: number): CalibratedSprt {
    this.asked.push({ hypotheses, frameSeconds });
    return {
      boundaries: this.boundaries,
      waldBoundaries: this.boundaries,
      achievedAlpha: 0.0123,
      achievedBeta: 0.0456,
      expectedSecondsH0: 1,
      expectedSecondsH1: 1,
      frameSeconds,
    };
  }
}

const base = { ratio: 1.5, alpha: 0.05, beta: 0.05 };

describe('decision config validation', () => {
  const problem = (c: Partial<DecisionConfig>) =>
    validateDecisionConfig({ rule: 'sprt', ...base, ...c } as DecisionConfig);
  test('each refusal names the problem', () => {
    assert.equal(problem({}), null);
    assert.equal(
      problem({ rule: 'magic' as DecisionConfig['rule'] }),
      "unknown rule 'magic' (one of sprt, adaptive, ratio, k-sigma, currie, fixed)",
    );
    assert.equal(problem({ ratio: 1 }), 'ratio must be > 1, got 1');
    assert.equal(problem({ ratio: Number.POSITIVE_INFINITY }), 'ratio must be > 1, got Infinity');
    assert.equal(problem({ ratio: Number.NaN }), 'ratio must be > 1, got NaN');
    assert.equal(problem({ alpha: 0 }), 'alpha must be in (0, 0.5), got 0');
    assert.equal(problem({ alpha: 0.5 }), 'alpha must be in (0, 0.5), got 0.5');
    assert.equal(problem({ alpha: 0.49 }), null);
    assert.equal(problem({ beta: 0 }), 'beta must be in (0, 0.5), got 0');
    assert.equal(problem({ beta: 0.5 }), 'beta must be in (0, 0.5), got 0.5');
    assert.equal(problem({ beta: 0.49 }), null);
    assert.equal(
      problem({ rule: 'k-sigma', countSeconds: 1 }),
      'rule k-sigma needs kSigma > 0, got undefined',
    );
    assert.equal(
      problem({ rule: 'k-sigma', countSeconds: 1, kSigma: 0 }),
      'rule k-sigma needs kSigma > 0, got 0',
    );
    assert.equal(problem({ rule: 'k-sigma', countSeconds: 1, kSigma: 3 }), null);
    assert.equal(
      problem({ rule: 'k-sigma', kSigma: 3 }),
      'rule k-sigma needs a counting time countSeconds > 0, got undefined',
    );
    assert.equal(
      problem({ rule: 'ratio', countSeconds: 0 }),
      'rule ratio needs a counting time countSeconds > 0, got 0',
    );
    assert.equal(problem({ rule: 'ratio', countSeconds: 1 }), null);
    assert.equal(problem({ rule: 'currie' }), null, 'Currie finds its own counting time');
    assert.equal(problem({ adaptiveThresholdShare: 0 }), 'adaptiveThresholdShare must be in (0, 1), got 0');
    assert.equal(problem({ adaptiveThresholdShare: 1 }), 'adaptiveThresholdShare must be in (0, 1), got 1');
    assert.equal(problem({ adaptiveThresholdShare: 0.99 }), null);
  });

  test('createRule refuses a bad config with that message', () => {
    const context = {
      background: known(100),
      frameSeconds: 0.1,
      deadTime: null,
      calibrations: new SprtCalibrationCache(),
    };
    assert.throws(() => createRule({ rule: 'sprt', ...base, alpha: 0.7 }, context), {
      name: 'RangeError',
      message: 'alpha must be in (0, 0.5), got 0.7',
    });
    // A problem nothing further down would notice: a ratio rule without its counting time.
    assert.throws(() => createRule({ rule: 'ratio', ...base }, context), {
      name: 'RangeError',
      message: 'rule ratio needs a counting time countSeconds > 0, got undefined',
    });
  });
});

describe('hypothesis grid', () => {
  test('snapToGrid: the nearest (1 + step)^k', () => {
    // ln 50 / ln 1.01 = 393.16: k = 393.
    near(snapToGrid(50, 0.01), 1.01 ** 393, 1e-9, '50 on a 1 % grid');
    near(snapToGrid(1, 0.01), 1, 1e-15, '1');
    // ln 0.5 / ln 1.1 = −7.27: k = −7.
    near(snapToGrid(0.5, 0.1), 1.1 ** -7, 1e-12, '0.5 on a 10 % grid');
  });
});

describe('fixed-time rules on a known background of 100 cps', () => {
  const context = (extra: Partial<RuleContext> = {}): RuleContext => ({
    background: known(100),
    frameSeconds: 0.1,
    deadTime: null,
    calibrations: new SprtCalibrationCache(),
    ...extra,
  });

  test('ratio 1.5 after 1 s: 150 counts positive, 149 negative; confidence from Poisson tails at 100 and 150 cps', () => {
    const config: DecisionConfig = { rule: 'ratio', ...base, countSeconds: 1 };
    const pos = createRule(config, context());
    assert.equal(pos.plannedSeconds, 1);
    pos.push(60, 0.4);
    assert.equal(pos.verdict(), 'undecided');
    const waiting = pos.decision();
    assert.equal(waiting.verdict, 'undecided');
    near(waiting.holdStillSeconds, 0.6, 1e-12, 'hold still');
    assert.equal(waiting.confidence, null);
    assert.equal(waiting.decisionSeconds, null);
    assert.deepEqual(waiting.numbers, { counts: 60, seconds: 0.4, countSeconds: 1 });
    pos.push(90, 0.6);
    assert.equal(pos.verdict(), 'positive');
    const d = pos.decision();
    // Critical count 150: P(normal called positive) = P(X ≥ 150; 100); the confidence is
    // P(X ≤ 149; 100) = 0.999998116 (SciPy).
    near(d.confidence, 0.999998115789534, 1e-9, 'positive confidence');
    assert.equal(d.decisionSeconds, 1);
    assert.equal(d.holdStillSeconds, null);
    assert.deepEqual(d.numbers, { counts: 150, seconds: 1, countSeconds: 1, ratioCutoff: 1.5 });
    // Later frames do not change a fixed-time verdict or the counts it rests on.
    pos.push(0, 1);
    assert.equal(pos.decision().verdict, 'positive');
    assert.deepEqual(pos.decision().numbers, d.numbers);
    const neg = createRule(config, context());
    neg.push(149, 1);
    const n = neg.decision();
    assert.equal(n.verdict, 'negative');
    // A lesion at T/B 1.5 (150 cps) is called negative with P(X ≤ 149; 150): confidence P(X ≥ 150; 150)
    // = 0.510858 (SciPy) — a ratio cut-off at the lesion's own rate misses half of them.
    near(n.confidence, 0.5108582297493597, 1e-9, 'negative confidence');
  });

  test('ratio with dead time (non-paralysable 1 ms): the T/B of true rates', () => {
    // Background shown 100 cps → true 100/(1 − 0.1) = 111.11 cps; T/B 1.5 → true 166.67 cps, shown
    // 166.67/(1 + 0.16667) = 142.857 cps. So 143 counts in 1 s are positive, 142 negative (without the
    // correction it would take 150).
    const deadTime = { model: 'non-paralysable' as const, deadTimeSeconds: 1e-3 };
    const config: DecisionConfig = { rule: 'ratio', ...base, countSeconds: 1 };
    const pos = createRule(config, context({ deadTime }));
    pos.push(143, 1);
    assert.equal(pos.verdict(), 'positive');
    // Confidence: P(X ≤ 142; 100) = 0.99996939 (normal tissue, as shown) (SciPy).
    near(pos.decision().confidence, 0.9999693876137398, 1e-9, 'positive confidence');
    const neg = createRule(config, context({ deadTime }));
    neg.push(142, 1);
    assert.equal(neg.verdict(), 'negative');
    // The lesion as the probe shows it, 142.857 cps: P(X ≥ 143; 142.857) = 0.506355 (SciPy).
    near(neg.decision().confidence, 0.5063554543530332, 1e-9, 'negative confidence');
    // A rate the detector cannot show (≥ 1/τ = 1000 cps) is hot, not cold.
    const sat = createRule(config, context({ deadTime }));
    sat.push(1000, 1);
    assert.equal(sat.verdict(), 'positive');
  });

  test('k-sigma 3 after 1 s: the limit 100 + 3·√100 = 130; positive only above it', () => {
    const config: DecisionConfig = { rule: 'k-sigma', ...base, kSigma: 3, countSeconds: 1 };
    const pos = createRule(config, context());
    pos.push(131, 1);
    const d = pos.decision();
    assert.equal(d.verdict, 'positive');
    assert.deepEqual(d.numbers, {
      counts: 131,
      seconds: 1,
      countSeconds: 1,
      kSigma: 3,
      limitCounts: 130,
      sdCounts: 10,
    });
    // Critical count 131: P(X ≤ 130; 100) = 0.998293 (SciPy).
    near(d.confidence, 0.9982931596294986, 1e-9, 'positive confidence');
    const neg = createRule(config, context());
    neg.push(130, 1);
    assert.equal(neg.verdict(), 'negative');
    // The lesion at 150 cps: P(X ≥ 131; 150) = 0.946817 (SciPy).
    near(neg.decision().confidence, 0.9468171946500079, 1e-9, 'negative confidence');
  });

  test('Currie, paired blank, α = β = 5 %: count time from L_D = z² + 2·z·√(2B) (Currie 1968, eq. for α = β)', () => {
    // With z = 1.644854 (normal table) and B = 100·t, (2 − 1)·B = L_D(B): √B = (a + √(a² + 4z²))/2,
    // a = 2z√2, so B = 26.78212 counts, t = 0.2678212 s. L_C = z·√(2B) = 12.03829; a site is positive when
    // its net counts exceed it: 39 counts (net 12.22) positive, 38 (net 11.22) negative.
    const config: DecisionConfig = { rule: 'currie', ratio: 2, alpha: 0.05, beta: 0.05 };
    const pos = createRule(config, context());
    near(pos.plannedSeconds, 0.26782119149398825, 1e-9, 'counting time');
    const t = pos.plannedSeconds ?? 0;
    pos.push(39, t);
    const d = pos.decision();
    assert.equal(d.verdict, 'positive');
    near(d.numbers.netCounts, 39 - 26.782119149398827, 1e-6, 'net counts');
    near(d.numbers.criticalCounts, 12.03828784765171, 1e-6, 'L_C');
    near(d.numbers.detectionLimitCounts, 26.78211914939883, 1e-6, 'L_D');
    assert.match(d.evidence, /Currie paired blank/);
    // Critical count 39: confidence P(X ≤ 38; 26.782) = 0.984373 (SciPy).
    near(d.confidence, 0.9843734558435138, 1e-6, 'positive confidence');
    const neg = createRule(config, context());
    neg.push(38, t);
    assert.equal(neg.verdict(), 'negative');
    // The lesion (53.564 counts expected): P(X ≥ 39; 53.564) = 0.983990 (SciPy).
    near(neg.decision().confidence, 0.9839903013485269, 1e-6, 'negative confidence');
  });

  test('Currie, well-known blank: L_C = z·√B, B = 15.76906 counts (t = 0.1576906 s), 23 counts positive', () => {
    // √B = (a + √(a² + 4z²))/2 with a = 2z: B = 15.76906; L_C = z·√B = 6.53176; 23 − B = 7.23 > L_C.
    const config: DecisionConfig = {
      rule: 'currie',
      ratio: 2,
      alpha: 0.05,
      beta: 0.05,
      currieBlank: 'well-known',
    };
    const pos = createRule(config, context());
    near(pos.plannedSeconds, 0.15769062855029203, 1e-9, 'counting time');
    const t = pos.plannedSeconds ?? 0;
    pos.push(23, t);
    assert.equal(pos.verdict(), 'positive');
    near(pos.decision().numbers.criticalCounts, 6.531759700466895, 1e-6, 'L_C');
    assert.match(pos.decision().evidence, /Currie well-known blank/);
    near(pos.decision().confidence, 0.9486085700267104, 1e-6, 'positive confidence (P(X ≤ 22; 15.769))');
    const neg = createRule(config, context());
    neg.push(22, t);
    assert.equal(neg.verdict(), 'negative');
    near(neg.decision().confidence, 0.9521178999049332, 1e-6, 'negative confidence (P(X ≥ 23; 31.538))');
  });

  test('matched fixed time, T/B 1.5, 0.1 s frames: 6 frames, 74 counts (smallest such test, found by search in SciPy)', () => {
    // The shortest whole number of frames n with a count c such that P(X ≥ c; 100·0.1n) ≤ 5 % and
    // P(X < c; 150·0.1n) ≤ 5 %: n = 6 (0.6 s), c = 74.
    const config: DecisionConfig = { rule: 'fixed', ...base };
    const pos = createRule(config, context());
    near(pos.plannedSeconds, 0.6, 1e-9, 'counting time');
    for (let i = 0; i < 6; i++) pos.push(i === 5 ? 14 : 12, 0.1); // 74 counts in 0.6 s
    const d = pos.decision();
    assert.equal(d.verdict, 'positive');
    near(d.numbers.criticalCounts, 74, 1e-9, 'critical count');
    // P(X ≤ 73; 60) = 0.955787; a lesion: P(X ≥ 74; 90) = 0.962359 (SciPy).
    near(d.confidence, 0.9557868618016582, 1e-9, 'positive confidence');
    const neg = createRule(config, context());
    for (let i = 0; i < 6; i++) neg.push(i === 5 ? 13 : 12, 0.1); // 73
    assert.equal(neg.verdict(), 'negative');
    near(neg.decision().confidence, 0.9623588088977415, 1e-9, 'negative confidence');
    // One longer frame (1.2 s, twice the plan): the critical count scales with the time, 148.
    const long = createRule(config, context());
    long.push(100, 1.2);
    assert.equal(long.verdict(), 'negative');
    near(long.decision().numbers.criticalCounts, 148, 1e-9, 'critical count for 1.2 s');
  });

  test('frames that add up to the counting time within rounding (10 × 0.1 s) reach it', () => {
    const rule = createRule({ rule: 'ratio', ...base, countSeconds: 1 }, context());
    for (let i = 0; i < 10; i++) rule.push(15, 0.1);
    assert.equal(rule.verdict(), 'positive');
    // One frame short of it (by 1e-6 s) is not there yet.
    const short = createRule({ rule: 'ratio', ...base, countSeconds: 1 }, context());
    short.push(150, 1 - 1e-6);
    assert.equal(short.verdict(), 'undecided');
    near(short.decision().holdStillSeconds, 1e-6, 1e-12, 'hold still');
    // Exactly at the tolerance (1 − 1e-9 of the counting time) counts as reached.
    const edge = createRule({ rule: 'ratio', ...base, countSeconds: 1 }, context());
    edge.push(150, 1 - 1e-9);
    assert.equal(edge.verdict(), 'positive');
  });
});

describe('k-sigma with background sites: Poisson, between-site spread and the uncertainty of the mean', () => {
  test('known 100 cps, 2 s: expected 200 counts, σ = √200 = 14.142, limit 242.426', () => {
    const context = {
      background: known(100),
      frameSeconds: 0.1,
      deadTime: null,
      calibrations: new SprtCalibrationCache(),
    };
    const rule = createRule({ rule: 'k-sigma', ...base, kSigma: 3, countSeconds: 2 }, context);
    rule.push(242, 2);
    assert.equal(rule.verdict(), 'negative');
    near(rule.decision().numbers.limitCounts, 200 + 3 * Math.sqrt(200), 1e-9, 'limit');
  });
  test('three sites of 1000 counts in 10 s, 2 s: σ² = 200 + 2²·100²/3000 = 213.33, limit 243.818', () => {
    const context = {
      background: sites([1000, 1000, 1000]),
      frameSeconds: 0.1,
      deadTime: null,
      calibrations: new SprtCalibrationCache(),
    };
    const rule = createRule({ rule: 'k-sigma', ...base, kSigma: 3, countSeconds: 2 }, context);
    rule.push(244, 2);
    assert.equal(rule.verdict(), 'positive');
    near(rule.decision().numbers.sdCounts, Math.sqrt(200 + (4 * 100 ** 2) / 3000), 1e-9, 'sd');
  });
  test('three sites of 1000 counts in 10 s: σ² = 100 + 100²/3000, limit 130.496', () => {
    // Mean 100 cps, no spread (τ = 0), the mean known as well as 3000 counts: in 1 s
    // σ² = 100 + 1²·(0 + 100²/3000) = 103.333, σ = 10.16530, limit 100 + 3σ = 130.4959.
    const context = {
      background: sites([1000, 1000, 1000]),
      frameSeconds: 0.1,
      deadTime: null,
      calibrations: new SprtCalibrationCache(),
    };
    const rule = createRule({ rule: 'k-sigma', ...base, kSigma: 3, countSeconds: 1 }, context);
    rule.push(130, 1);
    assert.equal(rule.verdict(), 'negative');
    near(rule.decision().numbers.limitCounts, 130.4959013639538, 1e-9, 'limit');
    near(rule.decision().numbers.sdCounts, 10.16530045465127, 1e-9, 'sd');
  });
  test('100, 200, 400 counts in 10 s: τ² = 231, 7 equivalent counts (background-model.test.ts), limit 78.005', () => {
    // σ² = 23.333 + 231 + 23.333²/7 = 332.11, σ = 18.22392, limit 23.333 + 3σ = 78.00508.
    const context = {
      background: sites([100, 200, 400]),
      frameSeconds: 0.1,
      deadTime: null,
      calibrations: new SprtCalibrationCache(),
    };
    const rule = createRule({ rule: 'k-sigma', ...base, kSigma: 3, countSeconds: 1 }, context);
    rule.push(79, 1);
    assert.equal(rule.verdict(), 'positive');
    near(rule.decision().numbers.limitCounts, 78.00508106467991, 1e-6, 'limit');
    near(rule.decision().numbers.sdCounts, 18.22391591044886, 1e-6, 'sd');
  });
});

describe('sequential rules (boundaries fixed, so that every count decides on the first 1 s frame)', () => {
  // Known background 10 cps, T/B 2, a grid fine enough to test these rates: H0 10, H1 20 cps,
  // z = x·ln 2 − 10 per 1 s frame; boundaries 0.3 and −0.2: 15 counts → z = 0.397, positive; 14 → −0.296,
  // negative. The confidence of a positive is P(X ≤ 14; 10) = 0.916542, of a negative P(X ≥ 15; 20) =
  // 0.895136 (SciPy).
  const context = (calibrations: SprtCalibrationCache): RuleContext => ({
    background: known(10),
    frameSeconds: 1,
    deadTime: null,
    calibrations,
    hypothesisGrid: 1e-9,
  });
  const config: DecisionConfig = { rule: 'sprt', ratio: 2, alpha: 0.05, beta: 0.05 };

  test('a positive, its numbers and its confidence', () => {
    const calibrations = new FixedCalibrations({ upper: 0.3, lower: -0.2 });
    const rule = createRule(config, context(calibrations));
    assert.equal(rule.plannedSeconds, null);
    assert.equal(calibrations.asked.length, 1);
    near(calibrations.asked[0]?.hypotheses.rate0Cps, 10, 1e-7, 'H0 asked');
    near(calibrations.asked[0]?.hypotheses.rate1Cps, 20, 1e-7, 'H1 asked');
    assert.equal(calibrations.asked[0]?.frameSeconds, 1);
    const waiting = rule.decision();
    assert.equal(waiting.verdict, 'undecided');
    assert.equal(waiting.confidence, null);
    assert.ok((waiting.holdStillSeconds ?? 0) > 0, 'says how long to hold still');
    rule.push(15, 1);
    assert.equal(rule.verdict(), 'positive');
    const d = rule.decision();
    assert.equal(d.decisionSeconds, 1);
    assert.equal(d.holdStillSeconds, null);
    near(d.confidence, 0.9165415270653372, 1e-7, 'positive confidence');
    near(d.numbers.logLikelihoodRatio, 15 * Math.LN2 - 10, 1e-6, 'llr');
    assert.equal(d.numbers.upperBoundary, 0.3);
    assert.equal(d.numbers.lowerBoundary, -0.2);
    near(d.numbers.rate0Cps, 10, 1e-7, 'rate0');
    near(d.numbers.rate1Cps, 20, 1e-7, 'rate1');
    assert.equal(d.numbers.thresholdCps, null, 'no normal-tissue limit for the plain SPRT');
    assert.equal(d.numbers.achievedAlpha, 0.0123);
    assert.equal(d.numbers.achievedBeta, 0.0456);
    assert.equal(d.numbers.counts, 15);
    assert.equal(d.numbers.seconds, 1);
  });

  test('a negative and its confidence', () => {
    const rule = createRule(config, context(new FixedCalibrations({ upper: 0.3, lower: -0.2 })));
    rule.push(14, 1);
    assert.equal(rule.verdict(), 'negative');
    near(rule.decision().confidence, 0.8951357188920153, 1e-7, 'negative confidence');
  });

  test('with dead time the lesion’s rate is the one the probe would show', () => {
    // Non-paralysable 10 ms: background shown 10 cps is true 10/(1 − 0.1) = 11.111; T/B 2 → 22.222 true,
    // shown 22.222/(1 + 0.22222) = 18.182 cps: H1 18.182, not 20.
    const calibrations = new FixedCalibrations({ upper: 0.3, lower: -0.2 });
    createRule(config, {
      ...context(calibrations),
      deadTime: { model: 'non-paralysable', deadTimeSeconds: 0.01 },
    });
    near(calibrations.asked[0]?.hypotheses.rate1Cps, 200 / 11, 1e-6, 'H1 with dead time');
    // A background the detector cannot show (≥ 1/τ): the ratio is applied to the rate as shown.
    const h = sequentialHypotheses(config, {
      background: known(150),
      deadTime: { model: 'non-paralysable', deadTimeSeconds: 0.01 },
      hypothesisGrid: 1e-9,
    });
    near(h.hypotheses.rate1Cps, 300, 1e-5, 'H1 when the background cannot be corrected');
  });
});

describe('the adaptive rule: sequential test against the patient’s normal-tissue limit', () => {
  // 100, 200, 400 counts in 10 s: ȳ = 2.998643, s = 0.691278 on 2 df (ln((c + ½)/10)); the limit is
  // exp(ȳ + t(1 − α·share; 2)·s·√(4/3)): at α = 5 %, share 0.85, t(0.9575; 2) = 3.207320 → 259.508 cps;
  // share 0.5, t(0.975; 2) = 4.302653 → 622.102 cps (SciPy).
  const bg = sites([100, 200, 400]);
  const context = { background: bg, deadTime: null, hypothesisGrid: 1e-9 };

  test('H0 is the limit, the test spends α·(1 − share)', () => {
    assert.equal(DEFAULT_ADAPTIVE_THRESHOLD_SHARE, 0.85);
    const h = sequentialHypotheses({ rule: 'adaptive', ratio: 30, alpha: 0.05, beta: 0.05 }, context);
    near(h.thresholdCps, 259.50802070715105, 1e-6, 'limit');
    near(h.hypotheses.rate0Cps, 259.50802070715105, 1e-5, 'H0');
    near(h.hypotheses.rate1Cps, 30 * bg.meanCps, 1e-4, 'H1 = T/B 30 × the mean');
    near(h.hypotheses.alpha, 0.05 * 0.15, 1e-15, 'alpha');
    assert.equal(h.hypotheses.beta, 0.05);
    assert.equal(h.note, null);
    const half = sequentialHypotheses(
      { rule: 'adaptive', ratio: 30, alpha: 0.05, beta: 0.05, adaptiveThresholdShare: 0.5 },
      context,
    );
    near(half.thresholdCps, 622.101675648051, 1e-5, 'limit at share 0.5');
    near(half.hypotheses.alpha, 0.025, 1e-15, 'alpha at share 0.5');
  });

  test('a T/B below 1.2 × the limit is tested as 1.2 × the limit, and the note says so', () => {
    const h = sequentialHypotheses({ rule: 'adaptive', ratio: 1.5, alpha: 0.05, beta: 0.05 }, context);
    near(h.hypotheses.rate1Cps / h.hypotheses.rate0Cps, 1.2, 1e-8, 'H1/H0');
    // 259.508/23.333 = 11.12; 1.2 × that = 13.35.
    assert.equal(
      h.note,
      'normal tissue here reaches T/B 11.12, so T/B 1.5 cannot be told from it; testing against T/B 13.35',
    );
  });

  test('a T/B just above the limit but below 1.2 × it (known 100 cps, T/B 1.1) is raised to 1.2 × the limit', () => {
    // Known background: the limit is the rate itself, 100 cps; T/B 1.1 → 110 cps, between 100/1.2 = 83.3 and
    // 1.2 × 100 = 120, so it is raised to 120 cps (T/B 1.20) and the note says why.
    const h = sequentialHypotheses(
      { rule: 'adaptive', ratio: 1.1, alpha: 0.05, beta: 0.05 },
      { background: known(100), deadTime: null, hypothesisGrid: 1e-9 },
    );
    near(h.hypotheses.rate1Cps, 120, 1e-6, 'H1');
    assert.equal(
      h.note,
      'normal tissue here reaches T/B 1.00, so T/B 1.1 cannot be told from it; testing against T/B 1.20',
    );
  });

  test('a T/B exactly 1.2 × the limit needs no raising and no note', () => {
    // Known background: the limit is the rate itself, so T/B 1.2 is exactly 1.2 × the limit.
    const h = sequentialHypotheses(
      { rule: 'adaptive', ratio: 1.2, alpha: 0.05, beta: 0.05 },
      { background: known(100), deadTime: null, hypothesisGrid: 1e-9 },
    );
    assert.equal(h.note, null);
    near(h.hypotheses.rate1Cps, 120, 1e-6, 'H1');
  });

  test('H0 is never below the mean (a limit under the mean, e.g. identical sites: the mean)', () => {
    // Three identical sites: s = 0, so the limit is exp(ȳ) = 100.05 cps for 1000.5/10, above the mean 100.
    // With a 20 % spread in the other direction the limit cannot fall below the mean: take sites whose
    // ln-mean lies below the mean rate.
    const same = sites([1000, 1000, 1000]);
    const h = sequentialHypotheses(
      { rule: 'adaptive', ratio: 1.5, alpha: 0.05, beta: 0.05 },
      { ...context, background: same },
    );
    near(h.thresholdCps, 100.05, 1e-9, 'limit');
    near(h.hypotheses.rate0Cps, 100.05, 1e-6, 'H0');
    near(h.hypotheses.rate1Cps, 150, 1e-6, 'H1');
    const low = { ...same, logRateMean: Math.log(50) };
    const l = sequentialHypotheses(
      { rule: 'adaptive', ratio: 1.5, alpha: 0.05, beta: 0.05 },
      { ...context, background: low },
    );
    near(l.thresholdCps, 50, 1e-9, 'a limit below the mean');
    near(l.hypotheses.rate0Cps, 100, 1e-6, 'H0 = the mean');
  });

  test('the default grid is 1 %: H0 and H1/H0 snap to powers of 1.01, H1/H0 at least 1.01', () => {
    const h = sequentialHypotheses(
      { rule: 'sprt', ratio: 1.001, alpha: 0.05, beta: 0.05 },
      { background: known(50), deadTime: null },
    );
    near(h.hypotheses.rate0Cps, 1.01 ** 393, 1e-9, 'H0');
    near(h.hypotheses.rate1Cps / h.hypotheses.rate0Cps, 1.01, 1e-12, 'H1/H0 floored at one step');
    near(h.hypotheses.alpha, 0.05, 0, 'the plain SPRT spends all of alpha');
  });
});

describe('a background whose limit no frame can reach', () => {
  const config: DecisionConfig = { rule: 'adaptive', ratio: 1.5, alpha: 0.05, beta: 0.05 };
  test('the rule stays undecided, keeps the counts and says why', () => {
    // Three identical sites: limit 100.05 cps, above a 100 cps ceiling.
    const context = {
      background: sites([1000, 1000, 1000]),
      frameSeconds: 0.1,
      deadTime: null,
      calibrations: new FixedCalibrations({ upper: 1, lower: -1 }),
      maxRateCps: 100,
    };
    const beyond = beyondReach(config, context);
    near(beyond?.thresholdCps, 100.05, 1e-9, 'limit');
    assert.equal(
      beyond?.reason,
      'the 3 background sites disagree too much to judge a site: normal tissue could reach T/B 1.0 (above the 1e+2 cps a frame may show). Measure more background sites',
    );
    assert.equal(
      beyondReach(config, { ...context, maxRateCps: 101 }),
      null,
      'within reach below the ceiling',
    );
    // A limit exactly at the ceiling is beyond reach.
    const at = beyond?.thresholdCps ?? 0;
    assert.notEqual(beyondReach(config, { ...context, maxRateCps: at }), null, 'at the ceiling');
    // The limit is set at α × the share (0.05 × 0.85): for 100, 200, 400 counts in 10 s it is 259.508
    // cps (t(0.9575; 2), SciPy), beyond a 250 cps ceiling.
    const spread = beyondReach(config, { ...context, background: sites([100, 200, 400]), maxRateCps: 250 });
    near(spread?.thresholdCps, 259.50802070715105, 1e-6, 'limit at α × share');
    assert.equal(beyondReach({ ...config, rule: 'sprt' }, context), null, 'only the adaptive rule');
    const rule = createRule(config, context);
    assert.equal(context.calibrations.asked.length, 0, 'nothing calibrated');
    assert.equal(rule.plannedSeconds, null);
    rule.push(5, 0.1);
    rule.push(7, 0.1);
    assert.equal(rule.verdict(), 'undecided');
    const d = rule.decision();
    assert.deepEqual(d, {
      rule: 'adaptive',
      verdict: 'undecided',
      evidence: `Undecided: ${beyond?.reason}.`,
      confidence: null,
      decisionSeconds: null,
      holdStillSeconds: null,
      numbers: { counts: 12, seconds: 0.2, thresholdCps: beyond?.thresholdCps ?? 0 },
    });
  });

  test('one site, a limit past any double: "1 background site", T/B ∞, no threshold number', () => {
    // A limit that overflows: the model as if its ln-rate SD were huge.
    const one = sites([100]);
    const wide = { ...sites([1000, 1000]), logRateSd: 1000 };
    const context = {
      background: wide,
      frameSeconds: 0.1,
      deadTime: null,
      calibrations: new FixedCalibrations({ upper: 1, lower: -1 }),
    };
    const beyond = beyondReach(config, context);
    assert.equal(beyond?.thresholdCps, Number.POSITIVE_INFINITY);
    assert.match(beyond?.reason ?? '', /^the 2 background sites disagree.*T\/B ∞ \(above the 2e\+6 cps/);
    const rule = createRule(config, context);
    assert.equal(rule.decision().numbers.thresholdCps, null);
    const single = beyondReach(config, { ...context, background: one, maxRateCps: 10 });
    assert.match(single?.reason ?? '', /^the 1 background site disagree/);
  });
});
