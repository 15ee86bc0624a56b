// Probe quality control on the wire (issue 8; routes in packages/server/src/routes/probe-qc.ts, docs/qc.md):
// the QC profile, daily constancy checks, the control chart, the QC gate and its overrides, NEMA NU 3 test
// records. Requests are strict (unknown fields refused); responses are the store's and @openrgs/qc's
// records field for field (pinned by packages/server/src/wire-contract.test.ts).
import { z } from 'zod';
import { freeText, Instant, label, lineText } from './text.js';

/** The daily check's checklist (@openrgs/qc CHECKLIST_ITEMS; the wire-contract test pins them equal). */
export const QC_CHECKLIST_ITEMS = ['visual-inspection', 'battery', 'cable', 'audio'] as const;
/** NEMA NU 3-2004 tests computed from a measured CSV (@openrgs/qc NEMA_CSV_TESTS, pinned likewise). */
export const NEMA_TEST_NAMES = [
  'resolution',
  'angular',
  'count-rate',
  'shielding',
  'sensitivity',
  'energy',
] as const;
export const QcVerdict = z.enum(['pass', 'warn', 'fail']);
export const QcTestPurpose = z.enum(['acceptance', 'periodic', 'after-repair']);
export const ChecklistStatus = z.enum(['ok', 'fault', 'not-checked']);

const positive = (unit: string) => z.number().positive({ message: `must be > 0 (${unit})` });
const nonNegative = (unit: string) => z.number().nonnegative({ message: `must be ≥ 0 (${unit})` });
const Figures = z.record(z.string().regex(/^[a-zA-Z]+$/), z.number());

// ---------------------------------------------------------------------------------------------------------
// Requests

/** PUT /api/probes/:id/qc/profile: the whole profile (it replaces the stored one). */
export const QcProfilePut = z.strictObject({
  detectorMaterial: lineText(100).nullable(),
  energyWindows: z
    .array(
      z.strictObject({
        label: label(50),
        lowerKeV: nonNegative('keV'),
        upperKeV: positive('keV').nullable(),
      }),
    )
    .max(20),
  deadTimeSeconds: positive('s').nullable(),
  referenceSource: z
    .strictObject({
      nuclide: z.string().min(1).max(30),
      activityMBq: positive('MBq'),
      calibratedAt: Instant,
      serial: lineText(100).nullable(),
    })
    .nullable(),
  baselineCpsPerMBq: positive('cps/MBq').nullable(),
  baselineMeasuredAt: Instant.nullable(),
  constancyTolerance: z
    .strictObject({ warnPercent: positive('%').max(100), failPercent: positive('%').max(100) })
    .refine((t) => t.warnPercent <= t.failPercent, { message: 'warnPercent must not exceed failPercent' })
    .nullable(),
  constancyCountSeconds: positive('s').nullable(),
  maxBackgroundCps: positive('cps').nullable(),
  referenceBackgroundCps: nonNegative('cps').nullable(),
  manufacturerFigures: Figures,
  baselineFigures: Figures,
});
export type QcProfilePut = z.infer<typeof QcProfilePut>;

/** POST /api/probes/:id/qc/checks: one daily constancy check with the source counted and the checklist. */
export const QcCheckCreate = z.strictObject({
  checkedAt: Instant,
  measuredCounts: z.number().int().nonnegative({ message: 'must be a whole number of counts ≥ 0' }),
  countSeconds: positive('s'),
  backgroundCounts: z.number().int().nonnegative().optional(),
  backgroundSeconds: positive('s').optional(),
  checklist: z.strictObject(
    Object.fromEntries(QC_CHECKLIST_ITEMS.map((i) => [i, ChecklistStatus])) as Record<
      (typeof QC_CHECKLIST_ITEMS)[number],
      typeof ChecklistStatus
    >,
  ),
  note: freeText(2000).optional(),
});
export type QcCheckCreate = z.infer<typeof QcCheckCreate>;

export const QcCheckVoid = z.strictObject({
  reason: freeText(2000).pipe(z.string().trim().min(5, 'give a reason of at least 5 characters')),
});
export const QcChecksQuery = z.strictObject({
  from: Instant.optional(),
  to: Instant.optional(),
  includeVoided: z.enum(['true', 'false']).optional(),
});
export const QcChartQuery = z.strictObject({ from: Instant.optional(), to: Instant.optional() });
export const QcGateQuery = z.strictObject({ timeZone: z.string().max(64).optional() });
export const QcOverrideCreate = z.strictObject({
  caseId: z.uuid({ message: 'must be a case id (UUID)' }).nullable(),
  reason: freeText(2000).pipe(z.string().trim().min(5, 'give a reason of at least 5 characters')),
  timeZone: z.string().max(64).optional(),
});
export const QcOverridesQuery = z.strictObject({ caseId: z.uuid().optional() });

const NemaBackground = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('constant'), level: nonNegative('counts') }),
  z.strictObject({ kind: z.literal('edges'), points: z.number().int().min(1) }),
]);
/** POST /api/probes/:id/qc/tests: a NEMA NU 3 test from its measured CSV. */
export const NemaTestCreate = z.strictObject({
  test: z.enum(NEMA_TEST_NAMES),
  purpose: QcTestPurpose,
  performedAt: Instant,
  csv: z.string().min(1).max(500_000),
  options: z
    .strictObject({
      background: NemaBackground.optional(),
      windowKeV: z.tuple([nonNegative('keV'), positive('keV')]).optional(),
      sensitivity: z
        .strictObject({
          medium: z.enum(['air', 'scatter']),
          sourceActivityMBq: positive('MBq'),
          nuclide: z.string().min(1).max(30).nullable(),
          backgroundCps: nonNegative('cps'),
        })
        .optional(),
    })
    .default({}),
  note: freeText(2000).optional(),
});
export type NemaTestCreate = z.infer<typeof NemaTestCreate>;
export const NemaTestsQuery = z.strictObject({ test: z.enum(NEMA_TEST_NAMES).optional() });

