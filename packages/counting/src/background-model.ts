// The patient's normal-tissue (background) model, from counts at several background sites or from one
// known rate. Counts at a site are Poisson given the site's true rate; true rates vary between sites
// (gamma–Poisson, i.e. negative binomial, over-dispersion). Moment estimate of the between-site variance
// τ² by DerSimonian & Laird (1986, Control Clin Trials 7:177), its confidence interval by the Q-profile
// method (Viechtbauer 2007, Stat Med 26:37); random-effects mean with its standard error.
// Sites incompatible with the others (site-outliers.ts) are named and kept out until the team keeps or
// drops them; while one is unconfirmed the model is `blocked` (no verdict rests on it). The spread of
// ln(rate) may be shrunk towards the department's own past cases (spread-prior.ts, Smyth 2004).

import {
  chiSquareQuantile,
  gammaPInverse,
  normalCdf,
  normalQuantile,
  studentTCdf,
  studentTQuantile,
} from '@openrgs/numeric';
import { invalid, type Outcome } from '@openrgs/outcome';
import { DECISION_SETTINGS } from './decision-settings.js';
import { DEFAULT_MAX_RATE_CPS } from './frame-check.js';
import { poissonUpperLimit } from './poisson-interval.js';
import {
  type BackgroundSite,
  flagOutlyingSites,
  logSiteRate,
  PLAUSIBLE_LOG_SD,
  type SiteFlag,
} from './site-outliers.js';
import type { SpreadPrior } from './spread-prior.js';

export type { BackgroundSite } from './site-label.js';

export type BackgroundInput =
  | {
      kind: 'sites';
      sites: BackgroundSite[];
      /** Labels of flagged sites the team confirmed as normal tissue: they count. */
      keepSites?: string[];
      /** Labels of sites the team dropped: they never count. */
      dropSites?: string[];
      /** Learnt between-site spread (empirical Bayes); null or absent: the sites' own spread only. */
      prior?: SpreadPrior | null;
      /** Sites above this rate are refused like frames (default DEFAULT_MAX_RATE_CPS). */
      maxRateCps?: number;
      /**
       * One-sided alpha of the normal-tissue limit the verdicts use (adaptive rule: alpha × its share;
       * decision-settings.ts limitAlpha); the minimum number of sites is judged at it. Default: the live
       * settings' (DECISION_SETTINGS, 1 % × 0.85).
       */
      limitAlpha?: number;
      /**
       * false: leave out the spread's 95 % interval (cvLow, cvHigh null): planning builds thousands of
       * models per plan and reads only the limit. Default true.
       */
      spreadInterval?: boolean;
    }
  | { kind: 'known'; rateCps: number };

export interface BackgroundIssue {
  /** background-outlier | background-dropped | background-few-sites | background-known-rate | background-prior */
  code: string;
  message: string;
  /** The site it is about, when it is about one. */
  siteLabel?: string;
}

export interface FlaggedSite extends SiteFlag {
  /** unconfirmed: kept out and no verdict until decided; kept: counts; dropped: never counts. */
  status: 'unconfirmed' | 'kept' | 'dropped';
}

export interface BackgroundModel {
  source: 'sites' | 'known';
  /** Number of background sites the model rests on (0 for a known rate). */
  sites: number;
  /** Sites given, including those left out (flagged, dropped). */
  sitesGiven: number;
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
  /** Mean of ln(site rate); null when the spread is unknown (one site and no prior, or a known rate). */
  logRateMean: number | null;
  /** SD of ln(site rate) the limit uses (shrunk towards the prior when there is one); null when unknown. */
  logRateSd: number | null;
  /** Degrees of freedom of that SD (k - 1, plus the prior's d0); null when unknown. */
  logRateDegreesOfFreedom: number | null;
  /** The sites' own SD of ln(rate) (before shrinkage); null with fewer than 2 sites. */
  logRateSdOwn: number | null;
  /** ln(rate) of the one site, and its counts, when there is exactly one (else null). */
  singleSiteCounts: number | null;
  singleSiteLogRate: number | null;
  /** Spread of normal sites the limit assumes, as a CV (√(e^{s²} - 1)); null when unknown. */
  spreadCv: number | null;
  /** The learnt prior used, if any. */
  prior: SpreadPrior | null;
  /** Sites flagged as incompatible with the others, with the team's decision. */
  flagged: FlaggedSite[];
  /** Why no verdict may rest on this model yet (an unconfirmed flagged site); null when usable. */
  blockedReason: string | null;
  /** Sites needed before verdicts stop being provisional, at the spread seen. */
  minimumSites: number;
  provisional: boolean;
  /** Why that many, in words (in terms of the spread seen). */
  minimumSitesReason: string;
  issues: BackgroundIssue[];
  /** The issues' messages (kept for older callers). */
  warnings: string[];
}

