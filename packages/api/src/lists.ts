// The answers that are lists: a bare JSON array of the item's record (never wrapped), newest first where
// the route says so. One schema each, so the server declares and the console parses the same list.
import { z } from 'zod';
import { AuthToken, User } from './auth.js';
import { BackgroundSiteDecision, Measurement } from './measurements.js';
import { QcCheckRecord, QcOverrideRecord, QcTestRecord } from './qc.js';
import { AuditRecord, CaseSummaryRecord, FollowUpRecord, PatientRecord, ProbeRecord } from './records.js';
import { StationInfo } from './stations.js';

/** `GET /api/users` */
export const UserList = z.array(User);
/** `GET /api/auth/tokens`: the caller's own tokens. */
export const AuthTokenList = z.array(AuthToken);
/** `GET /api/audit` */
export const AuditRecordList = z.array(AuditRecord);
/** `GET /api/cases` */
export const CaseSummaryList = z.array(CaseSummaryRecord);
/** `GET /api/patients` (pseudonyms only) */
export const PatientList = z.array(PatientRecord);
/** `GET /api/probes` */
export const ProbeList = z.array(ProbeRecord);
/** `GET /api/cases/:id/follow-ups` */
export const FollowUpList = z.array(FollowUpRecord);
/** `GET /api/cases/:id/measurements` */
export const MeasurementList = z.array(Measurement);
/** `GET /api/cases/:id/background-sites` */
export const BackgroundSiteDecisionList = z.array(BackgroundSiteDecision);
/** `GET /api/probes/:id/qc/checks` */
export const QcCheckList = z.array(QcCheckRecord);
/** `GET /api/probes/:id/qc/overrides` */
export const QcOverrideList = z.array(QcOverrideRecord);
/** `GET /api/probes/:id/qc/tests` */
export const QcTestList = z.array(QcTestRecord);
/** `GET /api/stations` */
export const StationInfoList = z.array(StationInfo);
