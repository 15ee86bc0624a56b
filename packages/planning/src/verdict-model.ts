// Probability that the counting engine gives a lesion the correct verdict (positive) within the counting
// budget, under the whole model the engine works with in the operating room: the lesion's probe contrast at
// that time (kinetics and geometry, plan.ts), the spread of normal tissue between background sites, the
// number of background sites the team counts, and the engine's own decision rule. Nothing statistical is
// re-derived here: the background model is built by @openrgs/counting (`buildBackgroundModel`, the very
// function the live engine uses on measured sites), the hypotheses the rule tests come from
// `sequentialHypotheses` (the live engine's adaptive or plain SPRT), and the probability of a positive
// verdict within the budget from `exactSprtCharacteristics` (dynamic programming over the count lattice).
//
// What the planning supplies is only what the operating room would show the engine:
//   - background sites: k sites counted for `siteSeconds` each, whose tissue rates follow the planned
//     between-site spread (log-normal, CV `spreadCv`, mean = the model's normal-tissue rate). The sites are
//     placed at standardised normal scores (Blom 1958: Φ⁻¹((i − 3/8)/(k + 1/4)), rescaled to sample mean 0
//     and SD 1) so that the engine sees a background model with exactly the planned spread — the typical
//     model, not one random draw; counts are the expected counts, rounded.
//   - the lesion's site: its own surrounding tissue varies like any other site, so its rate is
//     probe background + tissue·e^(σZ − σ²/2) + lesion excess, Z ~ N(0, 1); the probability is averaged
//     over Z by 7-point Gauss–Hermite quadrature (Abramowitz & Stegun 1964, Table 25.10).
//   - Wald's boundaries (the exact DP then gives the exact probability for those boundaries; the live
//     engine calibrates them inward for the frame overshoot, which decides slightly sooner: conservative).

import {
  type BackgroundModel,
  type BackgroundSite,
  beyondReach,
  buildBackgroundModel,
  type DecisionConfig,
  exactSprtCharacteristics,
  limitAlpha,
  type SpreadPrior,
  type SprtBoundaries,
  SprtCalibrationCache,
  type SprtHypotheses,
  SprtLattice,
  sequentialHypotheses,
  waldBoundaries,
} from '@openrgs/counting';
import { normalQuantile } from '@openrgs/numeric';
import { firstIssue } from '@openrgs/outcome';
import { sampleSdMidpointRule } from './quadrature.js';

/** beyondReach never calibrates; it only needs a context of the right shape. */
const NO_CALIBRATIONS = new SprtCalibrationCache(1);

/** How the team will decide in the operating room (the live engine's rule and its background). */
export interface VerdictRule {
  /** 'adaptive' (the server's live rule: SPRT against this patient's normal-tissue limit) or 'sprt'. */
  rule: 'adaptive' | 'sprt';
  ratio: number;
  alpha: number;
  beta: number;
  frameSeconds: number;
  /** Counting budget over one lesion (s). */
  countSeconds: number;
  /** Background sites counted before the lesion is judged. */
  backgroundSites: number;
  /** Counting time at each background site (s). */
  backgroundSiteSeconds: number;
  /** Between-site spread of normal tissue: coefficient of variation of the tissue rate. */
  spreadCv: number;
  /** A learnt spread prior (the department's past cases, @openrgs/counting spread-prior.ts), or null. */
  spreadPrior: SpreadPrior | null;
}

/** The rates at one time, split as the probe sees them (cps, before dead time). */
export interface SourceRates {
  /** Normal tissue (and the organ behind the lesion, when one is named) at the mean concentration. */
  tissueCps: number;
  /** The lesion's excess over the tissue its volume replaces. */
  excessCps: number;
  /** The probe's own background (no source). */
  probeBackgroundCps: number;
  /** Non-paralysable dead time (s). */
  deadTimeSeconds: number;
}

/** 7-point Gauss–Hermite (physicists' weight e^(−x²)) nodes and weights, Abramowitz & Stegun Table 25.10. */
const GH_X = [
  -2.651961356835233, -1.673551628767471, -0.816287882858965, 0, 0.816287882858965, 1.673551628767471,
  2.651961356835233,
];
const GH_W = [
  9.717812450995193e-4, 5.451558281912703e-2, 4.256072526101278e-1, 8.102646175568073e-1,
  4.256072526101278e-1, 5.451558281912703e-2, 9.717812450995193e-4,
];
/** The same rule for the standard normal: z = √2·x, weight w/√π (they sum to 1). */
export const NORMAL_NODES: readonly { z: number; w: number }[] = GH_X.map((x, i) => ({
  z: Math.SQRT2 * x,
  w: (GH_W[i] ?? 0) / Math.sqrt(Math.PI),
}));
/** 5-point Gauss–Hermite, Abramowitz & Stegun Table 25.10, for the standard normal (the operating-room model). */
const GH5_X = [-2.020182870456086, -0.958572464613819, 0, 0.958572464613819, 2.020182870456086];
const GH5_W = [
  1.995324205904591e-2, 3.936193231522412e-1, 9.453087204829419e-1, 3.936193231522412e-1,
  1.995324205904591e-2,
];
export const NORMAL_NODES_5: readonly { z: number; w: number }[] = GH5_X.map((x, i) => ({
  z: Math.SQRT2 * x,
  w: (GH5_W[i] ?? 0) / Math.sqrt(Math.PI),
}));

