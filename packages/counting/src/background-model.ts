// The patient's normal-tissue (background) model, from counts at several background sites or from one
// known rate. Counts at a site are Poisson given the site's true rate; true rates vary between sites
// (gamma–Poisson, i.e. negative binomial, over-dispersion). Moment estimate of the between-site variance
// τ² by DerSimonian & Laird (1986, Control Clin Trials 7:177), its confidence interval by the Q-profile
// method (Viechtbauer 2007, Stat Med 26:37); random-effects mean with its standard error.
import { poissonUpperLimit } from './poisson-interval.js';
import { chiSquareQuantile, gammaPInverse, studentTCdf, studentTQuantile } from './special-functions.js';

export interface BackgroundSite {
  /** Free label of the site (pseudonymous; e.g. "liver segment 6"). */
  siteLabel?: string;
  counts: number;
  durationSeconds: number;
}

export type BackgroundInput = { kind: 'sites'; sites: BackgroundSite[] } | { kind: 'known'; rateCps: number };

export interface BackgroundModel {
  source: 'sites' | 'known';
  /** Number of background sites (0 for a known rate). */
  sites: number;
  /** Mean normal-tissue rate (random-effects), counts per second. */
  meanCps: number;
  /** 95 % interval of the mean rate (counting noise and between-site spread). */
  meanLowCps: number;
  meanHighCps: number;
  /** Between-site standard deviation of the true rates (beyond Poisson), counts per second; 0 if unknown. */
  sdCps: number;
  /** Coefficient of variation between sites (sdCps/meanCps), with its 95 % Q-profile interval; null if unknown. */
  cv: number | null;
  cvLow: number | null;
  cvHigh: number | null;
  /**
   * Background expressed as equivalent Poisson counts and seconds: a Poisson measurement with these
   * would know the mean as well as the sites do (meanCps = counts/seconds, relative SE = 1/√counts).
   * Infinity for a known rate. Used for the T/B interval.
   */
  equivalentCounts: number;
  equivalentSeconds: number;
  /** Mean and SD of ln(site rate), the basis of the prediction bound; null with fewer than 2 sites. */
  logRateMean: number | null;
  logRateSd: number | null;
  /** For a single site: its counts (the threshold then rests on counting noise alone). */
  singleSiteCounts: number | null;
  warnings: string[];
}

export type BackgroundResult =
  | { ok: true; model: BackgroundModel }
  | { ok: false; code: string; message: string };

