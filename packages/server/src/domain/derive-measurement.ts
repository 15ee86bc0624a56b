// What the server derives from a measurement before storing it: rate with its exact Poisson interval,
// decay-corrected rate, the background model of the case, T/B, and a verdict with its evidence.
// Pure given its inputs (the store calls it inside the recording transaction).

import {
  type BackgroundSummary,
  buildBackgroundModel,
  type BackgroundModel as CountingBackground,
  createRule,
  DEFAULT_MAX_RATE_CPS,
  type Decision,
  type DecisionConfig,
  formatBackgroundSummary,
  type LiveSnapshot,
  poissonInterval,
  type SpreadPrior,
  SprtCalibrationCache,
  summarizeBackground,
  targetToBackground,
} from '@openrgs/counting';
import { firstIssue, type Issue, messagesOf, type Outcome } from '@openrgs/outcome';
import { decayCorrectRate, findNuclide } from '@openrgs/physics';
import type {
  BackgroundModel,
  DerivationContext,
  MeasurementDerived,
  MeasurementInput,
} from '@openrgs/store';
import { ApiError } from '../errors.js';
import { backgroundInputOf } from './background-input.js';
import { LIVE_DECISION, manualDecision } from './decision.js';
import { MAX_HALF_LIVES } from './plausible.js';

const CONFIDENCE = 0.95;
const calibrations = new SprtCalibrationCache();

/** The verdict part: from a live engine (as the screen showed it) or from a fixed-time rule. */
export interface LiveVerdict {
  verdict: 'positive' | 'negative' | 'undecided';
  evidence: string;
  ratio: number | null;
  ratioLow: number | null;
  ratioHigh: number | null;
  confidencePercent: number | null;
  decisionSeconds: number | null;
  provisional: boolean | null;
  warnings: string[];
  backgroundModel: BackgroundModel | null;
}

const NOT_CLASSIFIED = {
  ratio: null,
  ratioLow: null,
  ratioHigh: null,
  confidencePercent: null,
  decisionSeconds: null,
  provisional: null,
  warnings: [],
  backgroundModel: null,
} as const;

function notClassified(kind: string): LiveVerdict {
  return {
    verdict: 'undecided',
    evidence: `${kind} measurement: it informs decisions, it is not classified itself`,
    ...NOT_CLASSIFIED,
    warnings: [],
  };
}

/** The verdict's confidence in percent (1 − the error rate of that kind of verdict), null while undecided. */
function confidencePercentOf(decision: Decision | null): number | null {
  return decision?.confidence == null ? null : decision.confidence * 100;
}

/** The verdict and its evidence exactly as one live frame showed them, for a measurement of `kind`. */
export function liveVerdict(snapshot: LiveSnapshot, kind: MeasurementInput['kind']): LiveVerdict {
  if (kind === 'background' || kind === 'reference-source') return notClassified(kind);
  const bg = snapshot.background;
  const decision = snapshot.decision;
  const rule = decision?.rule ?? LIVE_DECISION.rule;
  return {
    verdict: snapshot.verdict,
    evidence: snapshot.evidence,
    ratio: snapshot.site.ratio,
    ratioLow: snapshot.site.ratioLow,
    ratioHigh: snapshot.site.ratioHigh,
    confidencePercent: confidencePercentOf(decision),
    decisionSeconds: decision?.decisionSeconds ?? null,
    provisional: snapshot.verdict === 'undecided' ? null : snapshot.provisional,
    warnings: [
      ...snapshot.backgroundWarnings,
      ...(snapshot.cutoff?.safe === false ? [snapshot.cutoff.message] : []),
    ],
    backgroundModel:
      bg === null
        ? null
        : {
            meanCps: bg.meanCps,
            sdCps: bg.sdCps,
            sites: bg.sites,
            thresholdCps: bg.thresholdCps,
            method: `live engine, rule ${rule} (T/B ${LIVE_DECISION.ratio}, alpha ${LIVE_DECISION.alpha}, beta ${LIVE_DECISION.beta}); ${formatBackgroundSummary(bg)}`,
            rule,
            alpha: LIVE_DECISION.alpha,
            beta: LIVE_DECISION.beta,
            targetRatio: LIVE_DECISION.ratio,
            ...storedSummaryFields(bg),
          },
  };
}

/** What the record keeps of the background summary beyond mean, spread and limit (issue 12). */
function storedSummaryFields(s: BackgroundSummary): Partial<BackgroundModel> {
  return {
    sitesGiven: s.sitesGiven,
    minimumSites: s.minimumSites,
    minimumSitesReason: s.minimumSitesReason,
    provisional: s.provisional,
    spreadCv: s.spreadCv,
    prior: s.prior,
    flagged: s.flagged.map((f) => ({ ...f })),
    blockedReason: s.blockedReason,
  };
}

