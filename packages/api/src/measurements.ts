// Measurements: posted by hand (counts and seconds read off a probe) or recorded from a live station.
import { z } from 'zod';
import { Verdict } from './live.js';
import { freeText, Id, Instant, label } from './text.js';

export const MeasurementKind = z.enum(['background', 'in-vivo', 'ex-vivo', 'tumour-bed', 'reference-source']);
export type MeasurementKind = z.infer<typeof MeasurementKind>;

/** `Idempotency-Key` header: 8–128 of `A-Z a-z 0-9 - _ . :` (a UUID is ideal). */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,128}$/, 'must be 8–128 characters of A-Z a-z 0-9 - _ . : (a UUID is ideal)');

export const MeasurementCreate = z.strictObject({
  kind: MeasurementKind,
  siteLabel: label(120),
  /** Whole counts registered, 0 – 1e9. */
  counts: z.number().int().min(0).max(1_000_000_000),
  /** Counting time in seconds, 0.01 – 3600. */
  durationSeconds: z
    .number()
    .min(0.01, 'must be at least 0.01 s (a shorter count is not a measurement)')
    .max(3600, 'must be at most 3600 s'),
  /** When the count ended (ISO-8601 with zone); not more than 5 minutes in the future. */
  measuredAt: Instant,
  lesionId: Id.nullable().optional(),
  specimenId: Id.nullable().optional(),
  probeId: Id.nullable().optional(),
});
export type MeasurementCreate = z.infer<typeof MeasurementCreate>;

/** Record from a live station: the counts, seconds and verdict of the current site, as the screens show them. */
export const LiveMeasurementCreate = z.strictObject({
  kind: MeasurementKind,
  /** Defaults to the station's current site label. */
  siteLabel: label(120).optional(),
  lesionId: Id.nullable().optional(),
  specimenId: Id.nullable().optional(),
  /**
   * `seq` of the LiveState whose site figures the screen showed when the user marked: the server records
   * exactly that frame's figures (site counts and seconds, T/B and its interval, verdict, evidence), so
   * frames that arrive while the request travels are not added. Without it, the latest frame is recorded.
   * A frame the server no longer holds (older than about 5 minutes, or before a restart) → 409.
   */
  toSeq: z.number().int().min(0).optional(),
  /** The site's first frame as the screen has it (LiveState.siteFromSeq); another site on the server → 409. */
  fromSeq: z.number().int().min(0).optional(),
});

/** Retract a measurement recorded in error; the audit log keeps it with the reason. */
export const MeasurementRetract = z.strictObject({
  reason: freeText(2000).pipe(z.string().trim().min(1, 'must not be empty')),
});

export const MeasurementLink = z.strictObject({
  lesionId: Id.nullable().optional(),
  specimenId: Id.nullable().optional(),
});

/**
 * A background site the outlier check flagged (issue 12): why, and what the team decided. `unconfirmed`:
 * left out of the normal-tissue model and no verdict until kept or dropped; `kept`: counts; `dropped`:
 * never counts.
 */
export const FlaggedSite = z.object({
  siteLabel: z.string(),
  direction: z.enum(['low', 'high']),
  rateCps: z.number(),
  status: z.enum(['unconfirmed', 'kept', 'dropped']),
  reason: z.string(),
});
export type FlaggedSite = z.infer<typeof FlaggedSite>;

/** `POST /api/stations/:id/background-sites/:label` and `POST /api/cases/:id/background-sites/:label`. */
export const BackgroundSiteDecisionRequest = z.strictObject({
  action: z.enum(['keep', 'drop']),
  /** Why, in words (optional; kept in the record and the audit log). */
  reason: freeText(500).optional(),
});

export const BackgroundSiteDecision = z.object({
  siteLabel: z.string(),
  action: z.enum(['keep', 'drop']),
  reason: z.string().nullable(),
  decidedAt: Instant,
  decidedBy: z.string(),
});
export type BackgroundSiteDecision = z.infer<typeof BackgroundSiteDecision>;