function observed(trueCps: number, deadTimeSeconds: number): number {
  return trueCps / (1 + trueCps * deadTimeSeconds);
}

/** Standardised normal scores for k sites (Blom), sample mean 0 and sample SD 1; [0] for one site. */
export function siteScores(k: number): number[] {
  if (k <= 1) return [0];
  const raw: number[] = [];
  for (let i = 1; i <= k; i++) raw.push(normalQuantile((i - 0.375) / (k + 0.25)));
  const mean = raw.reduce((a, v) => a + v, 0) / k;
  const sd = Math.sqrt(raw.reduce((a, v) => a + (v - mean) ** 2, 0) / (k - 1));
  return raw.map((v) => (v - mean) / sd);
}

/** The background model the engine would build from the planned sites at these rates. */
export function plannedBackgroundModel(rates: SourceRates, rule: VerdictRule): BackgroundModel {
  const sigma = logSd(rule.spreadCv);
  const sites: BackgroundSite[] = siteScores(rule.backgroundSites).map((z, i) => {
    const tissue = rates.tissueCps * Math.exp(sigma * z - (sigma * sigma) / 2);
    const rate = observed(rates.probeBackgroundCps + tissue, rates.deadTimeSeconds);
    return {
      siteLabel: `planned site ${i + 1}`,
      counts: Math.max(0, Math.round(rate * rule.backgroundSiteSeconds)),
      durationSeconds: rule.backgroundSiteSeconds,
    };
  });
  const built = buildBackgroundModel({
    kind: 'sites',
    sites,
    // The planned sites are normal tissue by construction: none is left out as an outlier.
    keepSites: sites.map((s) => s.siteLabel ?? ''),
    prior: rule.spreadPrior,
    limitAlpha: limitAlpha(rule),
  });
  if (!built.ok) throw new RangeError(`planned background model: ${firstIssue(built.issues).message}`);
  return built.value;
}

/**
 * Walked lattices by test (hypotheses snap to counting's 1 % grid, so a plan meets the same test hundreds of
 * times: 545 distinct tests in 3495 evaluations for examples/plan-ileal-net.json). Bounded; the oldest go
 * first. Each lattice is at most (frames + 1) × band doubles (≈ 20 kB for 50 frames).
 */
const LATTICES = new Map<string, SprtLattice>();
const MAX_LATTICES = 2000;

function latticeFor(
  hypotheses: SprtHypotheses,
  boundaries: SprtBoundaries,
  frameSeconds: number,
  maxFrames: number,
  rates: readonly number[],
): SprtLattice {
  const key = `${hypotheses.rate0Cps}|${hypotheses.rate1Cps}|${hypotheses.alpha}|${hypotheses.beta}|${boundaries.lower}|${boundaries.upper}|${frameSeconds}|${maxFrames}`;
  let lattice = LATTICES.get(key);
  if (!lattice) {
    // Reference: the geometric mean of the first rates asked (the smallest tilts for them).
    const reference = Math.exp(rates.reduce((a, r) => a + Math.log(r), 0) / rates.length);
    lattice = new SprtLattice({
      hypotheses,
      boundaries,
      frameSeconds,
      maxFrames,
      referenceRateCps: reference,
    });
    if (LATTICES.size >= MAX_LATTICES) LATTICES.delete(LATTICES.keys().next().value as string);
    LATTICES.set(key, lattice);
  }
  return lattice;
}

export interface VerdictProbability {
  /** P(positive verdict within the counting budget) over the lesion, averaged over its site's tissue. */
  positive: number;
  /** The rates the rule tests (observed cps) and the normal-tissue limit of the adaptive rule (or null). */
  rate0Cps: number;
  rate1Cps: number;
  thresholdCps: number | null;
}

/** Probability that the engine calls the lesion positive within `countSeconds` (its correct verdict). */
export function correctVerdictProbability(rates: SourceRates, rule: VerdictRule): VerdictProbability {
  return positiveGiven(rates, rule, plannedBackgroundModel(rates, rule));
}