/**
 * The live limit's alpha (decision-settings.ts: the server's alpha × the adaptive share) unless the caller
 * names the alpha its limit uses; the minimum number of sites is judged at the alpha the verdicts use.
 */
const MINIMUM_SITES_ALPHA = DECISION_SETTINGS.alpha * DECISION_SETTINGS.adaptiveThresholdShare;
/** Provisional until the small-sample penalty on the normal-tissue limit is within this factor. */
const MINIMUM_SITES_TOLERANCE = DECISION_SETTINGS.minimumSites.tolerance;
/** Always at least this many sites (the clinical workflow's three, decision-settings.ts). */
const MINIMUM_SITES_FLOOR = DECISION_SETTINGS.workflowBackgroundSites;
const MINIMUM_SITES_CAP = DECISION_SETTINGS.minimumSites.cap;

/** The model, or why it cannot be built (@openrgs/outcome: one `invalid` issue, code `background-…`). */
export type BackgroundResult = Outcome<BackgroundModel>;

export function buildBackgroundModel(input: BackgroundInput): BackgroundResult {
  if (input.kind === 'known') {
    const rate = input.rateCps;
    if (!(rate > 0) || !Number.isFinite(rate)) {
      return invalid('background-rate-invalid', `background rate must be > 0 cps, got ${rate}`);
    }
    const issues: BackgroundIssue[] = [
      {
        code: 'background-known-rate',
        message:
          'background given as one known rate: the spread of normal tissue between sites is unknown and taken as none',
      },
    ];
    return {
      ok: true,
      value: {
        source: 'known',
        sites: 0,
        sitesGiven: 0,
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
        logRateDegreesOfFreedom: null,
        logRateSdOwn: null,
        singleSiteCounts: null,
        singleSiteLogRate: null,
        spreadCv: null,
        prior: null,
        flagged: [],
        blockedReason: null,
        minimumSites: 0,
        provisional: false,
        minimumSitesReason: 'known background rate: no sites to count',
        issues,
        warnings: issues.map((w) => w.message),
      },
    };
  }
  const given = input.sites;
  if (given.length === 0) return invalid('background-no-sites', 'no background sites given');
  const maxRateCps = input.maxRateCps ?? DEFAULT_MAX_RATE_CPS;
  for (const [i, s] of given.entries()) {
    const name = s.siteLabel ? `site '${s.siteLabel}'` : `site ${i + 1}`;
    if (!Number.isInteger(s.counts) || s.counts < 0) {
      return invalid('background-counts-invalid', `${name}: counts ${s.counts} must be a whole number >= 0`);
    }
    if (!(s.durationSeconds > 0) || !Number.isFinite(s.durationSeconds)) {
      return invalid('background-duration-invalid', `${name}: duration ${s.durationSeconds} s must be > 0`);
    }
    // The same plausibility limit as for frames (frame-check.ts): no probe counts that fast.
    if (s.counts / s.durationSeconds > maxRateCps) {
      return invalid(
        'background-rate-absurd',
        `${name}: ${s.counts} counts in ${s.durationSeconds} s = ${(s.counts / s.durationSeconds).toExponential(2)} cps is above the plausible ${maxRateCps.toExponential(1)} cps of a probe (frames that fast are refused too)`,
      );
    }
  }
  const keep = new Set(input.keepSites ?? []);
  const drop = new Set(input.dropSites ?? []);
  const labels = given.map((s, i) => siteLabelOf(s, i));
  for (const label of [...keep, ...drop]) {
    if (!labels.includes(label)) {
      return invalid(
        'background-site-unknown',
        `no background site is labelled '${label}' (sites: ${labels.join(', ')})`,
      );
    }
    if (keep.has(label) && drop.has(label)) {
      return invalid('background-site-conflict', `site '${label}' is both kept and dropped; choose one`);
    }
  }
  const prior = input.prior ?? null;
  const candidates = given.map((s, i) => ({ s, i })).filter(({ i }) => !drop.has(labels[i]!));
  const flags = flagOutlyingSites(
    candidates.map((c) => c.s),
    { plausibleLogSd: plausibleLogSd(prior) },
  ).map((f) => ({ ...f, index: candidates[f.index]!.i, siteLabel: labels[candidates[f.index]!.i]! }));
  const flagged: FlaggedSite[] = flags.map((f) => ({
    ...f,
    status: keep.has(f.siteLabel) ? 'kept' : 'unconfirmed',
  }));
  // Why a dropped site was flagged (the check over all given sites), so the record still says why.
  const before = drop.size === 0 ? [] : flagOutlyingSites(given, { plausibleLogSd: plausibleLogSd(prior) });
  for (const [i, s] of given.entries()) {
    if (!drop.has(labels[i]!)) continue;
    const rateCps = s.counts / s.durationSeconds;
    const was = before.find((f) => f.index === i);
    flagged.push({
      index: i,
      siteLabel: labels[i]!,
      direction: was?.direction ?? 'low',
      rateCps,
      othersMedianCps: was?.othersMedianCps ?? Number.NaN,
      plausibleLowCps: was?.plausibleLowCps ?? Number.NaN,
      plausibleHighCps: was?.plausibleHighCps ?? Number.NaN,
      tailProbability: was?.tailProbability ?? Number.NaN,
      reason: was ? `${was.reason}; dropped by the team` : 'dropped by the team',
      status: 'dropped',
    });
  }
  flagged.sort((a, b) => a.index - b.index);
  const unconfirmed = flagged.filter((f) => f.status === 'unconfirmed');
  const used = given.filter((_, i) => !flagged.some((f) => f.index === i && f.status !== 'kept'));
  const issues: BackgroundIssue[] = [];
  for (const f of flagged) {
    if (f.status === 'unconfirmed') {
      issues.push({
        code: 'background-outlier',
        siteLabel: f.siteLabel,
        message: `background site '${f.siteLabel}' is left out: ${f.reason}; keep or drop it`,
      });
    } else if (f.status === 'dropped') {
      issues.push({
        code: 'background-dropped',
        siteLabel: f.siteLabel,
        message: `background site '${f.siteLabel}' dropped by the team`,
      });
    }
  }
  const blockedReason =
    unconfirmed.length === 0
      ? null
      : `background site${unconfirmed.length === 1 ? '' : 's'} ${unconfirmed.map((f) => `'${f.siteLabel}'`).join(', ')} ${unconfirmed.length === 1 ? 'looks' : 'look'} wrong (${unconfirmed.map((f) => (f.direction === 'low' ? 'too low' : 'too high')).join(', ')}): keep or drop ${unconfirmed.length === 1 ? 'it' : 'them'} before a verdict`;
  // With every site left out (two sites that disagree), the model is still shown from all of them.
  const basis = used.length > 0 ? used : given.filter((_, i) => !drop.has(labels[i]!));
  if (basis.length === 0) {
    return invalid('background-no-sites', 'every background site was dropped');
  }
  const limitAlpha = input.limitAlpha ?? MINIMUM_SITES_ALPHA;
  if (!(limitAlpha > 0 && limitAlpha < 0.5)) {
    return invalid('background-limit-alpha-invalid', `limitAlpha must be in (0, 0.5), got ${limitAlpha}`);
  }
  const built = fitSites(basis, prior, limitAlpha, input.spreadInterval ?? true);
  if (!built.ok) return built;
  const model = built.value;
  model.sitesGiven = given.length;
  model.flagged = flagged;
  model.blockedReason = blockedReason;
  model.issues = [...issues, ...model.issues];
  model.warnings = model.issues.map((w) => w.message);
  return { ok: true, value: model };
}