/** The background model a verdict was made against (as the screen showed it when the mark was made). */
export const BackgroundModel = z.object({
  /** Mean normal-tissue rate, counts per second. */
  meanCps: z.number(),
  /** Spread of normal tissue between sites (SD of the true rates beyond Poisson), counts per second. */
  sdCps: z.number(),
  /** Background sites the model was built from. */
  sites: z.number().int(),
  /** The limit: the rate normal tissue exceeds with probability `alpha` in this patient, counts per second. */
  thresholdCps: z.number(),
  /** How the model was formed and which rule used it, in words. */
  method: z.string(),
  /** Decision rule id (`adaptive`, `sprt`, `k-sigma`, …); absent on measurements recorded before it was kept. */
  rule: z.string().optional(),
  /** The rule's false-positive rate, false-negative rate and the T/B it looks for. */
  alpha: z.number().optional(),
  beta: z.number().optional(),
  targetRatio: z.number().optional(),
  /** Background model estimator (e.g. `random-effects`, `robust`), when the engine reports it. */
  estimator: z.string().optional(),
  /** Sites given, flagged and dropped ones included (issue 12); absent on older records. */
  sitesGiven: z.number().int().optional(),
  /** Sites needed before verdicts stop being provisional, and why (in terms of the spread seen). */
  minimumSites: z.number().int().optional(),
  minimumSitesReason: z.string().optional(),
  provisional: z.boolean().optional(),
  /** Spread between normal sites the limit used, as a CV; null when unknown (one site, no prior). */
  spreadCv: z.number().nullable().optional(),
  /** Learnt spread prior (empirical Bayes, the department's past cases); null when none. */
  prior: z.object({ cases: z.number().int(), source: z.string() }).nullable().optional(),
  /** Background sites the outlier check flagged, with the team's decision. */
  flagged: z.array(FlaggedSite).optional(),
  /** Why no verdict rested on the model (an unconfirmed flagged site); null when usable. */
  blockedReason: z.string().nullable().optional(),
});

export const Measurement = z.object({
  id: Id,
  caseId: Id,
  idempotencyKey: z.string(),
  kind: MeasurementKind,
  siteLabel: z.string(),
  counts: z.number().int(),
  durationSeconds: z.number(),
  measuredAt: Instant,
  rateCps: z.number(),
  rateLowCps: z.number().nullable(),
  rateHighCps: z.number().nullable(),
  /** Rate decay-corrected to `decayReferenceTime`; null when the case has no tracer administration. */
  decayCorrectedRateCps: z.number().nullable(),
  decayReferenceTime: Instant.nullable(),
  nuclide: z.string().nullable(),
  halfLifeSeconds: z.number().nullable(),
  backgroundModel: BackgroundModel.nullable(),
  ratio: z.number().nullable(),
  /** 95 % interval of T/B (null when there is no T/B, and on measurements recorded before it was kept). */
  ratioLow: z.number().nullable(),
  ratioHigh: z.number().nullable(),
  verdict: Verdict,
  /** Confidence of the verdict in percent (1 − its error rate), null while undecided or not classified. */
  confidencePercent: z.number().nullable(),
  /** Counting seconds at the site when the verdict was reached; null while undecided. */
  decisionSeconds: z.number().nullable(),
  /** True when the engine called its verdict provisional (e.g. too few background sites); null: not said. */
  provisional: z.boolean().nullable(),
  /** Warnings the screen showed with the verdict (background model, cut-off safety, …). */
  warnings: z.array(z.string()),
  evidence: z.string(),
  lesionId: Id.nullable(),
  specimenId: Id.nullable(),
  probeId: Id.nullable(),
  liveSessionId: Id.nullable(),
  fromSeq: z.number().int().nullable(),
  toSeq: z.number().int().nullable(),
  source: z.enum(['manual', 'live']),
  createdAt: Instant,
  createdBy: z.string(),
});
export type Measurement = z.infer<typeof Measurement>;
