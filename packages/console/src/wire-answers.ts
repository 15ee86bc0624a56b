// Type-level contract test (issue 16, "one wire contract"): what each HTTP call of the console resolves to
// is exactly the answer type @openrgs/api declares for its route — the same types the server's routes must
// return (packages/server/src/http/route.ts types each handler by its response schema). Nothing runs here:
// `npm run typecheck` (the console's tsconfig) fails when an answer drifts, e.g. a call that reads a session
// start as `unknown` again, or a list read with a schema of the console's own. Imported by nothing.
import type * as wire from '@openrgs/api';
import type { z } from 'zod';
import type * as api from './api.js';
import type * as planning from './components/planning-api.js';
import type * as qc from './qc-api.js';
import type { recordApi } from './record-api.js';

/** True only when A and B are the same type (mutual assignability would ignore `readonly` and `any`). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Answer<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;
type Wire<S extends z.ZodType> = z.output<S>;

/** Compiles only when its argument is `true`: a drifted answer is a type error on its own line. */
type Holds<T extends true> = T;

export type StartSessionAnswer = Holds<
  Equals<Answer<typeof api.startSession>, Wire<typeof wire.LiveSessionRecord>>
>;
export type EndSessionAnswer = Holds<
  Equals<Answer<typeof api.endSession>, Wire<typeof wire.LiveSessionRecord>>
>;
export type SignOffAnswer = Holds<Equals<Answer<typeof api.signOff>, Wire<typeof wire.CaseSummaryRecord>>>;
export type ReopenAnswer = Holds<
  Equals<Answer<typeof recordApi.reopen>, Wire<typeof wire.CaseSummaryRecord>>
>;
export type DecideBackgroundSiteAnswer = Holds<
  Equals<Answer<typeof api.decideBackgroundSite>, Wire<typeof wire.BackgroundSiteDecision>>
>;
export type SetSimulatedFaultsAnswer = Holds<
  Equals<Answer<typeof api.setSimulatedFaults>, Wire<typeof wire.FaultFlags>>
>;
export type LogoutAnswer = Holds<Equals<Answer<typeof api.logout>, void>>;
export type ListUsersAnswer = Holds<Equals<Answer<typeof api.listUsers>, Wire<typeof wire.UserList>>>;
export type ListProbesAnswer = Holds<Equals<Answer<typeof api.listProbes>, Wire<typeof wire.ProbeList>>>;
export type ListCasesAnswer = Holds<Equals<Answer<typeof api.listCases>, Wire<typeof wire.CaseSummaryList>>>;
export type ListPatientsAnswer = Holds<
  Equals<Answer<typeof api.listPatients>, Wire<typeof wire.PatientList>>
>;
export type ListMeasurementsAnswer = Holds<
  Equals<Answer<typeof api.listMeasurements>, Wire<typeof wire.MeasurementList>>
>;
export type CaseAuditAnswer = Holds<Equals<Answer<typeof api.caseAudit>, Wire<typeof wire.AuditRecordList>>>;
export type ListStationsAnswer = Holds<
  Equals<Answer<typeof api.listStations>, Wire<typeof wire.StationInfoList>>
>;
export type FollowUpsAnswer = Holds<
  Equals<Answer<typeof recordApi.followUps>, Wire<typeof wire.FollowUpList>>
>;
export type LesionsAnswer = Holds<
  Equals<Answer<typeof recordApi.lesions>, Wire<typeof wire.CaseDetailRecord>['lesions']>
>;
export type QcChecksAnswer = Holds<Equals<Answer<typeof qc.qcApi.checks>, Wire<typeof wire.QcCheckList>>>;
export type QcTestsAnswer = Holds<Equals<Answer<typeof qc.qcApi.tests>, Wire<typeof wire.QcTestList>>>;
export type PlanAnswer = Holds<Equals<Answer<typeof planning.postPlan>, Wire<typeof wire.PlanAnswer>>>;
export type DoseAnswer = Holds<Equals<Answer<typeof planning.postDose>, Wire<typeof wire.DoseAnswer>>>;
export type PlanningPresetsAnswer = Holds<
  Equals<Answer<typeof planning.getPlanningPresets>, Wire<typeof wire.TracerListAnswer>>
>;
