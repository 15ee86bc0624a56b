// The rest of the daily check: background (contamination, noise) and the checklist.
// The SNMMI summary of routine QC lists for intraoperative probes, daily: battery check, bias check,
// energy peaking (if applicable), background, constancy (research-notes §3.1, S26). NEMA NU 3-2004
// names visual inspection and the power-source check as constancy tests (§3.2, S29).
import type { ConstancyOutcome } from './constancy.js';
import { fail, ok, type QcResult, type QcVerdict, worstVerdict } from './result.js';

export interface BackgroundCheckInput {
  counts: number;
  seconds: number;
  /** Above this the probe or the room is contaminated or the detector is noisy: fail. Set by the department. */
  maxBackgroundCps: number;
  /** The probe's usual background in this place; a significant rise (z > 3) is a warning. */
  referenceBackgroundCps?: number;
}

export interface BackgroundCheckOutcome {
  backgroundCps: number;
  uncertaintyCps: number;
  maxBackgroundCps: number;
  referenceBackgroundCps: number | null;
  /** (rate − reference) / σ, σ from Poisson counts; null without a reference. */
  zAboveReference: number | null;
  result: QcVerdict;
  reasons: ('below-limit' | 'above-limit' | 'significant-rise')[];
}

export function evaluateBackground(input: BackgroundCheckInput): QcResult<BackgroundCheckOutcome> {
  if (!(Number.isInteger(input.counts) && input.counts >= 0))
    return fail('bad-input', `background counts must be a whole number ≥ 0 (got ${input.counts})`);
  if (!(Number.isFinite(input.seconds) && input.seconds > 0))
    return fail('bad-input', `background seconds must be > 0 (got ${input.seconds})`);
  if (!(Number.isFinite(input.maxBackgroundCps) && input.maxBackgroundCps > 0))
    return fail('bad-input', `maxBackgroundCps must be > 0 (got ${input.maxBackgroundCps})`);
  const ref = input.referenceBackgroundCps;
  if (ref !== undefined && !(Number.isFinite(ref) && ref >= 0))
    return fail('bad-input', `referenceBackgroundCps must be ≥ 0 (got ${ref})`);
  const backgroundCps = input.counts / input.seconds;
  // With 0 counts the Poisson σ estimate is 0; use the σ of one count so z stays finite.
  const uncertaintyCps = Math.sqrt(Math.max(input.counts, 1)) / input.seconds;
  const z = ref === undefined ? null : (backgroundCps - ref) / uncertaintyCps;
  const reasons: BackgroundCheckOutcome['reasons'] = [];
  let result: QcVerdict = 'pass';
  if (backgroundCps > input.maxBackgroundCps) {
    result = 'fail';
    reasons.push('above-limit');
  } else reasons.push('below-limit');
  if (z !== null && z > 3) {
    reasons.push('significant-rise');
    if (result === 'pass') result = 'warn';
  }
  return ok({
    backgroundCps,
    uncertaintyCps,
    maxBackgroundCps: input.maxBackgroundCps,
    referenceBackgroundCps: ref ?? null,
    zAboveReference: z,
    result,
    reasons,
  });
}

export const CHECKLIST_ITEMS = ['visual-inspection', 'battery', 'cable', 'audio'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
export type ChecklistStatus = 'ok' | 'fault' | 'not-checked';
export type Checklist = Record<ChecklistItem, ChecklistStatus>;

export interface ChecklistOutcome {
  result: QcVerdict;
  faults: ChecklistItem[];
  notChecked: ChecklistItem[];
}

/** A fault fails the check; an item not checked is a warning (the check is incomplete). */
export function evaluateChecklist(checklist: Checklist): ChecklistOutcome {
  const faults = CHECKLIST_ITEMS.filter((i) => checklist[i] === 'fault');
  const notChecked = CHECKLIST_ITEMS.filter((i) => checklist[i] === 'not-checked');
  return { result: faults.length > 0 ? 'fail' : notChecked.length > 0 ? 'warn' : 'pass', faults, notChecked };
}

export interface DailyCheckOutcome {
  result: QcVerdict;
  constancy: QcVerdict;
  background: QcVerdict | null;
  checklist: QcVerdict;
}

/** The day's verdict is the worst of its parts. */
export function dailyCheckVerdict(parts: {
  constancy: Pick<ConstancyOutcome, 'result'>;
  background: Pick<BackgroundCheckOutcome, 'result'> | null;
  checklist: Pick<ChecklistOutcome, 'result'>;
}): DailyCheckOutcome {
  const background = parts.background?.result ?? null;
  const all: QcVerdict[] = [parts.constancy.result, parts.checklist.result];
  if (background) all.push(background);
  return {
    result: worstVerdict(all),
    constancy: parts.constancy.result,
    background,
    checklist: parts.checklist.result,
  };
}
