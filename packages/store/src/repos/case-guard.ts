// Shared by every repository that changes something inside a case: load it, refuse if signed off.
import { type Executor, notFound } from '../context.js';
import { StoreError } from '../errors.js';
import type { CasesTable, ResectionStatus } from '../schema.js';

export interface CaseSummary {
  id: string;
  label: string;
  patient: { id: string; pseudonym: string } | null;
  procedureDate: string | null;
  indication: string | null;
  resectionStatus: ResectionStatus;
  decayReferenceTime: string | null;
  signOff: { at: string; byUserId: string; statement: string } | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

type CaseRow = CasesTable & { pseudonym: string | null };

export function toSummary(row: CaseRow): CaseSummary {
  return {
    id: row.id,
    label: row.label,
    patient: row.patientId === null ? null : { id: row.patientId, pseudonym: row.pseudonym ?? '' },
    procedureDate: row.procedureDate,
    indication: row.indication,
    resectionStatus: row.resectionStatus,
    decayReferenceTime: row.decayReferenceTime,
    signOff:
      row.signedOffAt === null
        ? null
        : { at: row.signedOffAt, byUserId: row.signedOffBy ?? '', statement: row.signOffStatement ?? '' },
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
  };
}

export function caseQuery(db: Executor) {
  return db
    .selectFrom('cases')
    .leftJoin('patients', 'patients.id', 'cases.patientId')
    .selectAll('cases')
    .select('patients.pseudonym');
}

/** Loads a case for change: it must exist and not be signed off. */
/**
 * Pathology and the final resection status arrive days after the operation: they are post-operative
 * addenda, allowed on a signed-off case (audited as addenda) without reopening the intraoperative record.
 */
export async function caseForAddendum(trx: Executor, caseId: string): Promise<CaseSummary> {
  const row = await caseQuery(trx).where('cases.id', '=', caseId).executeTakeFirst();
  if (!row) throw notFound('case', caseId, ['caseId']);
  return toSummary(row);
}

export async function caseForChange(trx: Executor, caseId: string): Promise<CaseSummary> {
  const row = await caseQuery(trx).where('cases.id', '=', caseId).executeTakeFirst();
  if (!row) throw notFound('case', caseId, ['caseId']);
  const summary = toSummary(row);
  if (summary.signOff !== null) {
    throw new StoreError(
      'case-signed-off',
      `case '${summary.label}' was signed off at ${summary.signOff.at}; reopen it (with a reason) to change it`,
      ['caseId'],
    );
  }
  return summary;
}
