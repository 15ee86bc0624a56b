// What the server derives from a measurement before storing it: rate with its exact Poisson interval,
// decay-corrected rate, the background model of the case, T/B, and a verdict with its evidence.
// Pure given its inputs (the store calls it inside the recording transaction).
import {
  buildBackgroundModel,
  type BackgroundModel as CountingBackground,
  createRule,
  type DecisionConfig,
  poissonInterval,
  SprtCalibrationCache,
  targetToBackground,
} from '@openrgs/counting';
import { decayCorrectRate, findNuclide } from '@openrgs/physics';
import type {
  BackgroundModel,
  DerivationContext,
  MeasurementDerived,
  MeasurementInput,
} from '@openrgs/store';
import { manualDecision } from './decision.js';

const CONFIDENCE = 0.95;
const calibrations = new SprtCalibrationCache();

/** The verdict part, when it comes from a live engine instead of a fixed-time rule. */
export interface LiveVerdict {
  verdict: 'positive' | 'negative' | 'undecided';
  evidence: string;
  ratio: number | null;
  backgroundModel: BackgroundModel | null;
}

export function caseBackground(
  context: DerivationContext,
): { ok: true; model: CountingBackground } | { ok: false; message: string } {
  const sites = context.backgroundMeasurements.map((m) => ({
    siteLabel: m.siteLabel,
    counts: m.counts,
    durationSeconds: m.durationSeconds,
  }));
  if (sites.length === 0) return { ok: false, message: 'no background measured in this case yet' };
  const result = buildBackgroundModel({ kind: 'sites', sites });
  return result.ok ? { ok: true, model: result.model } : { ok: false, message: result.message };
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
  if (!nuclide.ok) return { fields: null, note: `not decay-corrected: ${nuclide.issue.message}` };
  const reference = context.case.decayReferenceTime ?? tracer.administeredAt;
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

function toStoredModel(model: CountingBackground, thresholdCps: number, method: string): BackgroundModel {
  return { meanCps: model.meanCps, sdCps: model.sdCps, sites: model.sites, thresholdCps, method };
}

function fixedTimeVerdict(context: DerivationContext, input: MeasurementInput): LiveVerdict {
  if (input.kind === 'background' || input.kind === 'reference-source') {
    return {
      verdict: 'undecided',
      evidence: `${input.kind} measurement: it informs decisions, it is not classified itself`,
      ratio: null,
      backgroundModel: null,
    };
  }
  const bg = caseBackground(context);
  if (!bg.ok) {
    return {
      verdict: 'undecided',
      evidence: `No verdict: ${bg.message}.`,
      ratio: null,
      backgroundModel: null,
    };
  }
  const config: DecisionConfig = manualDecision(input.durationSeconds);
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
    backgroundModel: toStoredModel(
      bg.model,
      thresholdCps,
      `${bg.model.sites} background site(s) of this case; rule k-sigma (k = 3) on a ${input.durationSeconds} s count`,
    ),
  };
}

/** Derives the stored fields; `live` supplies the verdict a live engine reached (recorded as shown). */
export function deriveMeasurement(
  context: DerivationContext,
  input: MeasurementInput,
  live?: LiveVerdict,
): MeasurementDerived {
  const rateCps = input.counts / input.durationSeconds;
  const interval = poissonInterval(input.counts, CONFIDENCE);
  const corrected = decay(context, input, rateCps);
  const verdict = live ?? fixedTimeVerdict(context, input);
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
    verdict: verdict.verdict,
    evidence,
  };
}