export function buildBackgroundModel(input: BackgroundInput): BackgroundResult {
  if (input.kind === 'known') {
    const rate = input.rateCps;
    if (!(rate > 0) || !Number.isFinite(rate)) {
      return {
        ok: false,
        code: 'background-rate-invalid',
        message: `background rate must be > 0 cps, got ${rate}`,
      };
    }
    return {
      ok: true,
      model: {
        source: 'known',
        sites: 0,
        meanCps: rate,
        meanLowCps: rate,
        meanHighCps: rate,
        sdCps: 0,
        cv: null,
        cvLow: null,
        cvHigh: null,
        equivalentCounts: Number.POSITIVE_INFINITY,
        equivalentSeconds: Number.POSITIVE_INFINITY,
        logRateMean: null,
        logRateSd: null,
        singleSiteCounts: null,
        warnings: [
          'background given as one known rate: the spread of normal tissue between sites is unknown and taken as none',
        ],
      },
    };
  }
  const sites = input.sites;
  if (sites.length === 0)
    return { ok: false, code: 'background-no-sites', message: 'no background sites given' };
  for (const [i, s] of sites.entries()) {
    const name = s.siteLabel ? `site '${s.siteLabel}'` : `site ${i + 1}`;
    if (!Number.isInteger(s.counts) || s.counts < 0) {
      return {
        ok: false,
        code: 'background-counts-invalid',
        message: `${name}: counts ${s.counts} must be a whole number >= 0`,
      };
    }
    if (!(s.durationSeconds > 0) || !Number.isFinite(s.durationSeconds)) {
      return {
        ok: false,
        code: 'background-duration-invalid',
        message: `${name}: duration ${s.durationSeconds} s must be > 0`,
      };
    }
  }
  const totalCounts = sites.reduce((a, s) => a + s.counts, 0);
  const totalSeconds = sites.reduce((a, s) => a + s.durationSeconds, 0);
  if (totalCounts === 0) {
    return {
      ok: false,
      code: 'background-no-counts',
      message: 'the background sites recorded no counts at all',
    };
  }
  const k = sites.length;
  const warnings: string[] = [];
  if (k < 3) {
    warnings.push(
      `only ${k} background site${k === 1 ? '' : 's'}: the spread of normal tissue is ${k === 1 ? 'unknown' : 'barely estimable'}; measure at least three`,
    );
  }
  const pooled = totalCounts / totalSeconds;
  const rates = sites.map((s) => s.counts / s.durationSeconds);
  const poissonVariances = sites.map((s) => pooled / s.durationSeconds);
  // DerSimonian–Laird: Q = Σ w(r - r̄_w)², w = 1/v; E[Q] = (k-1) + τ²(Σw - Σw²/Σw).
  const q0 = generalizedQ(rates, poissonVariances, 0);
  const sw = poissonVariances.reduce((a, v) => a + 1 / v, 0);
  const sw2 = poissonVariances.reduce((a, v) => a + 1 / (v * v), 0);
  const tau2 = k > 1 ? Math.max(0, (q0 - (k - 1)) / (sw - sw2 / sw)) : 0;
  const weights = poissonVariances.map((v) => 1 / (v + tau2));
  const sumW = weights.reduce((a, w) => a + w, 0);
  const mean = weights.reduce((a, w, i) => a + w * rates[i]!, 0) / sumW;
  const se2 = 1 / sumW;
  const equivalentCounts = (mean * mean) / se2;
  const equivalentSeconds = equivalentCounts / mean;
  let cvLow: number | null = null;
  let cvHigh: number | null = null;
  if (k > 1) {
    const tauLow2 = qProfileRoot(rates, poissonVariances, chiSquareQuantile(0.975, k - 1));
    const tauHigh2 = qProfileRoot(rates, poissonVariances, chiSquareQuantile(0.025, k - 1));
    cvLow = Math.sqrt(tauLow2) / mean;
    cvHigh = Math.sqrt(tauHigh2) / mean;
  }
  const logRates = sites.map((s) => Math.log((s.counts + 0.5) / s.durationSeconds));
  const logMean = logRates.reduce((a, y) => a + y, 0) / k;
  const logSd = k > 1 ? Math.sqrt(logRates.reduce((a, y) => a + (y - logMean) ** 2, 0) / (k - 1)) : null;
  return {
    ok: true,
    model: {
      source: 'sites',
      sites: k,
      meanCps: mean,
      meanLowCps: gammaPInverse(0.025, equivalentCounts) / equivalentSeconds,
      meanHighCps: gammaPInverse(0.975, equivalentCounts + 1) / equivalentSeconds,
      sdCps: Math.sqrt(tau2),
      cv: k > 1 ? Math.sqrt(tau2) / mean : null,
      cvLow,
      cvHigh,
      equivalentCounts,
      equivalentSeconds,
      logRateMean: k > 1 ? logMean : null,
      logRateSd: logSd,
      singleSiteCounts: k === 1 ? sites[0]!.counts : null,
      warnings,
    },
  };
}

function generalizedQ(rates: number[], variances: number[], tau2: number): number {
  const w = variances.map((v) => 1 / (v + tau2));
  const sw = w.reduce((a, x) => a + x, 0);
  const m = w.reduce((a, x, i) => a + x * rates[i]!, 0) / sw;
  return w.reduce((a, x, i) => a + x * (rates[i]! - m) ** 2, 0);
}

