// The tables, as Kysely sees them (camelCase here; snake_case in SQL through CamelCasePlugin).
// Portable types only, so one schema serves SQLite and PostgreSQL:
// - times are ISO-8601 UTC text (`2026-11-26T08:30:00.000Z`), which sorts like the instant it names;
// - booleans are integers 0/1; JSON is text; ids are UUID text (frames are keyed by session and seq).
import type { Generated } from 'kysely';

export type Role = 'admin' | 'surgeon' | 'nuclear-medicine' | 'physicist' | 'viewer';

export interface UsersTable {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  passwordHash: string;
  disabled: number;
  createdAt: string;
  updatedAt: string;
}

export interface AuthTokensTable {
  id: string;
  /** SHA-256 (hex) of the bearer token: the token itself is never stored. */
  tokenHash: string;
  userId: string;
  kind: 'session' | 'api';
  label: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface PatientsTable {
  id: string;
  /** The pseudonym is what every screen, log and export shows. */
  pseudonym: string;
  sex: 'female' | 'male' | 'other' | 'unknown' | null;
  birthYear: number | null;
  createdAt: string;
  updatedAt: string;
}

/** Identifying fields, apart: only roles with `patient-identity:read` see them. */
export interface PatientIdentitiesTable {
  patientId: string;
  givenName: string | null;
  familyName: string | null;
  birthDate: string | null;
  medicalRecordNumber: string | null;
  updatedAt: string;
}

export type ResectionStatus = 'pending' | 'R0' | 'R1' | 'R2';

export interface CasesTable {
  id: string;
  label: string;
  patientId: string | null;
  procedureDate: string | null;
  indication: string | null;
  resectionStatus: ResectionStatus;
  /** Instant to which measured rates are decay-corrected; null → the tracer administration time. */
  decayReferenceTime: string | null;
  signedOffAt: string | null;
  signedOffBy: string | null;
  signOffStatement: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface TracerAdministrationsTable {
  id: string;
  caseId: string;
  /** Canonical display name of the tracer (migration 0006). */
  agent: string;
  /** Canonical tracer id (@openrgs/api TRACERS); null for an agent recorded before 0006 that is unknown. */
  tracerId: string | null;
  nuclide: string;
  /** Administered activity in MBq (column activity_mbq; the API spells it activityMBq). */
  activityMbq: number;
  administeredAt: string;
  route: string | null;
  createdAt: string;
  createdBy: string;
}

export interface ProbesTable {
  id: string;
  name: string;
  manufacturer: string | null;
  model: string | null;
  serialNumber: string | null;
  detector: 'gamma' | 'beta';
  collimator: string | null;
  qcStatus: 'unknown' | 'pass' | 'fail';
  qcCheckedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LiveSessionsTable {
  id: string;
  caseId: string;
  stationId: string;
  probeId: string | null;
  probeName: string;
  startedAt: string;
  startedBy: string;
  endedAt: string | null;
  endedBy: string | null;
}

export interface LiveFramesTable {
  liveSessionId: string;
  seq: number;
  startSeconds: number;
  durationSeconds: number;
  counts: number;
  liveTimeSeconds: number | null;
  receivedAtMs: number;
}

export interface LiveSiteMarksTable {
  id: string;
  liveSessionId: string;
  /** First frame seq that belongs to the new site. */
  fromSeq: number;
  siteLabel: string;
  kind: MeasurementKind;
  markedAt: string;
  markedBy: string;
}

export type MeasurementKind = 'background' | 'in-vivo' | 'ex-vivo' | 'tumour-bed' | 'reference-source';

export interface MeasurementsTable {
  id: string;
  caseId: string;
  idempotencyKey: string;
  /** SHA-256 of the canonical request: the same key with another body is refused, not merged. */
  requestHash: string;
  kind: MeasurementKind;
  siteLabel: string;
  counts: number;
  durationSeconds: number;
  measuredAt: string;
  rateCps: number;
  rateLowCps: number | null;
  rateHighCps: number | null;
  decayCorrectedRateCps: number | null;
  decayReferenceTime: string | null;
  nuclide: string | null;
  halfLifeSeconds: number | null;
  /** JSON: the background model in force when the verdict was made, or null. */
  backgroundModelJson: string | null;
  ratio: number | null;
  /** 95 % interval of T/B (migration 0005; null on older rows). */
  ratioLow: number | null;
  ratioHigh: number | null;
  verdict: 'positive' | 'negative' | 'undecided';
  /** Confidence of the verdict, percent; counting seconds when it was reached; 0/1 provisional. */
  confidencePercent: number | null;
  decisionSeconds: number | null;
  provisional: number | null;
  /** JSON array of the warnings shown with the verdict, or null (none recorded). */
  warningsJson: string | null;
  evidence: string;
  lesionId: string | null;
  specimenId: string | null;
  probeId: string | null;
  liveSessionId: string | null;
  fromSeq: number | null;
  toSeq: number | null;
  source: 'manual' | 'live';
  createdAt: string;
  createdBy: string;
}

export interface LesionsTable {
  id: string;
  caseId: string;
  label: string;
  /** Coded tissue site (@openrgs/api LESION_SITES; migration 0006); location stays a free-text note. */
  siteCode: string | null;
  location: string | null;
  sizeMm: number | null;
  preopModality: string | null;
  preopImagingStatus: 'seen' | 'indeterminate' | 'not-seen' | null;
  /** Pre-op position, cm, patient (tracker reference) frame (migration 0010): all three or none. */
  preopPositionCmX: number | null;
  preopPositionCmY: number | null;
  preopPositionCmZ: number | null;
  rgsResult: 'positive' | 'negative' | 'undecided' | 'not-measured';
  pathologyResult: 'pending' | 'net-confirmed' | 'other-tumour' | 'no-tumour';
  pathologyGrade: 'G1' | 'G2' | 'G3' | null;
  ki67Percent: number | null;
  marginStatus: 'clear' | 'involved' | 'not-assessed' | null;
  pathologyNote: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SpecimensTable {
  id: string;
  caseId: string;
  lesionId: string | null;
  label: string;
  description: string | null;
  excisedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NotesTable {
  id: string;
  caseId: string;
  text: string;
  createdAt: string;
  createdBy: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  at: string;
  actorUserId: string | null;
  actorUsername: string;
  action: string;
  entityType: string;
  entityId: string | null;
  caseId: string | null;
  beforeJson: string | null;
  afterJson: string | null;
  /** The hash of the row before (see audit-chain.ts); null only on a row written around the chain. */
  prevHash: string | null;
  /** SHA-256 of the previous hash and this row's fields. */
  hash: string | null;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  appliedAt: string;
}

/**
 * Identifiers that must be unique, by their look-alike key (NFKC + Unicode TS #39 skeleton): a patient
 * pseudonym, a probe name or a username is refused when another one shares its key (issue 14 point 11).
 */
export interface IdentifierKeysTable {
  kind: IdentifierKind;
  key: string;
  entityId: string;
  /** The identifier as stored on the entity, to name it in a refusal. */
  value: string;
}

export type IdentifierKind = 'patient-pseudonym' | 'probe-name' | 'username';

export interface Database {
  identifierKeys: IdentifierKeysTable;
  users: UsersTable;
  authTokens: AuthTokensTable;
  patients: PatientsTable;
  patientIdentities: PatientIdentitiesTable;
  cases: CasesTable;
  tracerAdministrations: TracerAdministrationsTable;
  probes: ProbesTable;
  liveSessions: LiveSessionsTable;
  liveFrames: LiveFramesTable;
  liveSiteMarks: LiveSiteMarksTable;
  measurements: MeasurementsTable;
  lesions: LesionsTable;
  specimens: SpecimensTable;
  notes: NotesTable;
  auditLog: AuditLogTable;
  schemaMigrations: SchemaMigrationsTable;
}