/** P(positive within the budget) with this background model, averaged over the lesion site's own tissue. */
function positiveGiven(
  rates: SourceRates,
  rule: VerdictRule,
  background: BackgroundModel,
  nodes: readonly { z: number; w: number }[] = NORMAL_NODES,
): VerdictProbability {
  const config: DecisionConfig = {
    rule: rule.rule,
    ratio: rule.ratio,
    alpha: rule.alpha,
    beta: rule.beta,
  };
  const deadTime =
    rates.deadTimeSeconds > 0
      ? { model: 'non-paralysable' as const, deadTimeSeconds: rates.deadTimeSeconds }
      : null;
  // A limit above any rate a frame may show: the live engine stays undecided (decision-rules beyondReach).
  if (
    beyondReach(config, {
      background,
      deadTime: null,
      frameSeconds: rule.frameSeconds,
      calibrations: NO_CALIBRATIONS,
    }) !== null
  ) {
    return { positive: 0, rate0Cps: Number.NaN, rate1Cps: Number.NaN, thresholdCps: null };
  }
  const { hypotheses, thresholdCps } = sequentialHypotheses(config, { background, deadTime });
  const boundaries = waldBoundaries(hypotheses.alpha, hypotheses.beta);
  const maxFrames = Math.max(1, Math.round(rule.countSeconds / rule.frameSeconds));
  const sigma = logSd(rule.spreadCv);
  const lesionCpsAt = (z: number) => {
    const tissue = rates.tissueCps * Math.exp(sigma * z - (sigma * sigma) / 2);
    return observed(rates.probeBackgroundCps + tissue + rates.excessCps, rates.deadTimeSeconds);
  };
  let positive = 0;
  if (sigma === 0) {
    positive = exactSprtCharacteristics({
      hypotheses,
      boundaries,
      frameSeconds: rule.frameSeconds,
      trueRateCps: lesionCpsAt(0),
      maxFrames,
    }).pPositive;
  } else {
    // Every node from one walk of the count lattice, shared by every evaluation with the same test
    // (latticeFor; counting SprtLattice: exponential tilting, the one-walk-per-rate numbers up to rounding).
    const lattice = latticeFor(
      hypotheses,
      boundaries,
      rule.frameSeconds,
      maxFrames,
      nodes.map(({ z }) => lesionCpsAt(z)),
    );
    const p = nodes.map(({ z }) => {
      const rate = lesionCpsAt(z);
      return (
        lattice.positive(rate) ??
        exactSprtCharacteristics({
          hypotheses,
          boundaries,
          frameSeconds: rule.frameSeconds,
          trueRateCps: rate,
          maxFrames,
        }).pPositive
      );
    });
    // P(positive) rises with the site's rate, so with Z: once the lowest node is certain (to 1e-9) every
    // node is, and the quadrature is that value; likewise once the highest is impossible.
    const lowest = p[0] ?? 0;
    if (lowest >= 1 - 1e-9) positive = lowest;
    else {
      const highest = p[p.length - 1] ?? 0;
      if (highest <= 1e-9) positive = highest;
      else {
        positive = (nodes[0]?.w ?? 0) * lowest + (nodes[nodes.length - 1]?.w ?? 0) * highest;
        for (const [i, { w }] of nodes.entries()) {
          if (i > 0 && i < nodes.length - 1) positive += w * (p[i] ?? 0);
        }
      }
    }
  }
  return {
    positive: Math.min(1, Math.max(0, positive)),
    rate0Cps: hypotheses.rate0Cps,
    rate1Cps: hypotheses.rate1Cps,
    thresholdCps,
  };
}

/** Points of the rule for the sample SD of the k planned sites (equal-probability midpoints, quadrature.ts). */
const SD_NODES = 10;
/** (mean, SD) nodes whose joint weight is below this are skipped and counted as no detection. */
const SKIP_WEIGHT = 1e-6;

export interface OperatingRoomProbability extends VerdictProbability {
  /** Probability mass of the background's sampling distribution skipped (counted as no detection). */
  skippedWeight: number;
}

/**
 * Probability that the engine calls the lesion positive within the budget in the operating room: averaged
 * over the background model the team will actually get from k sites, not only the typical one.
 *
 * The k sites' ln(rates) scatter around the patient's mean with the planned between-site spread (tissue
 * log-SD σ, diluted by the probe's own background: σ_r = σ·T/(p + T) by the delta method) plus each site's
 * counting noise (variance 1/(rate·seconds) on the log scale): total SD σ_t. Under normal theory the
 * engine's limit depends on the sites only through their mean ȳ and SD s, and ȳ ~ N(μ, σ_t²/k) and
 * (k − 1)s²/σ_t² ~ χ²(k − 1) independently (Cochran's theorem). So the expectation is taken over (ȳ, s) by a
 * product rule — 5-point Gauss–Hermite for ȳ (Abramowitz & Stegun Table 25.10), 10 equal-probability
 * midpoints of the χ² distribution for s (quadrature.ts: the verdict turns from likely to unlikely over a
 * narrow range of s when k is small, where a Gauss rule of few points is far off) — and for each node the engine is given k sites
 * with exactly that mean and SD (Blom scores, siteScores), from which counting's `buildBackgroundModel`
 * builds the live model (outlier check passed, the learnt prior applied when there is one). The lesion's
 * own site varies too (positiveGiven, 5-point Gauss–Hermite here). This is the forward counterpart of the live verdict's confidence
 * (counting verdict-confidence.ts: the same log-normal spread and t-predictive limit).
 */