function siteLabelOf(site: BackgroundSite, index: number): string {
  return site.siteLabel !== undefined && site.siteLabel !== '' ? site.siteLabel : `site ${index + 1}`;
}

/** Plausible between-site ln-SD for the outlier check: the prior's upper 97.5 % value, at least CV 20 %. */
function plausibleLogSd(prior: SpreadPrior | null): number {
  if (prior === null) return PLAUSIBLE_LOG_SD;
  const d0 = prior.degreesOfFreedom;
  const upper = Number.isFinite(d0)
    ? Math.sqrt((prior.logVariance * d0) / chiSquareQuantile(0.025, d0))
    : Math.sqrt(prior.logVariance);
  return Math.max(upper, Math.sqrt(Math.log(1 + 0.2 ** 2)));
}

function fitSites(
  sites: BackgroundSite[],
  prior: SpreadPrior | null,
  limitAlpha: number,
  spreadInterval: boolean,
): BackgroundResult {
  const totalCounts = sites.reduce((a, s) => a + s.counts, 0);
  const totalSeconds = sites.reduce((a, s) => a + s.durationSeconds, 0);
  if (totalCounts === 0) {
    return invalid('background-no-counts', 'the background sites recorded no counts at all');
  }
  const k = sites.length;
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
  if (k > 1 && spreadInterval) {
    const tauLow2 = qProfileRoot(rates, poissonVariances, memoQuantile('chi2', 0.975, k - 1));
    const tauHigh2 = qProfileRoot(rates, poissonVariances, memoQuantile('chi2', 0.025, k - 1));
    cvLow = Math.sqrt(tauLow2) / mean;
    cvHigh = Math.sqrt(tauHigh2) / mean;
  }
  const logRates = sites.map(logSiteRate);
  const logMean = logRates.reduce((a, y) => a + y, 0) / k;
  const ownSd = k > 1 ? Math.sqrt(logRates.reduce((a, y) => a + (y - logMean) ** 2, 0) / (k - 1)) : null;
  // Shrinkage of the spread towards the learnt prior (Smyth 2004 eq. for s̃²); without one, the own SD.
  let logSd: number | null = ownSd;
  let df: number | null = k > 1 ? k - 1 : null;
  if (prior !== null) {
    const d0 = prior.degreesOfFreedom;
    const own0 = ownSd ?? 0; // one site: no own SD, and no own degrees of freedom (k − 1 = 0) either
    const own = (k - 1) * own0 * own0;
    logSd = Number.isFinite(d0)
      ? Math.sqrt((d0 * prior.logVariance + own) / (d0 + k - 1))
      : Math.sqrt(prior.logVariance);
    df = d0 + k - 1;
  }
  const issues: BackgroundIssue[] = [];
  if (prior !== null) {
    issues.push({
      code: 'background-prior',
      message: `spread learnt from ${prior.source} (${prior.cases} past cases, prior CV ${(Math.sqrt(Math.exp(prior.logVariance) - 1) * 100).toFixed(0)} %, ${Number.isFinite(prior.degreesOfFreedom) ? prior.degreesOfFreedom.toFixed(1) : '∞'} sites' worth)`,
    });
  }
  const minimum = minimumSites(logSd, df, prior, limitAlpha);
  if (k < minimum.sites) {
    issues.push({
      code: 'background-few-sites',
      message: `only ${k} background site${k === 1 ? '' : 's'}: verdicts are provisional until ${minimum.sites} (${minimum.reason})`,
    });
  }
  return {
    ok: true,
    value: {
      source: 'sites',
      sites: k,
      sitesGiven: k,
      meanCps: mean,
      meanLowCps: gammaPInverse(0.025, equivalentCounts) / equivalentSeconds,
      meanHighCps: gammaPInverse(0.975, equivalentCounts + 1) / equivalentSeconds,
      sdCps: Math.sqrt(tau2),
      cv: k > 1 ? Math.sqrt(tau2) / mean : null,
      cvLow,
      cvHigh,
      equivalentCounts,
      equivalentSeconds,
      logRateMean: logSd === null ? null : logMean,
      logRateSd: logSd,
      logRateDegreesOfFreedom: df,
      logRateSdOwn: ownSd,
      singleSiteCounts: k === 1 ? sites[0]!.counts : null,
      singleSiteLogRate: k === 1 ? logRates[0]! : null,
      spreadCv: logSd === null ? null : Math.sqrt(Math.expm1(logSd * logSd)),
      prior,
      flagged: [],
      blockedReason: null,
      minimumSites: minimum.sites,
      provisional: k < minimum.sites,
      minimumSitesReason: minimum.reason,
      issues,
      warnings: issues.map((w) => w.message),
    },
  };
}

