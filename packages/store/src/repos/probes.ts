// The probes a site owns (make, serial, collimator) and their QC state.
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
import type { ProbesTable } from '../schema.js';

export type Probe = ProbesTable;
export type NewProbe = Partial<Omit<ProbesTable, 'id' | 'createdAt' | 'updatedAt' | 'name' | 'detector'>> &
  Pick<ProbesTable, 'name' | 'detector'>;
export type ProbePatch = Partial<Omit<ProbesTable, 'id' | 'createdAt' | 'updatedAt'>>;

export class ProbesRepo {
  constructor(private readonly ctx: StoreContext) {}

  async list(): Promise<Probe[]> {
    return this.ctx.db.selectFrom('probes').selectAll().orderBy('name').execute();
  }

  async get(id: string): Promise<Probe | undefined> {
    return this.ctx.db.selectFrom('probes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async create(actor: Actor, input: NewProbe): Promise<Probe> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const at = nowIso(this.ctx);
      const row: ProbesTable = {
        id: newId(),
        name: input.name,
        manufacturer: input.manufacturer ?? null,
        model: input.model ?? null,
        serialNumber: input.serialNumber ?? null,
        detector: input.detector,
        collimator: input.collimator ?? null,
        qcStatus: input.qcStatus ?? 'unknown',
        qcCheckedAt: input.qcCheckedAt ?? null,
        createdAt: at,
        updatedAt: at,
      };
      await claimIdentifier(trx, 'probe-name', input.name, row.id, {
        name: 'probe name',
        path: ['name'],
        taken: `a probe named '${input.name}' exists`,
      });
      try {
        await trx.insertInto('probes').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error))
          throw new StoreError('conflict', `a probe named '${input.name}' exists`, ['name']);
        throw error;
      }
      await appendAudit(trx, this.ctx, actor, {
        action: 'probe.create',
        entityType: 'probe',
        entityId: row.id,
        after: row,
      });
      return row;
    });
  }

  async update(actor: Actor, id: string, patch: ProbePatch): Promise<Probe> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('probes').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) throw notFound('probe', id, ['probeId']);
      if (changesNothing(before, patch)) return before;
      const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      if (patch.name !== undefined && patch.name !== before.name) {
        await claimIdentifier(trx, 'probe-name', patch.name, id, {
          name: 'probe name',
          path: ['name'],
          taken: `a probe named '${patch.name}' exists`,
        });
      }
      try {
        await trx
          .updateTable('probes')
          .set({ ...set, updatedAt: nowIso(this.ctx) })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        if (isUniqueViolation(error))
          throw new StoreError('conflict', `a probe named '${patch.name}' exists`, ['name']);
        throw error;
      }
      const after = await trx.selectFrom('probes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await appendAudit(trx, this.ctx, actor, {
        action: 'probe.update',
        entityType: 'probe',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }
}
