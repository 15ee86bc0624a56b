// Measurements: posted by hand (counts and seconds read off a probe) or recorded from a live station.
import { z } from 'zod';
import { Verdict } from './live.js';
import { Id, Instant, label } from './text.js';

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
  /** Counting time in seconds, > 0 and at most 3600. */
  durationSeconds: z.number().positive().max(3600),
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
});

export const MeasurementLink = z.strictObject({
  lesionId: Id.nullable().optional(),
  specimenId: Id.nullable().optional(),
});

export const BackgroundModel = z.object({
  meanCps: z.number(),
  sdCps: z.number(),
  sites: z.number().int(),
  thresholdCps: z.number(),
  method: z.string(),
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
  verdict: Verdict,
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
