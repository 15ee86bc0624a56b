// Empirical-Bayes prior for the between-site spread of normal tissue, learnt from the department's own past
// cases (same tracer and tissue). Each past case with k ≥ 2 background sites gives a sample variance s² of
// its log site rates on k - 1 degrees of freedom. Those variances are modelled as scaled inverse chi-square
// around a common prior value s0² with d0 prior degrees of freedom, and (d0, s0²) are estimated by the
// moments of ln s² with the digamma and trigamma functions — Smyth, "Linear models and empirical Bayes
// methods for assessing differential expression in microarray experiments", Stat Appl Genet Mol Biol
// 3(1) Art. 3 (2004), §6.2. A new case's variance is then shrunk towards s0²:
//   s̃² = (d0·s0² + (k-1)·s²) / (d0 + k - 1), on d0 + k - 1 degrees of freedom,
// the variance analogue of Efron & Morris (1973, JASA 68:117) and Morris (1983, JASA 78:47) shrinkage.
// With no prior the model falls back to the case's own s² on k - 1 degrees of freedom (today's rule).

import { digamma, trigamma, trigammaInverse } from '@openrgs/numeric';
import { invalid, type Outcome } from '@openrgs/outcome';
import { type BackgroundSite, flagOutlyingSites, logSiteRate } from './site-outliers.js';

export interface SpreadPrior {
  /** Prior value of the between-site variance of ln(site rate) (counting noise included), s0². */
  logVariance: number;
  /** Prior degrees of freedom d0 (how many sites' worth of evidence the prior carries; capped). */
  degreesOfFreedom: number;
  /** Past cases and sites it was learnt from. */
  cases: number;
  sites: number;
  /** What it was learnt from, in words (e.g. "Tc-99m-HYNIC-TOC, small bowel: 42 past cases"). */
  source: string;
}

/** The prior, or why there is none (@openrgs/outcome: one `invalid` issue, code `prior-too-few-cases`). */
export type SpreadPriorResult = Outcome<SpreadPrior>;

/** Fewer past cases with at least two sites than this give no prior (the moments would be noise). */
export const MIN_PRIOR_CASES = 5;

/**
 * Smyth's (2004, §6.2) moment estimator of (d0, s0²) from past cases' background sites. Sites that the
 * outlier check flags in their own case are left out first, so one lifted probe in the registry does not
 * inflate the prior. d0 is capped at the registry's own degrees of freedom Σ(k-1): the prior never claims
 * more evidence than the cases hold.
 */
export function estimateSpreadPrior(cases: BackgroundSite[][], source: string): SpreadPriorResult {
  const variances: Array<{ s2: number; df: number }> = [];
  let sites = 0;
  for (const caseSites of cases) {
    const flags = flagOutlyingSites(caseSites, {});
    const kept = caseSites.filter((_, i) => !flags.some((f) => f.index === i));
    if (kept.length < 2) continue;
    const y = kept.map(logSiteRate);
    const mean = y.reduce((a, v) => a + v, 0) / y.length;
    const s2 = y.reduce((a, v) => a + (v - mean) ** 2, 0) / (y.length - 1);
    if (!(s2 > 0)) continue; // identical rates carry no information on the log scale
    variances.push({ s2, df: y.length - 1 });
    sites += kept.length;
  }
  const n = variances.length;
  if (n < MIN_PRIOR_CASES) {
    return invalid(
      'prior-too-few-cases',
      `${n} past case${n === 1 ? '' : 's'} with two or more background sites (${source}); at least ${MIN_PRIOR_CASES} are needed to learn the spread`,
    );
  }
  // e_g = ln s_g² - ψ(d_g/2) + ln(d_g/2) has mean ln s0² - ψ(d0/2) + ln(d0/2) and variance ψ'(d0/2) + ψ'(d_g/2).
  const e = variances.map((v) => Math.log(v.s2) - digamma(v.df / 2) + Math.log(v.df / 2));
  const eMean = e.reduce((a, x) => a + x, 0) / n;
  const excess =
    e.reduce((a, x) => a + (x - eMean) ** 2, 0) / (n - 1) -
    variances.reduce((a, v) => a + trigamma(v.df / 2), 0) / n;
  const totalDf = variances.reduce((a, v) => a + v.df, 0);
  let d0: number;
  let s02: number;
  if (excess > 0) {
    d0 = 2 * trigammaInverse(excess);
    s02 = Math.exp(eMean + digamma(d0 / 2) - Math.log(d0 / 2));
  } else {
    // The variances vary no more than sampling alone explains: all cases share one spread.
    d0 = Number.POSITIVE_INFINITY;
    s02 = Math.exp(eMean);
  }
  if (d0 > totalDf) {
    // Cap: recompute s0² for the capped d0 so the prior stays centred on the same evidence.
    d0 = totalDf;
    s02 = Math.exp(eMean + digamma(d0 / 2) - Math.log(d0 / 2));
  }
  return { ok: true, value: { logVariance: s02, degreesOfFreedom: d0, cases: n, sites, source } };
}