// ---------------------------------------------------------------------------------------------------------
// Responses

export const QcProfileRecord = z.object({
  probeId: z.string(),
  detectorMaterial: z.string().nullable(),
  energyWindows: z.array(
    z.object({ label: z.string(), lowerKeV: z.number(), upperKeV: z.number().nullable() }),
  ),
  deadTimeSeconds: z.number().nullable(),
  referenceSource: z
    .object({
      nuclide: z.string(),
      activityMBq: z.number(),
      calibratedAt: z.string(),
      serial: z.string().nullable(),
    })
    .nullable(),
  baselineCpsPerMBq: z.number().nullable(),
  baselineMeasuredAt: z.string().nullable(),
  constancyTolerance: z.object({ warnPercent: z.number(), failPercent: z.number() }).nullable(),
  constancyCountSeconds: z.number().nullable(),
  maxBackgroundCps: z.number().nullable(),
  referenceBackgroundCps: z.number().nullable(),
  manufacturerFigures: z.record(z.string(), z.number()),
  baselineFigures: z.record(z.string(), z.number()),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type QcProfileRecord = z.infer<typeof QcProfileRecord>;
/** GET /api/probes/:id/qc/profile: null until a physicist enters the profile. */
export const QcProfileAnswer = z.object({ profile: QcProfileRecord.nullable() });

export const QcCheckRecord = z.object({
  id: z.string(),
  probeId: z.string(),
  checkedAt: z.string(),
  nuclide: z.string(),
  sourceActivityMBq: z.number(),
  sourceCalibratedAt: z.string(),
  baselineCpsPerMBq: z.number(),
  measuredCounts: z.number(),
  countSeconds: z.number(),
  backgroundCounts: z.number().nullable(),
  backgroundSeconds: z.number().nullable(),
  expectedCps: z.number(),
  measuredCps: z.number(),
  deviationPercent: z.number(),
  countingUncertaintyPercent: z.number(),
  warnPercent: z.number(),
  failPercent: z.number(),
  constancyResult: QcVerdict,
  backgroundResult: QcVerdict.nullable(),
  checklist: z.record(z.string(), z.string()),
  checklistResult: QcVerdict,
  result: QcVerdict,
  /** The full computed outcome, for the record and the report. */
  detail: z.unknown(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  voidedAt: z.string().nullable(),
  voidedBy: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export type QcCheckRecord = z.infer<typeof QcCheckRecord>;

export const QcTestRecord = z.object({
  id: z.string(),
  probeId: z.string(),
  test: z.string(),
  purpose: QcTestPurpose,
  performedAt: z.string(),
  dataCsv: z.string(),
  options: z.unknown(),
  summary: z.unknown(),
  mainValue: z.number().nullable(),
  mainUnit: z.string().nullable(),
  meetsCriterion: z.boolean().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type QcTestRecord = z.infer<typeof QcTestRecord>;

export const QcOverrideRecord = z.object({
  id: z.string(),
  probeId: z.string(),
  caseId: z.string().nullable(),
  reason: z.string(),
  /** The gate as it stood when the override was given. */
  gate: z.unknown(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type QcOverrideRecord = z.infer<typeof QcOverrideRecord>;

const GateCheck = z.object({ id: z.string(), checkedAt: z.string(), result: QcVerdict });
export const QcGateAnswer = z.object({
  state: z.enum(['ok', 'caution', 'override-required']),
  requiresOverride: z.boolean(),
  reasons: z.array(
    z.enum(['no-check-ever', 'no-passing-check-today', 'last-check-failed', 'last-check-warned']),
  ),
  day: z.string(),
  timeZone: z.string(),
  lastCheck: GateCheck.nullable(),
  lastPassingCheckToday: GateCheck.nullable(),
  message: z.string(),
});
export type QcGateAnswer = z.infer<typeof QcGateAnswer>;

const Pair = z.tuple([z.number(), z.number()]);
const WesternElectricRule = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
/** GET /api/probes/:id/qc/chart: the control chart (@openrgs/qc ControlChart) and the tolerance used. */
export const QcChartAnswer = z.object({
  limits: z
    .object({
      centre: z.number(),
      sigma: z.number(),
      sigmaMethod: z.literal('moving-range'),
      baselineCount: z.number(),
      oneSigma: Pair,
      warning: Pair,
      action: Pair,
    })
    .nullable(),
  toleranceBands: z.object({ warn: Pair, fail: Pair }).nullable(),
  points: z.array(
    z.object({
      atMs: z.number(),
      value: z.number(),
      id: z.string().optional(),
      sigmaScore: z.number().nullable(),
      inBaseline: z.boolean(),
      rules: z.array(WesternElectricRule),
    }),
  ),
  violations: z.array(
    z.object({ rule: WesternElectricRule, index: z.number(), atMs: z.number(), message: z.string() }),
  ),
  warnings: z.array(z.string()),
  tolerance: z.object({ warnPercent: z.number(), failPercent: z.number() }),
});
export type QcChartAnswer = z.infer<typeof QcChartAnswer>;
