// The record leaving the room (issue 9): report query, follow-up entries, registry statistics and the
// historic CSV import. The statistics are @openrgs/report's RegistryStats as JSON (wire-contract.test.ts pins
// them): a threshold of +∞ (the first ROC point) travels as null.
import { z } from 'zod';
import { freeText, Instant, IsoDate } from './text.js';

/** `GET /api/cases/:id/report.pdf|html?reference=…`: the instant rates are decay-corrected to. */
export const ReportQuery = z.strictObject({ reference: Instant.optional() });

/** `POST /api/cases/:id/follow-ups`. */
export const FollowUpCreate = z.strictObject({
  date: IsoDate,
  recurrence: z.boolean(),
  note: freeText(2000).optional(),
});

/** `GET /api/registry/stats`. */
export const RegistryStatsQuery = z.strictObject({
  includeSynthetic: z.enum(['true', 'false']).optional(),
  replicates: z.coerce.number().int().min(100).max(10000).optional(),
});

/** The largest historic CSV `POST /api/registry/import` takes, bytes. */
export const REGISTRY_IMPORT_LIMIT_BYTES = 8 * 1024 * 1024;

/** `POST /api/registry/import`: a department's history as one CSV text (one row per lesion). */
export const RegistryImportRequest = z.strictObject({
  source: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\w .:-]+$/, 'letters, digits, space, dot, colon, dash, underscore'),
  // The whole file as multi-line text: no NUL, controls, bidi controls or lone surrogates in any cell.
  csv: freeText(REGISTRY_IMPORT_LIMIT_BYTES).pipe(z.string().min(1, 'must not be empty')),
});

/** What an import changed (it is idempotent: a second run of the same file changes nothing). */
export const RegistryImportResult = z.object({
  source: z.string(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

/** An exact (Clopper-Pearson) proportion; estimate and bounds are null when the total is 0. */
export const Proportion = z.object({
  successes: z.number().int(),
  total: z.number().int(),
  estimate: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  confidence: z.number(),
});

export const Distribution = z.object({
  n: z.number().int(),
  min: z.number().nullable(),
  q1: z.number().nullable(),
  median: z.number().nullable(),
  q3: z.number().nullable(),
  max: z.number().nullable(),
});

const Interval = z.object({ low: z.number(), high: z.number() });

export const Roc = z.object({
  positives: z.number().int(),
  negatives: z.number().int(),
  // The first point's threshold is +∞, which JSON carries as null.
  points: z.array(
    z.object({ threshold: z.number().nullable(), sensitivity: z.number(), falsePositiveRate: z.number() }),
  ),
  auc: z.number(),
  bestThreshold: z.object({
    threshold: z.number().nullable(),
    youdenJ: z.number(),
    sensitivity: z.number(),
    specificity: z.number(),
  }),
  aucInterval: Interval,
  thresholdInterval: Interval,
  bootstrap: z.object({ replicates: z.number().int(), seed: z.number().int(), confidence: z.number() }),
});

export const DiagnosticAccuracy = z.object({
  table: z.object({
    truePositive: z.number().int(),
    falsePositive: z.number().int(),
    falseNegative: z.number().int(),
    trueNegative: z.number().int(),
  }),
  sensitivity: Proportion,
  specificity: Proportion,
  positivePredictiveValue: Proportion,
  negativePredictiveValue: Proportion,
});

export const RegistryGroup = z.object({
  tracer: z.string(),
  /** A lesion site code, or 'all'. */
  site: z.string(),
  lesions: z.number().int(),
  withPathology: z.number().int(),
  inVivoRatio: Distribution,
  exVivoRatio: Distribution,
  accuracy: DiagnosticAccuracy.nullable(),
  undecided: z.number().int(),
  roc: z.union([Roc, z.object({ insufficient: z.string() })]),
});

/** `GET /api/registry/stats`. */
export const RegistryStats = z.object({
  synthetic: z.boolean(),
  syntheticCases: z.number().int(),
  cases: z.number().int(),
  lesions: z.number().int(),
  groups: z.array(RegistryGroup),
  foundByRgsNotSeenOnImaging: z.array(
    z.object({
      caseLabel: z.string(),
      lesion: z.string(),
      site: z.string(),
      imagingStatus: z.enum(['seen', 'indeterminate', 'not-seen']),
      inVivoRatio: z.number().nullable(),
    }),
  ),
  resection: z.object({ R0: Proportion, R1: Proportion, R2: Proportion, pending: Proportion }),
  recurrence: z.object({ withFollowUp: z.number().int(), recurred: Proportion }),
  bootstrap: z.object({ replicates: z.number().int(), seed: z.number().int() }),
});
export type RegistryStats = z.infer<typeof RegistryStats>;
