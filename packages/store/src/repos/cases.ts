// Cases: the surgical episode everything else hangs off; editable until signed off, then locked
// (an admin, surgeon or nuclear-medicine physician may reopen it with a reason — audited).
import { sql } from 'kysely';
import {
  type Actor,
  appendAudit,
  changesNothing,
  isForeignKeyViolation,
  newId,
  notFound,
  nowIso,
  type StoreContext,
} from '../context.js';
import { StoreError } from '../errors.js';
import type { CasesTable, ResectionStatus } from '../schema.js';
import { type CaseSummary, caseForAddendum, caseForChange, caseQuery, toSummary } from './case-guard.js';
import { type CaseItems, loadCaseItems } from './case-items.js';

export type { CaseSummary } from './case-guard.js';

export interface CaseDetail extends CaseSummary, CaseItems {
  measurementCount: number;
}

export interface NewCase {
  label: string;
  patientId?: string | null;
  procedureDate?: string | null;
  indication?: string | null;
  resectionStatus?: ResectionStatus;
  decayReferenceTime?: string | null;
}

export type CasePatch = Partial<Omit<NewCase, never>>;

export class CasesRepo {
  constructor(private readonly ctx: StoreContext) {}

  async create(actor: Actor, input: NewCase): Promise<CaseSummary> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const at = nowIso(this.ctx);
      const row: CasesTable = {
        id: newId(),
        label: input.label,
        patientId: input.patientId ?? null,
        procedureDate: input.procedureDate ?? null,
        indication: input.indication ?? null,
        resectionStatus: input.resectionStatus ?? 'pending',
        decayReferenceTime: input.decayReferenceTime ?? null,
        signedOffAt: null,
        signedOffBy: null,
        signOffStatement: null,
        createdAt: at,
        createdBy: actor.userId ?? actor.username,
        updatedAt: at,
      };
      try {
        await trx.insertInto('cases').values(row).execute();
      } catch (error) {
        if (isForeignKeyViolation(error)) throw notFound('patient', input.patientId ?? '', ['patientId']);
        throw error;
      }
      const created = await caseQuery(trx).where('cases.id', '=', row.id).executeTakeFirstOrThrow();
      const summary = toSummary(created);
      await appendAudit(trx, this.ctx, actor, {
        action: 'case.create',
        entityType: 'case',
        entityId: row.id,
        caseId: row.id,
        after: summary,
      });
      return summary;
    });
  }

  async list(limit: number): Promise<CaseSummary[]> {
    const rows = await caseQuery(this.ctx.db).orderBy('cases.createdAt', 'desc').limit(limit).execute();
    return rows.map(toSummary);
  }

  async exists(id: string): Promise<boolean> {
    const row = await this.ctx.db.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }

  async get(id: string): Promise<CaseDetail | undefined> {
    const row = await caseQuery(this.ctx.db).where('cases.id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const items = await loadCaseItems(this.ctx.db, id);
    const count = await this.ctx.db
      .selectFrom('measurements')
      .select(sql<number>`count(*)`.as('n'))
      .where('caseId', '=', id)
      .executeTakeFirstOrThrow();
    return { ...toSummary(row), ...items, measurementCount: Number(count.n) };
  }

  async update(actor: Actor, id: string, patch: CasePatch): Promise<CaseSummary> {
    return this.ctx.db.transaction().execute(async (trx) => {
      // The final R status is a post-operative addendum (it follows pathology): allowed after sign-off.
      const addendum = Object.entries(patch).every(([k, v]) => v === undefined || k === 'resectionStatus');
      const before = addendum ? await caseForAddendum(trx, id) : await caseForChange(trx, id);
      if (changesNothing({ ...before, patientId: before.patient?.id ?? null }, patch)) return before;
      try {
        await trx
          .updateTable('cases')
          .set({
            ...(patch.label !== undefined ? { label: patch.label } : {}),
            ...(patch.patientId !== undefined ? { patientId: patch.patientId } : {}),
            ...(patch.procedureDate !== undefined ? { procedureDate: patch.procedureDate } : {}),
            ...(patch.indication !== undefined ? { indication: patch.indication } : {}),
            ...(patch.resectionStatus !== undefined ? { resectionStatus: patch.resectionStatus } : {}),
            ...(patch.decayReferenceTime !== undefined
              ? { decayReferenceTime: patch.decayReferenceTime }
              : {}),
            updatedAt: nowIso(this.ctx),
          })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (isForeignKeyViolation(error)) throw notFound('patient', patch.patientId ?? '', ['patientId']);
        throw error;
      }
      const after = toSummary(await caseQuery(trx).where('cases.id', '=', id).executeTakeFirstOrThrow());
      await appendAudit(trx, this.ctx, actor, {
        action: addendum && before.signOff !== null ? 'case.resection-status-addendum' : 'case.update',
        entityType: 'case',
        entityId: id,
        caseId: id,
        before,
        after,
      });
      return after;
    });
  }

  async signOff(actor: Actor, id: string, statement: string): Promise<CaseSummary> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const before = await caseForChange(trx, id);
      await trx
        .updateTable('cases')
        .set({
          signedOffAt: nowIso(this.ctx),
          signedOffBy: actor.userId ?? actor.username,
          signOffStatement: statement,
          updatedAt: nowIso(this.ctx),
        })
        .where('id', '=', id)
        .execute();
      const after = toSummary(await caseQuery(trx).where('cases.id', '=', id).executeTakeFirstOrThrow());
      await appendAudit(trx, this.ctx, actor, {
        action: 'case.sign-off',
        entityType: 'case',
        entityId: id,
        caseId: id,
        before,
        after,
      });
      return after;
    });
  }

  async reopen(actor: Actor, id: string, reason: string): Promise<CaseSummary> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await caseQuery(trx).where('cases.id', '=', id).executeTakeFirst();
      if (!row) throw notFound('case', id, ['caseId']);
      const before = toSummary(row);
      if (before.signOff === null) {
        throw new StoreError('conflict', `case '${before.label}' is not signed off`, ['caseId']);
      }
      await trx
        .updateTable('cases')
        .set({ signedOffAt: null, signedOffBy: null, signOffStatement: null, updatedAt: nowIso(this.ctx) })
        .where('id', '=', id)
        .execute();
      const after = toSummary(await caseQuery(trx).where('cases.id', '=', id).executeTakeFirstOrThrow());
      await appendAudit(trx, this.ctx, actor, {
        action: 'case.reopen',
        entityType: 'case',
        entityId: id,
        caseId: id,
        before,
        after: { ...after, reason },
      });
      return after;
    });
  }
}
