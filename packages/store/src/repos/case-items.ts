// What a case holds besides measurements: tracer administrations, lesions, specimens and notes.
// Every change checks the case is open and writes its audit record in the same transaction.
import {
  type Actor,
  appendAudit,
  changesNothing,
  type Executor,
  isUniqueViolation,
  newId,
  notFound,
  nowIso,
  type StoreContext,
} from '../context.js';
import { StoreError } from '../errors.js';
import type { LesionsTable, NotesTable, SpecimensTable, TracerAdministrationsTable } from '../schema.js';
import { caseForAddendum, caseForChange } from './case-guard.js';

const PATHOLOGY_FIELDS = new Set([
  'pathologyResult',
  'pathologyGrade',
  'ki67Percent',
  'marginStatus',
  'pathologyNote',
  // The console's pathology form also carries the measured size (mm).
  'sizeMm',
]);

export interface TracerAdministration {
  id: string;
  caseId: string;
  agent: string;
  tracerId: string | null;
  nuclide: string;
  activityMBq: number;
  administeredAt: string;
  route: string | null;
  createdAt: string;
  createdBy: string;
}

/** A lesion as the api carries it: the three position columns as one `[x, y, z]` (cm) or null. */
export type Lesion = {
  [K in
    | keyof Omit<LesionsTable, 'preopPositionCmX' | 'preopPositionCmY' | 'preopPositionCmZ'>
    | 'preopPositionCm']: K extends keyof LesionsTable ? LesionsTable[K] : [number, number, number] | null;
};
export type Specimen = SpecimensTable;
export type Note = NotesTable;

export interface CaseItems {
  tracerAdministrations: TracerAdministration[];
  lesions: Lesion[];
  specimens: Specimen[];
  notes: Note[];
}

function toTracer(row: TracerAdministrationsTable): TracerAdministration {
  const { activityMbq, ...rest } = row;
  return { ...rest, activityMBq: activityMbq };
}

export function toLesion(row: LesionsTable): Lesion {
  const { preopPositionCmX, preopPositionCmY, preopPositionCmZ, ...rest } = row;
  // The repository writes the three together; a row with one missing (edited outside OpenRGS) has none.
  const preopPositionCm: Lesion['preopPositionCm'] =
    preopPositionCmX !== null && preopPositionCmY !== null && preopPositionCmZ !== null
      ? [preopPositionCmX, preopPositionCmY, preopPositionCmZ]
      : null;
  return { ...rest, preopPositionCm };
}

/** The columns of a lesion change: the position (if sent) as its three coordinates, set or cleared together. */
function lesionColumns(
  patch: LesionPatch,
): Partial<Omit<LesionsTable, 'id' | 'caseId' | 'createdAt' | 'updatedAt'>> {
  const { preopPositionCm, ...rest } = patch;
  if (preopPositionCm === undefined) return rest;
  return {
    ...rest,
    preopPositionCmX: preopPositionCm?.[0] ?? null,
    preopPositionCmY: preopPositionCm?.[1] ?? null,
    preopPositionCmZ: preopPositionCm?.[2] ?? null,
  };
}

export async function loadTracers(db: Executor, caseId: string): Promise<TracerAdministration[]> {
  const rows = await db
    .selectFrom('tracerAdministrations')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('administeredAt')
    .execute();
  return rows.map(toTracer);
}

export async function loadCaseItems(db: Executor, caseId: string): Promise<CaseItems> {
  const [tracers, lesions, specimens, notes] = await Promise.all([
    db
      .selectFrom('tracerAdministrations')
      .selectAll()
      .where('caseId', '=', caseId)
      .orderBy('administeredAt')
      .execute(),
    db.selectFrom('lesions').selectAll().where('caseId', '=', caseId).orderBy('createdAt').execute(),
    db.selectFrom('specimens').selectAll().where('caseId', '=', caseId).orderBy('createdAt').execute(),
    db.selectFrom('notes').selectAll().where('caseId', '=', caseId).orderBy('createdAt').execute(),
  ]);
  return { tracerAdministrations: tracers.map(toTracer), lesions: lesions.map(toLesion), specimens, notes };
}

export interface NewTracerAdministration {
  agent: string;
  /** Canonical tracer id (the server resolves the agent's spelling). */
  tracerId?: string | null;
  nuclide: string;
  activityMBq: number;
  administeredAt: string;
  route?: string | null;
}

