// The evidence of a decision in words a clinician reads: the verdict, how sure, the rate and T/B with
// their 95 % intervals, and the rule that decided. Numbers are rounded for reading; the exact values
// travel in `numbers`.
import type { BackgroundModel } from './background-model.js';
import type { Decision, DecisionConfig, Verdict } from './decision-rules.js';
import { rateInterval } from './poisson-interval.js';
import { targetToBackground } from './ratio-interval.js';
import { isNotDetectable, verdictWording } from './verdict-wording.js';

export interface DecisionFacts {
  config: DecisionConfig;
  background: BackgroundModel;
  verdict: Verdict;
  counts: number;
  seconds: number;
  decisionSeconds: number | null;
  holdStillSeconds: number | null;
  confidence: number | null;
  numbers: Record<string, number | null>;
  note: string | null;
}

const INTERVAL_CONFIDENCE = 0.95;

export function describeDecision(facts: DecisionFacts): Decision {
  const { config, background, verdict, counts, seconds } = facts;
  const parts: string[] = [];
  const head = verdict === 'undecided' ? 'Undecided' : verdictWording(verdict, facts.confidence);
  const sure = facts.confidence === null ? '' : `, ${percent(facts.confidence)} sure`;
  parts.push(`${head} (${ruleWords(config, facts.numbers)}${sure})`);
  if (isNotDetectable(verdict, facts.confidence)) {
    parts.push(
      `a lesion at T/B ${config.ratio} cannot be told from normal tissue at this spread with these background sites: this is not a negative`,
    );
  }
  if (seconds > 0) {
    const rate = rateInterval(counts, seconds, INTERVAL_CONFIDENCE);
    const tb = targetToBackground(counts, seconds, background, INTERVAL_CONFIDENCE);
    parts.push(
      `${cps(rate.rateCps)} cps (${cps(rate.rateLowCps)}–${cps(rate.rateHighCps)}), T/B ${ratio(tb.ratio)} (${ratio(tb.ratioLow)}–${ratio(tb.ratioHigh)}) against background ${cps(background.meanCps)} cps`,
    );
  } else {
    parts.push(`no counts yet at this site; background ${cps(background.meanCps)} cps`);
  }
  if (facts.decisionSeconds !== null) parts.push(`decided after ${secs(facts.decisionSeconds)} s`);
  else if (facts.holdStillSeconds !== null) {
    parts.push(`${secs(seconds)} s so far; hold still about ${secs(facts.holdStillSeconds)} s more`);
  }
  if (facts.note) parts.push(facts.note);
  return {
    rule: config.rule,
    verdict,
    evidence: `${parts.join('; ')}.`,
    confidence: facts.confidence,
    decisionSeconds: facts.decisionSeconds,
    holdStillSeconds: facts.holdStillSeconds,
    numbers: { counts, seconds, ...facts.numbers },
  };
}

function ruleWords(config: DecisionConfig, n: Record<string, number | null>): string {
  switch (config.rule) {
    case 'sprt':
      return `sequential test of T/B 1 against ${config.ratio}`;
    case 'adaptive': {
      const t = n.thresholdCps;
      return `sequential test against this patient's normal-tissue limit${t === null || t === undefined ? '' : ` ${cps(t)} cps`}`;
    }
    case 'ratio':
      return `T/B ≥ ${config.ratio} after ${secs(config.countSeconds ?? 0)} s`;
    case 'k-sigma':
      return `above background + ${config.kSigma} SD after ${secs(config.countSeconds ?? 0)} s`;
    case 'currie': {
      const lc = n.criticalCounts;
      return `Currie detection, ${secs(n.countSeconds ?? 0)} s count${lc === null || lc === undefined ? '' : `, critical level ${lc.toFixed(1)} net counts`}`;
    }
    case 'fixed':
      return `fixed ${secs(n.countSeconds ?? 0)} s count for T/B ${config.ratio}`;
  }
}

function percent(p: number): string {
  const v = Math.floor(p * 1000) / 10;
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)} %`;
}
function cps(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}
function ratio(x: number | null): string {
  if (x === null) return '—';
  if (!Number.isFinite(x)) return '∞';
  return x.toFixed(2);
}
function secs(x: number): string {
  return x >= 10 ? x.toFixed(0) : x.toFixed(1);
}
