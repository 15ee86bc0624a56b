// The one error body every non-2xx response carries.
import { z } from 'zod';

export const ErrorCode = z.enum([
  'bad-request',
  'validation',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'idempotency-mismatch',
  'case-signed-off',
  'payload-too-large',
  'uri-too-long',
  'misdirected-request',
  'unsupported-media-type',
  'headers-too-large',
  'rate-limited',
  'schema-too-new',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: ErrorCode,
    /** What was wrong, in words a clinician or integrator can act on. */
    message: z.string(),
    /** Where: `body.counts`, `header.Idempotency-Key`, `params.id`, `query.caseId`. */
    path: z.string().optional(),
    /** All issues, when validation found more than one. */
    issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