/**
 * Why no verdict may rest on the case's background: none measured yet (`no-background`), the model refused
 * its sites (`background-model`, with the model's own kind and message), or a flagged site nobody has kept or
 * dropped (`flagged-site`). The issue keeps the warnings met on the way and — for a flagged site — the model
 * built without it, which the measurement records.
 */
export interface BackgroundIssue extends Issue {
  code: 'no-background' | 'background-model' | 'flagged-site';
  warnings: string[];
  model: CountingBackground | null;
}

export type CaseBackground = Outcome<{ model: CountingBackground; warnings: string[] }, BackgroundIssue>;

export function caseBackground(context: DerivationContext, prior: SpreadPrior | null = null): CaseBackground {
  const { input, warnings } = backgroundInputOf(
    context.backgroundMeasurements,
    context.backgroundDecisions,
    prior,
  );
  const refuse = (issue: BackgroundIssue): CaseBackground => ({ ok: false, issues: [issue] });
  if (input === null)
    return refuse({
      kind: 'not-found',
      code: 'no-background',
      message: 'no background measured in this case yet',
      warnings,
      model: null,
    });
  const result = buildBackgroundModel(input);
  if (!result.ok) {
    const { kind, message } = firstIssue(result.issues);
    return refuse({ kind, code: 'background-model', message, warnings, model: null });
  }
  // A flagged background site nobody has confirmed: no verdict may rest on this model (issue 12).
  if (result.value.blockedReason !== null)
    return refuse({
      kind: 'conflict',
      code: 'flagged-site',
      message: result.value.blockedReason,
      warnings: [...warnings, ...result.value.warnings],
      model: result.value,
    });
  return { ok: true, value: { model: result.value, warnings } };
}

function decay(context: DerivationContext, input: MeasurementInput, rateCps: number) {
  const endMs = Date.parse(input.measuredAt);
  const startMs = endMs - input.durationSeconds * 1000;
  const given = context.tracerAdministrations.filter((t) => Date.parse(t.administeredAt) <= endMs);
  const tracer = given[given.length - 1];
  if (tracer === undefined) {
    return { fields: null, note: 'not decay-corrected: no tracer administration before this measurement' };
  }
  const nuclide = findNuclide(tracer.nuclide);
  if (!nuclide.ok) return { fields: null, note: `not decay-corrected: ${messagesOf(nuclide.issues)}` };
  const reference = context.case.decayReferenceTime ?? tracer.administeredAt;
  const halfLives = Math.abs(startMs - Date.parse(reference)) / 1000 / nuclide.value.halfLifeSeconds;
  if (!(halfLives <= MAX_HALF_LIVES)) {
    const hours = (nuclide.value.halfLifeSeconds / 3600).toPrecision(3);
    throw new ApiError(
      'validation',
      `body.measuredAt: this count lies ${halfLives.toPrecision(3)} half-lives of ${nuclide.value.name} ` +
        `(T½ ${hours} h) from its decay reference ${new Date(Date.parse(reference)).toISOString()}; ` +
        `more than ${MAX_HALF_LIVES} is not a measurement of this tracer — check measuredAt, the tracer's ` +
        `administeredAt and the case's decayReferenceTime`,
      'body.measuredAt',
    );
  }
  const corrected = decayCorrectRate({
    halfLifeSeconds: nuclide.value.halfLifeSeconds,
    rateCps,
    measuredAtEpochMs: startMs,
    referenceEpochMs: Date.parse(reference),
    countDurationSeconds: input.durationSeconds,
  });
  return {
    fields: {
      decayCorrectedRateCps: corrected.rateCps,
      decayReferenceTime: new Date(Date.parse(reference)).toISOString(),
      nuclide: nuclide.value.name,
      halfLifeSeconds: nuclide.value.halfLifeSeconds,
    },
    note: null,
  };
}

function toStoredModel(
  model: CountingBackground,
  thresholdCps: number,
  method: string,
  config: DecisionConfig,
): BackgroundModel {
  return {
    ...storedSummaryFields(summarizeBackground(model, config)),
    meanCps: model.meanCps,
    // The spread the limits use (as every screen shows it: background-summary.ts), not the DL moment alone.
    sdCps: model.spreadCv === null ? 0 : model.meanCps * model.spreadCv,
    sites: model.sites,
    thresholdCps,
    method,
    rule: config.rule,
    alpha: config.alpha,
    beta: config.beta,
    targetRatio: config.ratio,
  };
}

