// The one place the console talks HTTP to the server (`rgs serve`, routes under /api).
// Every response is parsed at this boundary: a server that drifts from the contract produces an error that
// names the field, never a screen silently showing `undefined`. Shapes follow docs/api.md; where the server
// had not published a route yet, docs/console-needs.md says what the console expects.
import { z } from 'zod';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'openrgs.token';

/** The bearer token from login, kept for this tab only (the session cookie is the primary credential). */
export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}
function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();
/** Called when any request answers 401, so the app can return to the login screen. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
}

/** Reads the server's error body (`{ error, message, issues: [{ path, message }] }` or plain text). */
async function errorMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body: unknown = JSON.parse(text);
    const parsed = z
      .object({
        message: z.string().optional(),
        error: z.string().optional(),
        issues: z
          .array(
            z.object({
              path: z.union([z.string(), z.array(z.union([z.string(), z.number()]))]).optional(),
              message: z.string(),
            }),
          )
          .optional(),
      })
      .safeParse(body);
    if (parsed.success) {
      const issues = (parsed.data.issues ?? []).map((issue) => {
        const path = Array.isArray(issue.path) ? issue.path.join('.') : issue.path;
        return path ? `${path}: ${issue.message}` : issue.message;
      });
      const head = parsed.data.message ?? parsed.data.error ?? response.statusText;
      return issues.length > 0 ? `${head} (${issues.join('; ')})` : head;
    }
  } catch {
    // Not JSON: the text itself is the message (e.g. a proxy's error page).
  }
  return text.trim().slice(0, 300) || `${response.status} ${response.statusText}`;
}

async function request<T>(path: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const token = storedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method: options.method ?? 'GET', headers, credentials: 'same-origin' };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(
      `The server did not answer (${error instanceof Error ? error.message : String(error)})`,
      0,
      path,
    );
  }
  if (response.status === 401 && !path.startsWith('/api/auth/login')) {
    for (const listener of unauthorizedListeners) listener();
  }
  if (!response.ok) throw new ApiError(await errorMessage(response), response.status, path);
  if (response.status === 204) return schema.parse(undefined);
  const body: unknown = await response.json();
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown';
    throw new ApiError(`Unexpected answer from ${path} — ${where}`, response.status, path);
  }
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------------------
// Shapes. Objects are not strict: the server may add fields without breaking the console.

export const Role = z.enum(['admin', 'surgeon', 'nuclear-medicine', 'physicist', 'viewer']);
export type Role = z.infer<typeof Role>;
export const ROLES: readonly Role[] = Role.options;

export const User = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  username: z.string(),
  role: Role,
  disabled: z.boolean().optional(),
});
export type User = z.infer<typeof User>;

const Iso = z.string();

export const QcState = z.object({
  lastCheckAt: Iso.nullable(),
  passed: z.boolean().nullable(),
  summary: z.string().optional(),
});
export type QcState = z.infer<typeof QcState>;

export const Probe = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  model: z.string().nullish(),
  serialNumber: z.string().nullish(),
  qc: QcState.nullish(),
});
export type Probe = z.infer<typeof Probe>;

export const Station = z.object({
  id: z.string(),
  name: z.string().optional(),
  probeId: z.union([z.string(), z.number()]).transform(String).nullish(),
  simulated: z.boolean().optional(),
  scenario: z.string().nullish(),
  nuclidePreset: z.string().nullish(),
  integrationMode: z.string().nullish(),
});
export type Station = z.infer<typeof Station>;

export const MeasurementKind = z.enum(['background', 'in-vivo', 'ex-vivo', 'tumour-bed', 'reference-source']);
export type MeasurementKind = z.infer<typeof MeasurementKind>;

export const PreOpImaging = z.enum(['seen', 'indeterminate', 'not-seen']);
export type PreOpImaging = z.infer<typeof PreOpImaging>;

export const Lesion = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  label: z.string(),
  location: z.string().nullish(),
  preOpImaging: PreOpImaging.nullish(),
  rgsResult: z.string().nullish(),
  pathology: z.string().nullish(),
});
export type Lesion = z.infer<typeof Lesion>;