/** The τ² at which the generalized Q equals `target` (Q falls monotonically in τ²); 0 if Q(0) < target. */
function qProfileRoot(rates: number[], variances: number[], target: number): number {
  if (generalizedQ(rates, variances, 0) <= target) return 0;
  let lo = 0;
  let hi = Math.max(...variances);
  while (generalizedQ(rates, variances, hi) > target && hi < 1e30) hi *= 4;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (lo + hi);
    if (generalizedQ(rates, variances, mid) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export interface AdaptiveThreshold {
  /** Rate that normal tissue at a new site exceeds with probability alpha, counts per second. */
  thresholdCps: number;
  /** The same as a ratio to the mean background. */
  thresholdRatio: number;
  alpha: number;
  /** How it was computed, in words. */
  method: string;
}

/**
 * Upper prediction bound for a new normal site: exp(ȳ + t(1-α; k-1)·s·√(1 + 1/k)) on ln(rate) (the
 * classical normal-theory prediction interval, e.g. Hahn & Meeker, Statistical Intervals, 1991, §4.6).
 * s includes the sites' own counting noise, so the bound is conservative; counting background sites
 * longer tightens it. One site: its one-sided Garwood upper limit (counting noise only). Known rate:
 * the rate itself (no spread known).
 */
export function adaptiveThreshold(model: BackgroundModel, alpha: number): AdaptiveThreshold {
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5), got ${alpha}`);
  let thresholdCps: number;
  let method: string;
  if (model.source === 'known') {
    thresholdCps = model.meanCps;
    method = 'known background rate; spread between sites unknown, taken as none';
  } else if (model.logRateMean === null || model.logRateSd === null) {
    const counts = model.singleSiteCounts ?? 0;
    thresholdCps = poissonUpperLimit(counts, 1 - alpha) / model.equivalentSeconds;
    method = `one site: ${pct(1 - alpha)} upper counting limit only, spread between sites unknown`;
  } else {
    const k = model.sites;
    const t = studentTQuantile(1 - alpha, k - 1);
    thresholdCps = Math.exp(model.logRateMean + t * model.logRateSd * Math.sqrt(1 + 1 / k));
    method = `${pct(1 - alpha)} upper prediction bound for a new normal site from ${k} sites (t, ${k - 1} df, log rate)`;
  }
  return { thresholdCps, thresholdRatio: thresholdCps / model.meanCps, alpha, method };
}

export interface CutoffSafety {
  ratioCutoff: number;
  /** Predicted probability that normal tissue at a new site reaches the cut-off; null if unknown. */
  exceedProbability: number | null;
  /** True when that probability is at most alpha. Null when it cannot be judged (fewer than two sites). */
  safe: boolean | null;
  message: string;
}

/** Is a borrowed ratio cut-off (e.g. T/B 1.5) safe in this patient, at false-positive rate alpha? */
export function cutoffSafety(model: BackgroundModel, ratioCutoff: number, alpha: number): CutoffSafety {
  if (!(ratioCutoff > 0)) throw new RangeError(`ratio cut-off must be > 0, got ${ratioCutoff}`);
  if (model.logRateMean === null || model.logRateSd === null) {
    return {
      ratioCutoff,
      exceedProbability: null,
      safe: null,
      message: `cannot judge T/B ${fmt(ratioCutoff)}: the spread of normal tissue needs at least two (better three) background sites`,
    };
  }
  const k = model.sites;
  const z =
    (Math.log(ratioCutoff * model.meanCps) - model.logRateMean) / (model.logRateSd * Math.sqrt(1 + 1 / k));
  const p = model.logRateSd === 0 ? (z > 0 ? 0 : 1) : 1 - studentTCdf(z, k - 1);
  const safe = p <= alpha;
  return {
    ratioCutoff,
    exceedProbability: p,
    safe,
    message: safe
      ? `T/B ${fmt(ratioCutoff)} is safe here: normal tissue reaches it with predicted probability ${pct(p)} (≤ ${pct(alpha)})`
      : `T/B ${fmt(ratioCutoff)} is NOT safe here: normal tissue reaches it with predicted probability ${pct(p)} (> ${pct(alpha)})`,
  };
}

function pct(p: number): string {
  const v = p * 100;
  return `${v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toPrecision(2)} %`;
}

function fmt(x: number): string {
  return x.toFixed(2).replace(/\.?0+$/, '');
}
