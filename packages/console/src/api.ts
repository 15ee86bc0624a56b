// The one place the console talks HTTP to the server (`rgs serve`, routes under /api).
// Request and response shapes come from @openrgs/api (the wire contract); none is declared here. Every
// response is parsed at this boundary: a server that drifts from the contract produces an error naming the
// field.
// Routes: docs/api.md; what the console still needs: docs/console-needs.md.
import {
  AuditRecordList,
  type AuditRecord as AuditRecordSchema,
  BackgroundSiteDecision,
  BodyMap as BodyMapSchema,
  CaseDetailRecord,
  CaseSummaryList,
  CaseSummaryRecord,
  FaultFlags,
  LesionRecord,
  LiveSessionRecord,
  LoginResponse,
  type MeasurementKind,
  MeasurementList,
  Measurement as MeasurementSchema,
  Me as MeSchema,
  NoContent,
  PatientList,
  PatientRecord,
  PreopImagingStatus,
  ProbeList,
  ProbeRecord as ProbeRecordSchema,
  ResectionStatus as ResectionStatusSchema,
  type Role,
  Role as RoleSchema,
  SetupStatus,
  Sex as SexSchema,
  SiteMark,
  SpecimenRecord,
  StationInfoList,
  type StationInfo as StationInfoSchema,
  StationPose,
  StationSettings,
  TracerAdministrationRecord,
  UnlockResult,
  UserList,
  User as UserSchema,
} from '@openrgs/api';
import type { z } from 'zod';
import { ApiError, onUnauthorized, readAnswer, readError, unreachable } from './api-error.js';

export type { MeasurementKind, Role };
/** The one error of every call (api-error.ts), and the 401 listeners, as the screens have always named them. */
export { ApiError, onUnauthorized };
export type User = z.infer<typeof UserSchema>;
export type Me = z.infer<typeof MeSchema>;
export type Measurement = z.infer<typeof MeasurementSchema>;
export type StationInfo = z.infer<typeof StationInfoSchema>;
export type AuditRecord = z.infer<typeof AuditRecordSchema>;
export const ROLES: readonly Role[] = RoleSchema.options;

const TOKEN_KEY = 'openrgs.token';

/** The bearer token from login, kept for this tab (the session cookie is the browser's credential too). */
export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}
function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
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
    throw unreachable(path, error);
  }
  if (!response.ok) throw await readError(response, path);
  return readAnswer(response, path, schema);
}

const enc = encodeURIComponent;

// ---------------------------------------------------------------------------------------------------------
// Case, probe and patient records: the contract's schemas (packages/api/src/records.ts), under the names the
// screens use.

export const PreOpImaging = PreopImagingStatus;
export type PreOpImaging = z.infer<typeof PreOpImaging>;
export const ResectionStatus = ResectionStatusSchema;
export type ResectionStatus = z.infer<typeof ResectionStatus>;

export const Probe = ProbeRecordSchema;
export type Probe = z.infer<typeof Probe>;

export const TracerAdministration = TracerAdministrationRecord;
export type TracerAdministration = z.infer<typeof TracerAdministration>;

export const Lesion = LesionRecord;
export type Lesion = z.infer<typeof Lesion>;

export const Specimen = SpecimenRecord;
export type Specimen = z.infer<typeof Specimen>;

export const Sex = SexSchema;
export type Sex = z.infer<typeof Sex>;

/** A patient as every screen sees it: the pseudonym, sex and birth year; never identifying fields. */
export const Patient = PatientRecord;
export type Patient = z.infer<typeof Patient>;

export const CaseSummary = CaseSummaryRecord;
export type CaseSummary = z.infer<typeof CaseSummary>;

export const Case = CaseDetailRecord;
export type Case = z.infer<typeof Case>;

// ---------------------------------------------------------------------------------------------------------
// Auth and first-run setup

export const setupStatus = () => request('/api/setup', SetupStatus);

/** Creates the first administrator; the server signs them in at once (token and cookie). */
export async function setup(input: {
  setupToken: string;
  username: string;
  password: string;
}): Promise<User> {
  const result = await request('/api/setup', LoginResponse, { method: 'POST', body: input });
  storeToken(result.token);
  return result.user;
}