/**
 * Sites needed before verdicts stop being provisional, in terms of the spread seen: the smallest k (at
 * least three, at most the cap) at which the normal-tissue limit's small-sample penalty — t(1-α'; ν)·√(1+1/k)
 * against the many-site z(1-α') — stays within the settings' tolerance (decision-settings.ts: 1.25, i.e. adds
 * at most 25 % to the limit), exp(s·(t√(1+1/k) - z)) ≤ 1.25, with the spread s seen (shrunk towards the prior
 * when there is one). Larger spread, more sites; a learnt prior, fewer.
 */
function minimumSites(
  logSd: number | null,
  df: number | null,
  prior: SpreadPrior | null,
  limitAlpha: number,
): { sites: number; reason: string } {
  if (logSd === null || df === null) {
    return {
      sites: MINIMUM_SITES_FLOOR,
      reason: 'with one site the spread of normal tissue is unknown',
    };
  }
  const z = normalQuantile(1 - limitAlpha);
  const d0 = prior?.degreesOfFreedom ?? 0;
  const cv = Math.sqrt(Math.expm1(logSd * logSd));
  for (let n = MINIMUM_SITES_FLOOR; n <= MINIMUM_SITES_CAP; n++) {
    const nu = Number.isFinite(d0) ? d0 + n - 1 : Number.POSITIVE_INFINITY;
    const t = Number.isFinite(nu) ? memoQuantile('t', 1 - limitAlpha, nu) : z;
    if (Math.exp(logSd * (t * Math.sqrt(1 + 1 / n) - z)) <= MINIMUM_SITES_TOLERANCE) {
      return {
        sites: n,
        reason: `at the spread seen (CV ${(cv * 100).toFixed(0)} %${prior ? ', with the learnt prior' : ''}) ${n} sites bring the normal-tissue limit within ${((MINIMUM_SITES_TOLERANCE - 1) * 100).toFixed(0)} % of what many sites would give`,
      };
    }
  }
  return {
    sites: MINIMUM_SITES_CAP,
    reason: `the spread seen (CV ${(cv * 100).toFixed(0)} %) is so large that even ${MINIMUM_SITES_CAP} sites leave the limit uncertain`,
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
  // No cap on hi: Q(τ²) ≤ Σ(r − r̄)²/τ² falls below any target > 0, and at the latest hi overflows to ∞,
  // where Q is NaN and the loop ends. (A cap at 1e30 returned a τ² far below the root for sites that
  // far apart, possible only with maxRateCps raised far above a probe's.)
  while (generalizedQ(rates, variances, hi) > target) hi *= 4;
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
    const nu = model.logRateDegreesOfFreedom ?? k - 1;
    const t = tQuantile(1 - alpha, nu);
    thresholdCps = Math.exp(model.logRateMean + t * model.logRateSd * Math.sqrt(1 + 1 / k));
    method = `${pct(1 - alpha)} upper prediction bound for a new normal site from ${k} site${k === 1 ? '' : 's'} (t, ${Number.isFinite(nu) ? nu.toFixed(nu % 1 === 0 ? 0 : 1) : '∞'} df, log rate${model.prior ? ', spread shrunk towards the learnt prior' : ''})`;
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
  const nu = model.logRateDegreesOfFreedom ?? k - 1;
  const z =
    (Math.log(ratioCutoff * model.meanCps) - model.logRateMean) / (model.logRateSd * Math.sqrt(1 + 1 / k));
  const p = model.logRateSd === 0 ? (z > 0 ? 0 : 1) : 1 - tCdf(z, nu);
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

/** Student t quantile, the normal one for infinite degrees of freedom (a prior with d0 = ∞). */
export function tQuantile(p: number, nu: number): number {
  return Number.isFinite(nu) ? memoQuantile('t', p, nu) : normalQuantile(p);
}

/**
 * Student t and χ² quantiles remembered by (p, ν): the same few are asked for again and again (planning
 * builds thousands of models at one alpha and a handful of site counts). Bounded; cleared when full.
 */
const QUANTILES = new Map<string, number>();
function memoQuantile(kind: 't' | 'chi2', p: number, nu: number): number {
  const key = `${kind}|${p}|${nu}`;
  let q = QUANTILES.get(key);
  if (q === undefined) {
    q = kind === 't' ? studentTQuantile(p, nu) : chiSquareQuantile(p, nu);
    if (QUANTILES.size >= 4096) QUANTILES.clear();
    QUANTILES.set(key, q);
  }
  return q;
}
export function tCdf(x: number, nu: number): number {
  return Number.isFinite(nu) ? studentTCdf(x, nu) : normalCdf(x);
}

function pct(p: number): string {
  const v = p * 100;
  return `${v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toPrecision(2)} %`;
}

function fmt(x: number): string {
  return x.toFixed(2).replace(/\.?0+$/, '');
}
