export { AUDIT_GENESIS_HASH, type AuditChainReport, auditRowHash, verifyAuditChain } from './audit-chain.js';
export { type BackupResult, backup } from './backup.js';
export {
  type Connection,
  describeTarget,
  type Engine,
  redactUrl,
  resolveStorage,
  SQLITE_FILE_NAME,
  type StorageFlags,
  type StorageTarget,
} from './connect.js';
export type { Actor, AuditEntry } from './context.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { type KnownMigration, loadMigrations, type Migration, type MigrationResult } from './migrate.js';
export type { AuditQuery, AuditRecord } from './repos/audit.js';
export type {
  BackgroundSiteDecision,
  PastBackgroundCase,
  PastBackgroundSite,
} from './repos/background-sites.js';
export type {
  CaseItems,
  Lesion,
  LesionPatch,
  NewLesion,
  NewSpecimen,
  NewTracerAdministration,
  Note,
  Specimen,
  SpecimenPatch,
  TracerAdministration,
} from './repos/case-items.js';
export type { CaseDetail, CasePatch, CaseSummary, NewCase } from './repos/cases.js';
export type { LiveFrame, LiveSession, LiveSessionDetail, SiteMark } from './repos/live.js';
export type {
  BackgroundModel,
  DerivationContext,
  Measurement,
  MeasurementDerived,
  MeasurementInput,
  RecordRequest,
} from './repos/measurements.js';
export type { NewPatient, Patient, PatientIdentity, PatientPatch } from './repos/patients.js';
export type {
  EnergyWindow,
  NewQcCheck,
  NewQcTest,
  ProbeQcProfile,
  ProbeQcProfileInput,
  QcCheck,
  QcOverride,
  QcTest,
  QcTestPurpose,
  ReferenceSource,
} from './repos/probe-qc.js';
export type { NewProbe, Probe, ProbePatch } from './repos/probes.js';
export type { FollowUp, ImportResult, RegistryEntry, RegistryRowInput } from './repos/registry.js';
export type { AuthToken, NewUser, User, UserPatch } from './repos/users.js';
export { type BackupContents, type RestoreResult, readBackup, restore } from './restore.js';
export type { LiveFramesTable, MeasurementKind, ResectionStatus, Role } from './schema.js';
export {
  classifyStorageFault,
  type StorageFault,
  type StorageHealthState,
} from './storage-fault.js';
export { STORAGE_OPTIONS, storageFromFlags } from './storage-flags.js';
export { type OpenStoreOptions, Store } from './store.js';
