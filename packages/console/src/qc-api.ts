// HTTP calls of the probe QC page (/api/probes/:id/qc/…, docs/qc.md). Kept apart from api.ts so the
// QC area adds files, not edits; it uses the same bearer token and the one error reader (api-error.ts).
import {
  QcChartAnswer,
  QcCheckList,
  QcCheckRecord,
  QcGateAnswer,
  QcOverrideRecord,
  QcProfileAnswer,
  type QcProfilePut,
  QcProfileRecord,
  QcTestList,
  QcTestRecord as QcTestRecordSchema,
  type QcVerdict,
} from '@openrgs/api';
import type { z } from 'zod';
import { storedToken } from './api.js';
import { readAnswer, readError, unreachable } from './api-error.js';

export type Verdict = z.infer<typeof QcVerdict>;

const Gate = QcGateAnswer;
export type Gate = z.infer<typeof Gate>;

const Check = QcCheckRecord;
export type Check = z.infer<typeof Check>;

const Chart = QcChartAnswer;
export type Chart = z.infer<typeof Chart>;

const Test = QcTestRecordSchema;
export type QcTestRecord = z.infer<typeof Test>;

/** The QC profile as the server keeps it (GET /api/probes/:id/qc/profile). */
export type FullProfile = z.infer<typeof QcProfileRecord>;
export type Profile = FullProfile | null;
/** The body of PUT /api/probes/:id/qc/profile: the whole profile (it replaces the stored one). */
export type ProfileInput = QcProfilePut;
const ProfileAnswer = QcProfileAnswer;

/** Long-lived check sources a department keeps for the daily constancy check (docs/qc.md). */
export const CHECK_SOURCE_NUCLIDES = ['Co-57', 'Ba-133', 'Cs-137'] as const;

async function call<T>(
  path: string,
  schema: z.ZodType<T>,
  method: 'GET' | 'POST' | 'PUT' = 'GET',
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = storedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw unreachable(path, error);
  }
  if (!response.ok) throw await readError(response, path);
  return readAnswer(response, path, schema);
}

const base = (probeId: string) => `/api/probes/${encodeURIComponent(probeId)}/qc`;
const zone = () => encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone);

export const qcApi = {
  gate: (probeId: string) => call(`${base(probeId)}/gate?timeZone=${zone()}`, Gate),
  profile: async (probeId: string): Promise<Profile> =>
    (await call(`${base(probeId)}/profile`, ProfileAnswer)).profile,
  putProfile: (probeId: string, input: ProfileInput) =>
    call(`${base(probeId)}/profile`, QcProfileRecord, 'PUT', input),
  checks: (probeId: string) => call(`${base(probeId)}/checks`, QcCheckList),
  chart: (probeId: string) => call(`${base(probeId)}/chart`, Chart),
  tests: (probeId: string) => call(`${base(probeId)}/tests`, QcTestList),
  recordCheck: (
    probeId: string,
    input: {
      checkedAt: string;
      measuredCounts: number;
      countSeconds: number;
      backgroundCounts?: number;
      backgroundSeconds?: number;
      checklist: Record<string, 'ok' | 'fault' | 'not-checked'>;
      note?: string;
    },
  ) => call(`${base(probeId)}/checks`, Check, 'POST', input),
  recordTest: (
    probeId: string,
    input: {
      test: string;
      purpose: string;
      performedAt: string;
      csv: string;
      options: Record<string, unknown>;
    },
  ) => call(`${base(probeId)}/tests`, Test, 'POST', input),
  override: (probeId: string, input: { caseId: string | null; reason: string }) =>
    call(`${base(probeId)}/overrides`, QcOverrideRecord, 'POST', {
      ...input,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    }),
  reportUrl: (probeId: string) => `${base(probeId)}/report.pdf`,
};