function fixedTimeVerdict(
  context: DerivationContext,
  input: MeasurementInput,
  prior: SpreadPrior | null,
): LiveVerdict {
  if (input.kind === 'background' || input.kind === 'reference-source') return notClassified(input.kind);
  const config: DecisionConfig = manualDecision(input.durationSeconds);
  const background = caseBackground(context, prior);
  if (!background.ok) {
    const { message, warnings, model } = firstIssue(background.issues);
    return {
      verdict: 'undecided',
      evidence: `No verdict: ${message}.`,
      ...NOT_CLASSIFIED,
      warnings,
      backgroundModel:
        model === null
          ? null
          : toStoredModel(
              model,
              model.meanCps,
              `${model.sites} of ${model.sitesGiven} background site(s) of this case; no verdict until the flagged site is kept or dropped`,
              config,
            ),
    };
  }
  const bg = background.value;
  const rule = createRule(config, {
    background: bg.model,
    frameSeconds: input.durationSeconds,
    deadTime: null,
    calibrations,
  });
  rule.push(input.counts, input.durationSeconds);
  const decision = rule.decision();
  const tb = targetToBackground(input.counts, input.durationSeconds, bg.model, CONFIDENCE);
  const limitCounts = decision.numbers.limitCounts;
  const thresholdCps =
    typeof limitCounts === 'number' ? limitCounts / input.durationSeconds : bg.model.meanCps;
  return {
    verdict: decision.verdict,
    evidence: decision.evidence,
    ratio: tb.ratio,
    ratioLow: tb.ratioLow,
    ratioHigh: tb.ratioHigh,
    confidencePercent: confidencePercentOf(decision),
    decisionSeconds: decision.decisionSeconds,
    provisional: decision.verdict === 'undecided' ? null : bg.model.provisional,
    warnings: [...bg.warnings, ...bg.model.warnings],
    backgroundModel: toStoredModel(
      bg.model,
      thresholdCps,
      `${bg.model.sites} background site(s) of this case; rule k-sigma (k = 3) on a ${input.durationSeconds} s count`,
      config,
    ),
  };
}

const finiteOrNull = (value: number | null): number | null =>
  value !== null && Number.isFinite(value) ? value : null;

/** Derives the stored fields; `live` supplies the verdict a live engine reached (recorded as shown). */
export function deriveMeasurement(
  context: DerivationContext,
  input: MeasurementInput,
  live?: LiveVerdict,
  options: { prior?: SpreadPrior | null } = {},
): MeasurementDerived {
  const rateCps = input.counts / input.durationSeconds;
  if (input.kind === 'background' && rateCps > DEFAULT_MAX_RATE_CPS) {
    // The same plausibility limit as for frames (counting frame-check.ts), so no model ever sees it.
    throw new ApiError(
      'validation',
      `body.counts: ${input.counts} counts in ${input.durationSeconds} s = ${rateCps.toExponential(2)} cps is above the plausible ${DEFAULT_MAX_RATE_CPS.toExponential(1)} cps of a probe (frames that fast are refused too); check the counts and the counting time`,
      'body.counts',
    );
  }
  const interval = poissonInterval(input.counts, CONFIDENCE);
  const corrected = decay(context, input, rateCps);
  const verdict = live ?? fixedTimeVerdict(context, input, options.prior ?? null);
  const evidence = corrected.note === null ? verdict.evidence : `${verdict.evidence} (${corrected.note})`;
  return {
    rateCps,
    rateLowCps: interval.lowCounts / input.durationSeconds,
    rateHighCps: interval.highCounts / input.durationSeconds,
    decayCorrectedRateCps: corrected.fields?.decayCorrectedRateCps ?? null,
    decayReferenceTime: corrected.fields?.decayReferenceTime ?? null,
    nuclide: corrected.fields?.nuclide ?? null,
    halfLifeSeconds: corrected.fields?.halfLifeSeconds ?? null,
    backgroundModel: verdict.backgroundModel,
    ratio: verdict.ratio,
    ratioLow: verdict.ratio === null ? null : finiteOrNull(verdict.ratioLow),
    ratioHigh: verdict.ratio === null ? null : finiteOrNull(verdict.ratioHigh),
    verdict: verdict.verdict,
    confidencePercent: verdict.confidencePercent,
    decisionSeconds: verdict.decisionSeconds,
    provisional: verdict.provisional,
    warnings: verdict.warnings,
    evidence,
  };
}
