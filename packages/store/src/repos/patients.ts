// Patients: a pseudonym everywhere; identifying fields in their own table, read only by roles allowed to.
import {
  type Actor,
  appendAudit,
  changesNothing,
  claimIdentifier,
  isUniqueViolation,
  newId,
  notFound,
  nowIso,
  type StoreContext,
} from '../context.js';
import { StoreError } from '../errors.js';
import type { PatientIdentitiesTable, PatientsTable } from '../schema.js';

export interface PatientIdentity {
  givenName: string | null;
  familyName: string | null;
  birthDate: string | null;
  medicalRecordNumber: string | null;
}

export interface Patient {
  id: string;
  pseudonym: string;
  sex: PatientsTable['sex'];
  birthYear: number | null;
  createdAt: string;
  updatedAt: string;
  /** Present only when the caller may read identifying data and asked for it. */
  identity?: PatientIdentity | null | undefined;
}

export interface NewPatient {
  pseudonym: string;
  sex?: PatientsTable['sex'];
  birthYear?: number | null;
  identity?: Partial<PatientIdentity>;
}

export interface PatientPatch {
  sex?: PatientsTable['sex'];
  birthYear?: number | null;
  identity?: Partial<PatientIdentity>;
}

function toPatient(row: PatientsTable): Patient {
  return { ...row };
}

function toIdentity(row: PatientIdentitiesTable | undefined): PatientIdentity | null {
  if (!row) return null;
  return {
    givenName: row.givenName,
    familyName: row.familyName,
    birthDate: row.birthDate,
    medicalRecordNumber: row.medicalRecordNumber,
  };
}

/** What the audit keeps of an identity change: that fields changed, never their values. */
function identityFieldsTouched(identity: Partial<PatientIdentity> | undefined): string[] {
  return identity === undefined ? [] : Object.keys(identity).sort();
}

export class PatientsRepo {
  constructor(private readonly ctx: StoreContext) {}

  async create(actor: Actor, input: NewPatient): Promise<Patient> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const at = nowIso(this.ctx);
      const row: PatientsTable = {
        id: newId(),
        pseudonym: input.pseudonym,
        sex: input.sex ?? null,
        birthYear: input.birthYear ?? null,
        createdAt: at,
        updatedAt: at,
      };
      const taken = `pseudonym '${input.pseudonym}' is already used`;
      await claimIdentifier(trx, 'patient-pseudonym', input.pseudonym, row.id, {
        name: 'pseudonym',
        path: ['pseudonym'],
        taken,
      });
      try {
        await trx.insertInto('patients').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new StoreError('conflict', taken, ['pseudonym']);
        throw error;
      }
      if (input.identity !== undefined) {
        await trx
          .insertInto('patientIdentities')
          .values({
            patientId: row.id,
            givenName: input.identity.givenName ?? null,
            familyName: input.identity.familyName ?? null,
            birthDate: input.identity.birthDate ?? null,
            medicalRecordNumber: input.identity.medicalRecordNumber ?? null,
            updatedAt: at,
          })
          .execute();
      }
      await appendAudit(trx, this.ctx, actor, {
        action: 'patient.create',
        entityType: 'patient',
        entityId: row.id,
        after: { ...toPatient(row), identityFields: identityFieldsTouched(input.identity) },
      });
      return toPatient(row);
    });
  }

  async list(): Promise<Patient[]> {
    const rows = await this.ctx.db.selectFrom('patients').selectAll().orderBy('pseudonym').execute();
    return rows.map(toPatient);
  }

  async get(id: string, withIdentity: boolean): Promise<Patient | undefined> {
    const row = await this.ctx.db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const patient = toPatient(row);
    if (!withIdentity) return patient;
    const identity = await this.ctx.db
      .selectFrom('patientIdentities')
      .selectAll()
      .where('patientId', '=', id)
      .executeTakeFirst();
    return { ...patient, identity: toIdentity(identity) };
  }

  async update(actor: Actor, id: string, patch: PatientPatch): Promise<Patient> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) throw notFound('patient', id, ['id']);
      const { identity, ...fields } = patch;
      if (changesNothing(before, fields)) {
        const stored = await trx
          .selectFrom('patientIdentities')
          .selectAll()
          .where('patientId', '=', id)
          .executeTakeFirst();
        const current = stored ?? {
          givenName: null,
          familyName: null,
          birthDate: null,
          medicalRecordNumber: null,
        };
        if (identity === undefined || changesNothing(current, identity)) return toPatient(before);
      }
      const at = nowIso(this.ctx);
      await trx
        .updateTable('patients')
        .set({
          ...(patch.sex !== undefined ? { sex: patch.sex } : {}),
          ...(patch.birthYear !== undefined ? { birthYear: patch.birthYear } : {}),
          updatedAt: at,
        })
        .where('id', '=', id)
        .execute();
      if (patch.identity !== undefined) {
        const existing = await trx
          .selectFrom('patientIdentities')
          .selectAll()
          .where('patientId', '=', id)
          .executeTakeFirst();
        const merged: PatientIdentitiesTable = {
          patientId: id,
          givenName: null,
          familyName: null,
          birthDate: null,
          medicalRecordNumber: null,
          ...(existing ?? {}),
          ...patch.identity,
          updatedAt: at,
        };
        if (existing) {
          await trx.updateTable('patientIdentities').set(merged).where('patientId', '=', id).execute();
        } else {
          await trx.insertInto('patientIdentities').values(merged).execute();
        }
      }
      const after = await trx
        .selectFrom('patients')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await appendAudit(trx, this.ctx, actor, {
        action: 'patient.update',
        entityType: 'patient',
        entityId: id,
        before: toPatient(before),
        after: { ...toPatient(after), identityFields: identityFieldsTouched(patch.identity) },
      });
      return toPatient(after);
    });
  }
}