export async function login(input: { username: string; password: string }): Promise<User> {
  const result = await request('/api/auth/login', LoginResponse, { method: 'POST', body: input });
  storeToken(result.token);
  return result.user;
}

export async function logout(): Promise<void> {
  try {
    await request('/api/auth/logout', NoContent, { method: 'POST' });
  } finally {
    storeToken(null);
  }
}

export const me = () => request('/api/auth/me', MeSchema);

// ---------------------------------------------------------------------------------------------------------
// Users and probes

export const listUsers = () => request('/api/users', UserList);
export const createUser = (input: { username: string; role: Role; password: string }) =>
  request('/api/users', UserSchema, { method: 'POST', body: input });
export const updateUser = (id: string, patch: { role?: Role; disabled?: boolean }) =>
  request(`/api/users/${enc(id)}`, UserSchema, { method: 'PATCH', body: patch });
/** Lifts a user's sign-in slow-down (every address; audited as auth.unlock on the server). */
export const unlockUser = (id: string) =>
  request(`/api/users/${enc(id)}/unlock`, UnlockResult, { method: 'POST' });

export const listProbes = () => request('/api/probes', ProbeList);
export const createProbe = (input: {
  name: string;
  detector: 'gamma' | 'beta';
  model?: string;
  serialNumber?: string;
}) => request('/api/probes', Probe, { method: 'POST', body: input });

// ---------------------------------------------------------------------------------------------------------
// Cases and what they hold

export const listCases = () => request('/api/cases?limit=500', CaseSummaryList);
export const createCase = (input: { label: string; indication?: string; procedureDate?: string }) =>
  request('/api/cases', CaseSummary, { method: 'POST', body: input });
export const getCase = (id: string) => request(`/api/cases/${enc(id)}`, Case);
export const updateCase = (
  id: string,
  patch: { resectionStatus?: ResectionStatus; indication?: string; patientId?: string | null },
) => request(`/api/cases/${enc(id)}`, CaseSummary, { method: 'PATCH', body: patch });
export const signOff = (id: string, statement: string) =>
  request(`/api/cases/${enc(id)}/sign-off`, CaseSummary, { method: 'POST', body: { statement } });

export const addTracer = (
  caseId: string,
  input: { agent: string; nuclide: string; activityMBq: number; administeredAt: string },
) =>
  request(`/api/cases/${enc(caseId)}/tracer-administrations`, TracerAdministration, {
    method: 'POST',
    body: input,
  });

export const addLesion = (
  caseId: string,
  input: {
    label: string;
    siteCode: string;
    location?: string;
    preopImagingStatus: PreOpImaging;
    /** cm, patient (tracker reference) frame; @openrgs/api PreopPositionCm. */
    preopPositionCm?: [number, number, number];
  },
) => request(`/api/cases/${enc(caseId)}/lesions`, Lesion, { method: 'POST', body: input });

/** Sets (or, with null, clears) a lesion's pre-op position: cm, patient (tracker reference) frame. */
export const setLesionPosition = (
  caseId: string,
  lesionId: string,
  preopPositionCm: [number, number, number] | null,
) =>
  request(`/api/cases/${enc(caseId)}/lesions/${enc(lesionId)}`, Lesion, {
    method: 'PATCH',
    body: { preopPositionCm },
  });

/** Codes the tissue site of a lesion recorded without one (a finding from before sites were coded). */
export const setLesionSite = (caseId: string, lesionId: string, siteCode: string) =>
  request(`/api/cases/${enc(caseId)}/lesions/${enc(lesionId)}`, Lesion, {
    method: 'PATCH',
    body: { siteCode },
  });

// ---------------------------------------------------------------------------------------------------------
// Patients, by pseudonym (identifying fields stay on the server; this console never asks for them)

export const listPatients = () => request('/api/patients', PatientList);
export const getPatient = (id: string) => request(`/api/patients/${enc(id)}`, Patient);
export const createPatient = (input: { pseudonym: string; sex?: Sex; birthYear?: number }) =>
  request('/api/patients', Patient, { method: 'POST', body: input });

export const addSpecimen = (caseId: string, input: { label: string; lesionId?: string }) =>
  request(`/api/cases/${enc(caseId)}/specimens`, Specimen, { method: 'POST', body: input });

