// The URL's own parts of the contract: the ids in a route's path (`/api/cases/:id/lesions/:lesionId`) and
// the queries that are not a record's own (each record's query sits beside the record). Every 400 names the
// parameter (`params.id`) and says what it must be.
import { z } from 'zod';
import { label } from './text.js';

/** A uuid path parameter whose refusal names what it identifies: "must be a case id (UUID)". */
const idOf = (what: string) => z.uuid({ message: `must be a ${what} id (UUID)` });

/** A station id: how `rgs serve` names its stations (letters, digits, `. _ -`, at most 80). */
const stationId = () =>
  z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, 'must be a station id (letters, digits, . _ -)');

/** `/api/cases/:id…` */
export const CaseParams = z.strictObject({ id: idOf('case') });
/** `/api/cases/:id/lesions/:lesionId` */
export const LesionParams = z.strictObject({ id: idOf('case'), lesionId: idOf('lesion') });
/** `/api/cases/:id/specimens/:specimenId` */
export const SpecimenParams = z.strictObject({ id: idOf('case'), specimenId: idOf('specimen') });
/** `/api/cases/:id/measurements/:measurementId…` */
export const MeasurementParams = z.strictObject({ id: idOf('case'), measurementId: idOf('measurement') });
/** `/api/cases/:id/background-sites/:label` */
export const CaseSiteParams = z.strictObject({ id: idOf('case'), label: label(120) });

/** `/api/patients/:id` */
export const PatientParams = z.strictObject({ id: idOf('patient') });
/** `GET /api/patients/:id?include=identity`: identifying fields, for `patient-identity:read` only. */
export const PatientQuery = z.strictObject({
  include: z.enum(['identity'], { message: "the only value is 'identity'" }).optional(),
});

/** `/api/probes/:id…` */
export const ProbeParams = z.strictObject({ id: idOf('probe') });
/** `/api/probes/:id/qc/checks/:checkId/void` */
export const QcCheckParams = z.strictObject({ id: idOf('probe'), checkId: idOf('check') });

/** `/api/users/:id…` */
export const UserParams = z.strictObject({ id: idOf('user') });
/** `/api/auth/tokens/:tokenId` */
export const TokenParams = z.strictObject({ tokenId: idOf('token') });

/** `/api/stations/:id…` */
export const StationParams = z.strictObject({ id: stationId() });
/** `/api/stations/:id/background-sites/:label` */
export const StationSiteParams = z.strictObject({ id: stationId(), label: label(120) });

/** `/api/live-sessions/:id…` */
export const LiveSessionParams = z.strictObject({ id: idOf('live session') });
/** `GET /api/live-sessions/:id/frames?fromSeq&limit`: from a seq (default 0), at most 10 000 (default 1000). */
export const LiveFramesQuery = z.strictObject({
  fromSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
