// HTTP calls of the record-leaves-the-room area (issue 9): pathology per lesion, follow-ups, resection
// status, reopening a signed-off case, report/FHIR/CSV downloads, registry statistics and historic import.
// Kept apart from api.ts so this area adds files, not edits; same bearer token, same error reader
// (api-error.ts), whose ApiError keeps the server's `issues` (the CSV import names each bad line there).
// Routes: packages/server/src/routes/reports.ts and cases.ts.
import {
  CaseDetailRecord,
  CaseSummaryRecord,
  CsvFile,
  type DiagnosticAccuracy,
  type Distribution as DistributionSchema,
  FhirBundle,
  FollowUpList,
  FollowUpRecord,
  HtmlPage,
  LesionRecord,
  MarginStatus,
  PathologyGrade,
  PathologyResult as PathologyResultSchema,
  PdfFile,
  type Proportion as ProportionSchema,
  type RegistryGroup as RegistryGroupSchema,
  RegistryImportResult,
  RegistryStats as RegistryStatsSchema,
  type Roc as RocSchema,
} from '@openrgs/api';
import type { z } from 'zod';
import { storedToken } from './api.js';
import {
  ApiError,
  type ErrorIssue,
  readAnswer,
  readError,
  readFileAnswer,
  unreachable,
} from './api-error.js';

/** One problem the server found, e.g. `{ path: 'body.csv:line 3:site', message: "'colon' is not one of …" }`. */
export type Issue = ErrorIssue;

function authHeaders(): Record<string, string> {
  const token = storedToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { credentials: 'same-origin', ...init });
  } catch (error) {
    throw unreachable(path, error);
  }
}

/** The one reader's error; a 413 says how to get a file that large in (the CSV import's only way out). */
async function errorOf(response: Response, path: string): Promise<ApiError> {
  const error = await readError(response, path);
  if (response.status !== 413) return error;
  return new ApiError(
    'The server refused the request as too large (HTTP 413). Split the file, or import it with `rgs registry import`.',
    413,
    path,
    error.code,
  );
}

async function call<T>(
  path: string,
  schema: z.ZodType<T>,
  method: 'GET' | 'POST' | 'PATCH' = 'GET',
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await send(path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw await errorOf(response, path);
  return readAnswer(response, path, schema);
}

const enc = encodeURIComponent;

// ---------------------------------------------------------------------------------------------------------
// Pathology, resection, follow-up (packages/api/src/records.ts: LesionPatch, CasePatch)

export const PATHOLOGY_RESULTS = PathologyResultSchema.options;
export type PathologyResult = (typeof PATHOLOGY_RESULTS)[number];
export const GRADES = PathologyGrade.options;
export type Grade = (typeof GRADES)[number];
export const MARGINS = MarginStatus.options;
export type Margin = (typeof MARGINS)[number];

/** A lesion with every pathology field (the contract's LesionRecord). */
export const LesionDetail = LesionRecord;
export type LesionDetail = z.infer<typeof LesionDetail>;

export interface PathologyPatch {
  pathologyResult: PathologyResult;
  pathologyGrade: Grade | null;
  ki67Percent: number | null;
  sizeMm: number | null;
  marginStatus: Margin | null;
  pathologyNote: string | null;
}

export const FollowUp = FollowUpRecord;
export type FollowUp = z.infer<typeof FollowUp>;

export const recordApi = {
  /** The case's lesions with every pathology field (api.ts's Lesion keeps only the summary). */
  lesions: async (caseId: string) => (await call(`/api/cases/${enc(caseId)}`, CaseDetailRecord)).lesions,
  updatePathology: (caseId: string, lesionId: string, patch: PathologyPatch) =>
    call(`/api/cases/${enc(caseId)}/lesions/${enc(lesionId)}`, LesionDetail, 'PATCH', patch),
  followUps: (caseId: string) => call(`/api/cases/${enc(caseId)}/follow-ups`, FollowUpList),
  addFollowUp: (caseId: string, input: { date: string; recurrence: boolean; note?: string }) =>
    call(`/api/cases/${enc(caseId)}/follow-ups`, FollowUp, 'POST', input),
  reopen: (caseId: string, reason: string) =>
    call(`/api/cases/${enc(caseId)}/reopen`, CaseSummaryRecord, 'POST', { reason }),
};

// ---------------------------------------------------------------------------------------------------------
// The record leaving the room: report, FHIR, CSV

/** Where each export lives; `reference` (ISO with zone, already validated) sets the decay reference. */
export function recordUrls(caseId: string, reference: string | null) {
  const base = `/api/cases/${enc(caseId)}`;
  const query = reference ? `?reference=${enc(reference)}` : '';
  return {
    pdf: `${base}/report.pdf${query}`,
    html: `${base}/report.html${query}`,
    fhir: `${base}/fhir`,
    csv: `${base}/measurements.csv`,
  };
}

/** What each of those answers is (its @openrgs/api schema), for reading it and saving it. */
export const RECORD_FILES = { pdf: PdfFile, html: HtmlPage, fhir: FhirBundle, csv: CsvFile } as const;

/** The printable HTML report with the session's credentials, parsed as the api's HtmlPage. */
export async function fetchText(path: string): Promise<string> {
  const response = await send(path, { headers: { accept: 'text/html', ...authHeaders() } });
  if (!response.ok) throw await errorOf(response, path);
  return (await readFileAnswer(response, path, HtmlPage)).value;
}

/**
 * Fetches a file with the session's credentials, checks it with its api schema (a PDF that is a PDF, a
 * FHIR Bundle, a CSV text) and hands it to the browser as a download, so a failure is shown on the page
 * (with the server's reason) instead of being saved as the file.
 */
export async function downloadFile(
  path: string,
  filename: string,
  schema: z.ZodType<unknown>,
): Promise<{ bytes: number }> {
  const response = await send(path, { headers: authHeaders() });
  if (!response.ok) throw await errorOf(response, path);
  const { bytes, mediaType } = await readFileAnswer(response, path, schema);
  saveAs(new Blob([bytes], { type: mediaType }), filename);
  return { bytes: bytes.byteLength };
}

/** Hands a file to the browser as a download. */
export function saveAs(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Revoked on the next turn: the click has started the download by then.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Registry (@openrgs/api RegistryStats: packages/report/src/registry.ts's statistics as JSON)

export type Proportion = z.infer<typeof ProportionSchema>;
export type Distribution = z.infer<typeof DistributionSchema>;
export type Roc = z.infer<typeof RocSchema>;
export type Accuracy = z.infer<typeof DiagnosticAccuracy>;
export type RegistryGroup = z.infer<typeof RegistryGroupSchema>;
export const RegistryStats = RegistryStatsSchema;
export type RegistryStats = z.infer<typeof RegistryStats>;
export type ImportResult = z.infer<typeof RegistryImportResult>;

export const registryApi = {
  stats: (options: { includeSynthetic: boolean }) =>
    call(`/api/registry/stats?includeSynthetic=${options.includeSynthetic}`, RegistryStats),
  /** Validated and idempotent on the server; a bad file throws a RecordApiError whose issues name lines. */
  importCsv: (input: { source: string; csv: string }) =>
    call('/api/registry/import', RegistryImportResult, 'POST', input),
};