export type NewLesion = Partial<Omit<Lesion, 'id' | 'caseId' | 'createdAt' | 'updatedAt' | 'label'>> & {
  label: string;
};
export type LesionPatch = Partial<Omit<Lesion, 'id' | 'caseId' | 'createdAt' | 'updatedAt'>>;
export type NewSpecimen = Partial<
  Omit<SpecimensTable, 'id' | 'caseId' | 'createdAt' | 'updatedAt' | 'label'>
> & {
  label: string;
};
export type SpecimenPatch = Partial<Omit<SpecimensTable, 'id' | 'caseId' | 'createdAt' | 'updatedAt'>>;

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function lesionOfCase(trx: Executor, caseId: string, lesionId: string, path: string[]): Promise<void> {
  const row = await trx
    .selectFrom('lesions')
    .select('id')
    .where('id', '=', lesionId)
    .where('caseId', '=', caseId)
    .executeTakeFirst();
  if (!row) throw notFound('lesion of this case', lesionId, path);
}

export class CaseItemsRepo {
  constructor(private readonly ctx: StoreContext) {}

  async addTracer(
    actor: Actor,
    caseId: string,
    input: NewTracerAdministration,
  ): Promise<TracerAdministration> {
    return this.ctx.db.transaction().execute(async (trx) => {
      await caseForChange(trx, caseId);
      const row: TracerAdministrationsTable = {
        id: newId(),
        caseId,
        agent: input.agent,
        tracerId: input.tracerId ?? null,
        nuclide: input.nuclide,
        activityMbq: input.activityMBq,
        administeredAt: input.administeredAt,
        route: input.route ?? null,
        createdAt: nowIso(this.ctx),
        createdBy: actor.userId ?? actor.username,
      };
      await trx.insertInto('tracerAdministrations').values(row).execute();
      const tracer = toTracer(row);
      await appendAudit(trx, this.ctx, actor, {
        action: 'tracer-administration.create',
        entityType: 'tracer-administration',
        entityId: row.id,
        caseId,
        after: tracer,
      });
      return tracer;
    });
  }

  /** The case's lesions (in the order they were recorded); none for an unknown case. */
  async lesions(caseId: string): Promise<Lesion[]> {
    const rows = await this.ctx.db
      .selectFrom('lesions')
      .selectAll()
      .where('caseId', '=', caseId)
      .orderBy('createdAt')
      .execute();
    return rows.map(toLesion);
  }