export function operatingRoomVerdictProbability(
  rates: SourceRates,
  rule: VerdictRule,
): OperatingRoomProbability {
  const k = rule.backgroundSites;
  const sigma = logSd(rule.spreadCv);
  const probe = rates.probeBackgroundCps;
  const total = probe + rates.tissueCps;
  const siteCps = observed(total, rates.deadTimeSeconds);
  const sigmaRate = total > 0 ? (sigma * rates.tissueCps) / total : 0;
  const countingVariance = siteCps > 0 ? 1 / (siteCps * rule.backgroundSiteSeconds) : 0;
  const sigmaTotal = Math.sqrt(sigmaRate * sigmaRate + countingVariance);
  const mu = Math.log(Math.max(siteCps, 1e-300)) - (sigmaRate * sigmaRate) / 2;
  const scores = siteScores(k);
  const sdNodes =
    k >= 2 ? sampleSdMidpointRule(k - 1, SD_NODES).map(({ x, w }) => ({ s: x, w })) : [{ s: 0, w: 1 }];
  const meanNodes = NORMAL_NODES_5;
  let positive = 0;
  let skippedWeight = 0;
  const at = (z: number, sd: number): number => {
    const ybar = mu + (sigmaTotal * z) / Math.sqrt(k);
    const s = sigmaTotal * sd;
    const sites: BackgroundSite[] = scores.map((b, i) => ({
      siteLabel: `planned site ${i + 1}`,
      counts: Math.max(0, Math.round(Math.exp(ybar + s * b) * rule.backgroundSiteSeconds)),
      durationSeconds: rule.backgroundSiteSeconds,
    }));
    const built = buildBackgroundModel({
      kind: 'sites',
      sites,
      keepSites: sites.map((site) => site.siteLabel ?? ''),
      prior: rule.spreadPrior,
      limitAlpha: limitAlpha(rule),
      // Only the limit is read here: the spread's interval would cost a root search per node.
      spreadInterval: false,
    });
    // No usable model (every site counted nothing): the engine cannot judge, so no positive.
    if (!built.ok) return 0;
    return positiveGiven(rates, rule, built.value, NORMAL_NODES_5).positive;
  };
  // P(positive) falls as the sites' mean or SD rises (both raise the engine's limit): rows of rising SD,
  // each of rising mean. A row whose highest-mean node is certain (to 1e-9) is certain throughout; one whose
  // lowest-mean node is impossible is impossible, and so are all rows of larger SD; within a row, once a
  // node is impossible the higher means are too.
  const EPS = 1e-9;
  for (const sd of sdNodes) {
    const row = meanNodes.map((m) => ({ z: m.z, w: m.w * sd.w }));
    const kept = row.filter((n) => n.w >= SKIP_WEIGHT);
    skippedWeight += row.reduce((a, n) => a + (n.w < SKIP_WEIGHT ? n.w : 0), 0);
    if (kept.length === 0) continue;
    const highest = at(kept[kept.length - 1]!.z, sd.s);
    if (highest >= 1 - EPS) {
      positive += kept.reduce((a, n) => a + n.w, 0) * highest;
      continue;
    }
    const lowest = at(kept[0]!.z, sd.s);
    if (lowest <= EPS) break;
    positive += kept[0]!.w * lowest + kept[kept.length - 1]!.w * highest;
    for (const n of kept.slice(1, -1)) {
      const p = at(n.z, sd.s);
      if (p <= EPS) break;
      positive += n.w * p;
    }
  }
  // The hypotheses and limit of the typical model (the planned spread exactly), for the reasons.
  const typical = correctVerdictProbability(rates, rule);
  return {
    positive: Math.min(1, Math.max(0, positive)),
    rate0Cps: typical.rate0Cps,
    rate1Cps: typical.rate1Cps,
    thresholdCps: typical.thresholdCps,
    skippedWeight,
  };
}

/** ln-SD of a log-normal with coefficient of variation cv: √ln(1 + cv²). */
export function logSd(cv: number): number {
  return Math.sqrt(Math.log1p(cv * cv));
}
