// The one summary of a background model that every screen, report and record prints: mean, the spread
// the normal-tissue limit actually uses, sites (used / given / needed), the limit and the rule behind it,
// and the flagged sites. Built once by the engine; `formatBackgroundSummary` is the single wording, so
// the OR screen, the in-app report and the PDF cannot disagree (issue 13 §9).
import { adaptiveThreshold, type BackgroundModel } from './background-model.js';
import { DEFAULT_ADAPTIVE_THRESHOLD_SHARE, type DecisionConfig } from './decision-rules.js';

export interface FlaggedSiteSummary {
  siteLabel: string;
  direction: 'low' | 'high';
  rateCps: number;
  status: 'unconfirmed' | 'kept' | 'dropped';
  reason: string;
}

export interface BackgroundSummary {
  meanCps: number;
  /**
   * Spread between normal sites that the limit uses, as an SD in cps (meanCps × spreadCv; counting noise
   * of the sites included); 0 for a known rate.
   */
  sdCps: number;
  /** The same as a coefficient of variation; null when unknown (one site, no learnt prior). */
  spreadCv: number | null;
  /** Sites the model rests on. */
  sites: number;
  /** Sites given (including flagged or dropped ones). */
  sitesGiven: number;
  /** Sites needed before verdicts stop being provisional, and why (in terms of the spread seen). */
  minimumSites: number;
  minimumSitesReason: string;
  provisional: boolean;
  /** Normal-tissue limit the rule uses: rate a new normal site exceeds with the stated probability, cps. */
  thresholdCps: number;
  thresholdRatio: number;
  /** How the limit was computed, in words. */
  rule: string;
  /** Learnt prior: past cases and where from; null when none. */
  prior: { cases: number; source: string } | null;
  flagged: FlaggedSiteSummary[];
  /** Why no verdict may rest on the model yet; null when usable. */
  blockedReason: string | null;
}

export function summarizeBackground(model: BackgroundModel, decision: DecisionConfig): BackgroundSummary {
  const share =
    decision.rule === 'adaptive' ? (decision.adaptiveThresholdShare ?? DEFAULT_ADAPTIVE_THRESHOLD_SHARE) : 1;
  const limit = adaptiveThreshold(model, decision.alpha * share);
  return {
    meanCps: model.meanCps,
    sdCps: model.spreadCv === null ? 0 : model.meanCps * model.spreadCv,
    spreadCv: model.spreadCv,
    sites: model.sites,
    sitesGiven: model.sitesGiven,
    minimumSites: model.minimumSites,
    minimumSitesReason: model.minimumSitesReason,
    provisional: model.provisional,
    thresholdCps: limit.thresholdCps,
    thresholdRatio: limit.thresholdRatio,
    rule: limit.method,
    prior: model.prior === null ? null : { cases: model.prior.cases, source: model.prior.source },
    flagged: model.flagged.map((f) => ({
      siteLabel: f.siteLabel,
      direction: f.direction,
      rateCps: f.rateCps,
      status: f.status,
      reason: f.reason,
    })),
    blockedReason: model.blockedReason,
  };
}

/** The summary in one line, e.g. "52.0 cps ± 15.6 (CV 30 %) from 3 of 3 sites; limit 92.1 cps (T/B 1.77) — …". */
export function formatBackgroundSummary(s: BackgroundSummary): string {
  const spread =
    s.spreadCv === null ? 'spread unknown' : `± ${cps(s.sdCps)} (CV ${(s.spreadCv * 100).toFixed(0)} %)`;
  const sites =
    s.sitesGiven === 0
      ? 'known rate'
      : `${s.sites} of ${s.sitesGiven} site${s.sitesGiven === 1 ? '' : 's'}${s.provisional ? `, provisional until ${s.minimumSites}` : ''}`;
  const parts = [
    `${cps(s.meanCps)} cps ${spread} from ${sites}`,
    `normal-tissue limit ${cps(s.thresholdCps)} cps (T/B ${s.thresholdRatio.toFixed(2)}): ${s.rule}`,
  ];
  for (const f of s.flagged) {
    parts.push(
      `site '${f.siteLabel}' ${f.status === 'unconfirmed' ? 'left out until kept or dropped' : f.status}`,
    );
  }
  return parts.join('; ');
}

function cps(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}