  async addLesion(actor: Actor, caseId: string, input: NewLesion): Promise<Lesion> {
    return this.ctx.db.transaction().execute(async (trx) => {
      await caseForChange(trx, caseId);
      const at = nowIso(this.ctx);
      const row: LesionsTable = {
        id: newId(),
        caseId,
        label: input.label,
        siteCode: input.siteCode ?? null,
        location: input.location ?? null,
        sizeMm: input.sizeMm ?? null,
        preopModality: input.preopModality ?? null,
        preopImagingStatus: input.preopImagingStatus ?? null,
        preopPositionCmX: input.preopPositionCm?.[0] ?? null,
        preopPositionCmY: input.preopPositionCm?.[1] ?? null,
        preopPositionCmZ: input.preopPositionCm?.[2] ?? null,
        rgsResult: input.rgsResult ?? 'not-measured',
        pathologyResult: input.pathologyResult ?? 'pending',
        pathologyGrade: input.pathologyGrade ?? null,
        ki67Percent: input.ki67Percent ?? null,
        marginStatus: input.marginStatus ?? null,
        pathologyNote: input.pathologyNote ?? null,
        createdAt: at,
        updatedAt: at,
      };
      try {
        await trx.insertInto('lesions').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new StoreError('conflict', `this case already has a lesion labelled '${input.label}'`, [
            'label',
          ]);
        }
        throw error;
      }
      const lesion = toLesion(row);
      await appendAudit(trx, this.ctx, actor, {
        action: 'lesion.create',
        entityType: 'lesion',
        entityId: row.id,
        caseId,
        after: lesion,
      });
      return lesion;
    });
  }

  async updateLesion(actor: Actor, caseId: string, lesionId: string, patch: LesionPatch): Promise<Lesion> {
    return this.ctx.db.transaction().execute(async (trx) => {
      // Pathology is a post-operative addendum: allowed on a signed-off case, audited as such.
      const addendum = Object.entries(patch).every(([k, v]) => v === undefined || PATHOLOGY_FIELDS.has(k));
      const kase = addendum ? await caseForAddendum(trx, caseId) : await caseForChange(trx, caseId);
      const before = await trx
        .selectFrom('lesions')
        .selectAll()
        .where('id', '=', lesionId)
        .where('caseId', '=', caseId)
        .executeTakeFirst();
      if (!before) throw notFound('lesion of this case', lesionId, ['lesionId']);
      const columns = lesionColumns(patch);
      if (changesNothing(before, columns)) return toLesion(before);
      try {
        await trx
          .updateTable('lesions')
          .set({ ...definedOnly(columns), updatedAt: nowIso(this.ctx) })
          .where('id', '=', lesionId)
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new StoreError('conflict', `this case already has a lesion labelled '${patch.label}'`, [
            'label',
          ]);
        }
        throw error;
      }
      const after = await trx
        .selectFrom('lesions')
        .selectAll()
        .where('id', '=', lesionId)
        .executeTakeFirstOrThrow();
      await appendAudit(trx, this.ctx, actor, {
        action: addendum && kase.signOff !== null ? 'lesion.pathology-addendum' : 'lesion.update',
        entityType: 'lesion',
        entityId: lesionId,
        caseId,
        before: toLesion(before),
        after: toLesion(after),
      });
      return toLesion(after);
    });
  }

  async addSpecimen(actor: Actor, caseId: string, input: NewSpecimen): Promise<Specimen> {
    return this.ctx.db.transaction().execute(async (trx) => {
      await caseForChange(trx, caseId);
      if (input.lesionId != null) await lesionOfCase(trx, caseId, input.lesionId, ['lesionId']);
      const at = nowIso(this.ctx);
      const row: SpecimensTable = {
        id: newId(),
        caseId,
        lesionId: input.lesionId ?? null,
        label: input.label,
        description: input.description ?? null,
        excisedAt: input.excisedAt ?? null,
        createdAt: at,
        updatedAt: at,
      };
      try {
        await trx.insertInto('specimens').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new StoreError('conflict', `this case already has a specimen labelled '${input.label}'`, [
            'label',
          ]);
        }
        throw error;
      }
      await appendAudit(trx, this.ctx, actor, {
        action: 'specimen.create',
        entityType: 'specimen',
        entityId: row.id,
        caseId,
        after: row,
      });
      return row;
    });
  }

  async updateSpecimen(
    actor: Actor,
    caseId: string,
    specimenId: string,
    patch: SpecimenPatch,
  ): Promise<Specimen> {
    return this.ctx.db.transaction().execute(async (trx) => {
      await caseForChange(trx, caseId);
      const before = await trx
        .selectFrom('specimens')
        .selectAll()
        .where('id', '=', specimenId)
        .where('caseId', '=', caseId)
        .executeTakeFirst();
      if (!before) throw notFound('specimen of this case', specimenId, ['specimenId']);
      if (changesNothing(before, patch)) return before;
      if (patch.lesionId != null) await lesionOfCase(trx, caseId, patch.lesionId, ['lesionId']);
      try {
        await trx
          .updateTable('specimens')
          .set({ ...definedOnly(patch), updatedAt: nowIso(this.ctx) })
          .where('id', '=', specimenId)
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new StoreError('conflict', `this case already has a specimen labelled '${patch.label}'`, [
            'label',
          ]);
        }
        throw error;
      }
      const after = await trx
        .selectFrom('specimens')
        .selectAll()
        .where('id', '=', specimenId)
        .executeTakeFirstOrThrow();
      await appendAudit(trx, this.ctx, actor, {
        action: 'specimen.update',
        entityType: 'specimen',
        entityId: specimenId,
        caseId,
        before,
        after,
      });
      return after;
    });
  }

  async addNote(actor: Actor, caseId: string, text: string): Promise<Note> {
    return this.ctx.db.transaction().execute(async (trx) => {
      await caseForChange(trx, caseId);
      const row: NotesTable = {
        id: newId(),
        caseId,
        text,
        createdAt: nowIso(this.ctx),
        createdBy: actor.userId ?? actor.username,
      };
      await trx.insertInto('notes').values(row).execute();
      await appendAudit(trx, this.ctx, actor, {
        action: 'note.create',
        entityType: 'note',
        entityId: row.id,
        caseId,
        after: row,
      });
      return row;
    });
  }
}