export const TracerAdministration = z.object({
  agent: z.string(),
  nuclide: z.string(),
  activityMBq: z.number(),
  administeredAt: Iso,
});
export type TracerAdministration = z.infer<typeof TracerAdministration>;

export const ResectionStatus = z.enum(['R0', 'R1', 'R2', 'pending']);
export type ResectionStatus = z.infer<typeof ResectionStatus>;

export const Measurement = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  kind: MeasurementKind,
  siteLabel: z.string(),
  counts: z.number(),
  durationSeconds: z.number(),
  measuredAt: Iso,
  rateCps: z.number().nullish(),
  decayCorrectedRateCps: z.number().nullish(),
  lesionId: z.union([z.string(), z.number()]).transform(String).nullish(),
  specimenLabel: z.string().nullish(),
  ratio: z.number().nullish(),
  verdict: z.enum(['positive', 'negative', 'undecided']).nullish(),
  evidence: z.string().nullish(),
});
export type Measurement = z.infer<typeof Measurement>;

export const CaseSummary = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  label: z.string(),
  status: z.string().optional(),
  createdAt: Iso.optional(),
  resectionStatus: ResectionStatus.nullish(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const Case = CaseSummary.extend({
  procedure: z.string().nullish(),
  tracer: TracerAdministration.nullish(),
  probeId: z.union([z.string(), z.number()]).transform(String).nullish(),
  stationId: z.string().nullish(),
  lesions: z.array(Lesion).optional(),
  closedAt: Iso.nullish(),
  notes: z.string().nullish(),
});
export type Case = z.infer<typeof Case>;

export const AuditEntry = z.object({
  at: Iso,
  actor: z.string().nullish(),
  action: z.string(),
  summary: z.string().nullish(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Lists come either as a bare array or wrapped in `{ items }`. */
function list<T extends z.ZodType>(item: T) {
  return z
    .union([z.array(item), z.object({ items: z.array(item) })])
    .transform((value) => (Array.isArray(value) ? value : value.items));
}

const Nothing = z.unknown().transform(() => undefined);

// ---------------------------------------------------------------------------------------------------------
// Auth and first-run setup

export async function setupStatus(): Promise<{ needed: boolean }> {
  return request('/api/setup', z.object({ needed: z.boolean() }));
}

export async function setup(input: { username: string; password: string }): Promise<void> {
  const result = await request('/api/setup', z.object({ token: z.string().optional() }).passthrough(), {
    method: 'POST',
    body: input,
  });
  if (result.token) storeToken(result.token);
}

export async function login(input: { username: string; password: string }): Promise<void> {
  const result = await request('/api/auth/login', z.object({ token: z.string() }), {
    method: 'POST',
    body: input,
  });
  storeToken(result.token);
}

export async function logout(): Promise<void> {
  try {
    await request('/api/auth/logout', Nothing, { method: 'POST' });
  } finally {
    storeToken(null);
  }
}

export async function me(): Promise<User> {
  return request('/api/auth/me', User);
}

// ---------------------------------------------------------------------------------------------------------
// Users and probes (admin)

export const listUsers = () => request('/api/users', list(User));
export const createUser = (input: { username: string; role: Role; password: string }) =>
  request('/api/users', User, { method: 'POST', body: input });
export const updateUser = (id: string, patch: { role?: Role; disabled?: boolean; password?: string }) =>
  request(`/api/users/${encodeURIComponent(id)}`, User, { method: 'PATCH', body: patch });

export const listProbes = () => request('/api/probes', list(Probe));
export const createProbe = (input: { name: string; model?: string; serialNumber?: string }) =>
  request('/api/probes', Probe, { method: 'POST', body: input });

// ---------------------------------------------------------------------------------------------------------
// Stations: live probes, their settings, the simulated probe pose and the body map for demo mode

export const listStations = () => request('/api/stations', list(Station));

export const Preset = z.object({ id: z.string(), label: z.string() });
export type Preset = z.infer<typeof Preset>;
export const StationOptions = z.object({
  nuclidePresets: z.array(Preset),
  integrationModes: z.array(Preset),
});
export type StationOptions = z.infer<typeof StationOptions>;

export const stationOptions = (stationId: string) =>
  request(`/api/stations/${encodeURIComponent(stationId)}/options`, StationOptions);

export const updateStation = (
  stationId: string,
  settings: { nuclidePreset?: string; integrationMode?: string },
) =>
  request(`/api/stations/${encodeURIComponent(stationId)}/settings`, Nothing, {
    method: 'PUT',
    body: settings,
  });

/** Starts a new measurement site: the counting engine forgets the previous site's accumulation. */
export const newSite = (stationId: string) =>
  request(`/api/stations/${encodeURIComponent(stationId)}/site`, Nothing, { method: 'POST', body: {} });

export const ProbePose = z.object({ xCm: z.number(), yCm: z.number(), depthCm: z.number().optional() });
export type ProbePose = z.infer<typeof ProbePose>;
export const setProbePose = (stationId: string, pose: ProbePose) =>
  request(`/api/stations/${encodeURIComponent(stationId)}/pose`, Nothing, { method: 'PUT', body: pose });

const Point = z.tuple([z.number(), z.number()]);
export const BodyMap = z.object({
  /** Body outline, cm in the patient's coronal plane (x to the patient's left, y towards the head). */
  outline: z.array(Point),
  organs: z.array(z.object({ name: z.string(), outline: z.array(Point) })),
  lesions: z.array(
    z.object({ id: z.string(), label: z.string().optional(), xCm: z.number(), yCm: z.number() }),
  ),
});
export type BodyMap = z.infer<typeof BodyMap>;
export const bodyMap = (stationId: string) =>
  request(`/api/stations/${encodeURIComponent(stationId)}/body-map`, BodyMap);

// ---------------------------------------------------------------------------------------------------------
// Cases

export const listCases = (query: string) =>
  request(`/api/cases${query ? `?q=${encodeURIComponent(query)}` : ''}`, list(CaseSummary));
export const createCase = (input: { label: string; procedure?: string }) =>
  request('/api/cases', Case, { method: 'POST', body: input });
export const getCase = (id: string) => request(`/api/cases/${encodeURIComponent(id)}`, Case);
export const updateCase = (
  id: string,
  patch: { probeId?: string; stationId?: string; notes?: string; procedure?: string },
) => request(`/api/cases/${encodeURIComponent(id)}`, Case, { method: 'PATCH', body: patch });

export const recordTracer = (caseId: string, input: TracerAdministration) =>
  request(`/api/cases/${encodeURIComponent(caseId)}/tracer`, TracerAdministration, {
    method: 'PUT',
    body: input,
  });

export const addLesion = (
  caseId: string,
  input: { label: string; location?: string; preOpImaging: PreOpImaging },
) => request(`/api/cases/${encodeURIComponent(caseId)}/lesions`, Lesion, { method: 'POST', body: input });

export const closeCase = (caseId: string, input: { resectionStatus: ResectionStatus; notes?: string }) =>
  request(`/api/cases/${encodeURIComponent(caseId)}/close`, Case, { method: 'POST', body: input });

export const listMeasurements = (caseId: string) =>
  request(`/api/cases/${encodeURIComponent(caseId)}/measurements`, list(Measurement));

export interface NewMeasurement {
  kind: MeasurementKind;
  siteLabel: string;
  counts: number;
  durationSeconds: number;
  measuredAt: string;
  stationId?: string;
  lesionId?: string;
  specimenLabel?: string;
}

/** Posts a measurement; the same idempotency key again returns the stored one and creates nothing. */
export const postMeasurement = (caseId: string, idempotencyKey: string, input: NewMeasurement) =>
  request(`/api/cases/${encodeURIComponent(caseId)}/measurements`, Measurement, {
    method: 'POST',
    body: input,
    headers: { 'idempotency-key': idempotencyKey },
  });

export const caseAudit = (caseId: string) =>
  request(`/api/audit?caseId=${encodeURIComponent(caseId)}`, list(AuditEntry));

/** Where the server renders the PDF case report (report package). */
export const reportPdfUrl = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/report.pdf`;