export const listMeasurements = (caseId: string) =>
  request(`/api/cases/${enc(caseId)}/measurements`, MeasurementList);

export const caseAudit = (caseId: string) => request(`/api/audit?caseId=${enc(caseId)}`, AuditRecordList);

/** Where the server renders the PDF case report (report package). */
export const reportPdfUrl = (caseId: string) => `/api/cases/${enc(caseId)}/report.pdf`;

// ---------------------------------------------------------------------------------------------------------
// Stations: live sessions, sites, live measurements, simulated probe pose, counting settings

export const listStations = () => request('/api/stations', StationInfoList);

/** Binds the station's live stream to a case (and probe): frames are stored with the case from now on. */
export const startSession = (stationId: string, input: { caseId: string; probeId?: string }) =>
  request(`/api/stations/${enc(stationId)}/sessions`, LiveSessionRecord, { method: 'POST', body: input });

/** Ends a live session (the server flushes its frames to disk first); the station is free again. */
export const endSession = (liveSessionId: string) =>
  request(`/api/live-sessions/${enc(liveSessionId)}/end`, LiveSessionRecord, { method: 'POST', body: {} });

/** Starts a new site: the next live measurement counts from here. */
export const markSite = (stationId: string, input: { siteLabel: string; kind: MeasurementKind }) =>
  request(`/api/stations/${enc(stationId)}/site`, SiteMark, { method: 'POST', body: input });

/** Keeps or drops a background site of the station's case (one the outlier check flagged). */
export const decideBackgroundSite = (stationId: string, siteLabel: string, action: 'keep' | 'drop') =>
  request(`/api/stations/${enc(stationId)}/background-sites/${enc(siteLabel)}`, BackgroundSiteDecision, {
    method: 'POST',
    body: { action },
  });

/** Demo: lift the simulated probe off the patient (it then counts only its own background). */
export const setSimulatedFaults = (stationId: string, faults: { lifted?: boolean }) =>
  request(`/api/stations/${enc(stationId)}/faults`, FaultFlags, { method: 'POST', body: faults });

export interface LiveMeasurementInput {
  kind: MeasurementKind;
  siteLabel?: string;
  lesionId?: string;
  specimenId?: string;
  /** The LiveState seq whose site figures were on screen, and that site's first frame (server checks). */
  toSeq?: number;
  fromSeq?: number;
}

/** Records the current site's counts (from the server's stored frames); idempotent by key. */
export const recordLiveMeasurement = (
  stationId: string,
  idempotencyKey: string,
  input: LiveMeasurementInput,
) =>
  request(`/api/stations/${enc(stationId)}/measurements`, MeasurementSchema, {
    method: 'POST',
    body: input,
    headers: { 'idempotency-key': idempotencyKey },
  });

/** The simulated probe's pose: tip position (cm, patient frame) and the direction it points. */
export type ProbePose = z.infer<typeof StationPose>['pose'];
export const setProbePose = (stationId: string, pose: ProbePose) =>
  request(`/api/stations/${enc(stationId)}/pose`, StationPose, { method: 'POST', body: pose });
/** Where the simulated probe is now (before the mouse has moved it on this screen). */
export const probePose = async (stationId: string): Promise<ProbePose> =>
  (await request(`/api/stations/${enc(stationId)}/pose`, StationPose)).pose;

/** A station's counting settings and the choices it offers (nuclide window, integration mode). */
export type StationOptions = z.infer<typeof StationSettings>;
export const stationOptions = (stationId: string) =>
  request(`/api/stations/${enc(stationId)}/settings`, StationSettings);
export const updateStationSettings = (
  stationId: string,
  settings: { nuclidePreset?: string; integrationMode?: string },
) => request(`/api/stations/${enc(stationId)}/settings`, StationSettings, { method: 'PUT', body: settings });

/** The simulator's coronal body map (@openrgs/sim BodyMap): cm, x to the patient's left, y to the head. */
export const BodyMap = BodyMapSchema;
export type BodyMap = z.infer<typeof BodyMap>;
export const bodyMap = (stationId: string) => request(`/api/stations/${enc(stationId)}/body-map`, BodyMap);
