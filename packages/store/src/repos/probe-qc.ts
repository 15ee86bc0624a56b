// Probe quality control records (issue 8): the QC profile of each probe, daily constancy checks,
// NEMA NU 3 test records and the audited overrides of the QC gate. The store keeps what the QC
// computations (@openrgs/qc, called by the server) produced; it computes nothing itself.
// Checks and tests are never edited: a wrong check is voided with a reason (audited) and a new one
// recorded, so the control chart keeps its history.
import type { Kysely, Transaction } from 'kysely';
import {
  type Actor,
  appendAudit,
  type Executor,
  newId,
  notFound,
  nowIso,
  type StoreContext,
} from '../context.js';
import { StoreError } from '../errors.js';
import type { Database } from '../schema.js';

export type QcVerdict = 'pass' | 'warn' | 'fail';

export interface ProbeQcProfilesTable {
  probeId: string;
  detectorMaterial: string | null;
  energyWindowsJson: string;
  deadTimeSeconds: number | null;
  referenceSourceNuclide: string | null;
  referenceSourceActivityMbq: number | null;
  referenceSourceCalibratedAt: string | null;
  referenceSourceSerial: string | null;
  baselineCpsPerMbq: number | null;
  baselineMeasuredAt: string | null;
  constancyWarnPercent: number | null;
  constancyFailPercent: number | null;
  constancyCountSeconds: number | null;
  maxBackgroundCps: number | null;
  referenceBackgroundCps: number | null;
  manufacturerFiguresJson: string;
  baselineFiguresJson: string;
  updatedAt: string;
  updatedBy: string;
}

export interface ProbeQcChecksTable {
  id: string;
  probeId: string;
  checkedAt: string;
  nuclide: string;
  sourceActivityMbq: number;
  sourceCalibratedAt: string;
  baselineCpsPerMbq: number;
  measuredCounts: number;
  countSeconds: number;
  backgroundCounts: number | null;
  backgroundSeconds: number | null;
  expectedCps: number;
  measuredCps: number;
  deviationPercent: number;
  countingUncertaintyPercent: number;
  warnPercent: number;
  failPercent: number;
  constancyResult: QcVerdict;
  backgroundResult: QcVerdict | null;
  checklistJson: string;
  checklistResult: QcVerdict;
  result: QcVerdict;
  detailJson: string;
  note: string | null;
  createdAt: string;
  createdBy: string;
  voidedAt: string | null;
  voidedBy: string | null;
  voidReason: string | null;
}

export interface ProbeQcTestsTable {
  id: string;
  probeId: string;
  test: string;
  purpose: QcTestPurpose;
  performedAt: string;
  dataCsv: string;
  optionsJson: string;
  summaryJson: string;
  mainValue: number | null;
  mainUnit: string | null;
  meetsCriterion: number | null;
  note: string | null;
  createdAt: string;
  createdBy: string;
}

export interface ProbeQcOverridesTable {
  id: string;
  probeId: string;
  caseId: string | null;
  reason: string;
  gateJson: string;
  createdAt: string;
  createdBy: string;
}

/** The store's tables plus this file's (the shared schema.ts stays untouched). */
export interface QcDatabase extends Database {
  probeQcProfiles: ProbeQcProfilesTable;
  probeQcChecks: ProbeQcChecksTable;
  probeQcTests: ProbeQcTestsTable;
  probeQcOverrides: ProbeQcOverridesTable;
}

export interface EnergyWindow {
  label: string;
  lowerKeV: number;
  /** null: an open window (threshold only), as on most probe units. */
  upperKeV: number | null;
}

export interface ReferenceSource {
  nuclide: string;
  activityMBq: number;
  /** ISO-8601 instant of the certificate. */
  calibratedAt: string;
  serial: string | null;
}

export interface ProbeQcProfile {
  probeId: string;
  detectorMaterial: string | null;
  energyWindows: EnergyWindow[];
  deadTimeSeconds: number | null;
  referenceSource: ReferenceSource | null;
  baselineCpsPerMBq: number | null;
  baselineMeasuredAt: string | null;
  constancyTolerance: { warnPercent: number; failPercent: number } | null;
  constancyCountSeconds: number | null;
  maxBackgroundCps: number | null;
  referenceBackgroundCps: number | null;
  /** Figures the manufacturer claims, keyed by quantity (e.g. sensitivityCpsPerMBq). */
  manufacturerFigures: Record<string, number>;
  /** The probe's own figures at acceptance, keyed the same way. */
  baselineFigures: Record<string, number>;
  updatedAt: string;
  updatedBy: string;
}

export type ProbeQcProfileInput = Omit<ProbeQcProfile, 'probeId' | 'updatedAt' | 'updatedBy'>;

export interface NewQcCheck {
  checkedAt: string;
  nuclide: string;
  sourceActivityMBq: number;
  sourceCalibratedAt: string;
  baselineCpsPerMBq: number;
  measuredCounts: number;
  countSeconds: number;
  backgroundCounts: number | null;
  backgroundSeconds: number | null;
  expectedCps: number;
  measuredCps: number;
  deviationPercent: number;
  countingUncertaintyPercent: number;
  warnPercent: number;
  failPercent: number;
  constancyResult: QcVerdict;
  backgroundResult: QcVerdict | null;
  checklist: Record<string, string>;
  checklistResult: QcVerdict;
  result: QcVerdict;
  /** The full computed outcome (JSON), for the record and the report. */
  detail: unknown;
  note: string | null;
}

export interface QcCheck extends NewQcCheck {
  id: string;
  probeId: string;
  createdAt: string;
  createdBy: string;
  voidedAt: string | null;
  voidedBy: string | null;
  voidReason: string | null;
}

export type QcTestPurpose = 'acceptance' | 'periodic' | 'after-repair';

export interface NewQcTest {
  test: string;
  purpose: QcTestPurpose;
  performedAt: string;
  dataCsv: string;
  options: unknown;
  summary: unknown;
  mainValue: number | null;
  mainUnit: string | null;
  meetsCriterion: boolean | null;
  note: string | null;
}

export interface QcTest extends NewQcTest {
  id: string;
  probeId: string;
  createdAt: string;
  createdBy: string;
}

export interface QcOverride {
  id: string;
  probeId: string;
  caseId: string | null;
  reason: string;
  gate: unknown;
  createdAt: string;
  createdBy: string;
}

function profileFromRow(r: ProbeQcProfilesTable): ProbeQcProfile {
  return {
    probeId: r.probeId,
    detectorMaterial: r.detectorMaterial,
    energyWindows: JSON.parse(r.energyWindowsJson) as EnergyWindow[],
    deadTimeSeconds: r.deadTimeSeconds,
    referenceSource:
      r.referenceSourceNuclide !== null &&
      r.referenceSourceActivityMbq !== null &&
      r.referenceSourceCalibratedAt !== null
        ? {
            nuclide: r.referenceSourceNuclide,
            activityMBq: r.referenceSourceActivityMbq,
            calibratedAt: r.referenceSourceCalibratedAt,
            serial: r.referenceSourceSerial,
          }
        : null,
    baselineCpsPerMBq: r.baselineCpsPerMbq,
    baselineMeasuredAt: r.baselineMeasuredAt,
    constancyTolerance:
      r.constancyWarnPercent !== null && r.constancyFailPercent !== null
        ? { warnPercent: r.constancyWarnPercent, failPercent: r.constancyFailPercent }
        : null,
    constancyCountSeconds: r.constancyCountSeconds,
    maxBackgroundCps: r.maxBackgroundCps,
    referenceBackgroundCps: r.referenceBackgroundCps,
    manufacturerFigures: JSON.parse(r.manufacturerFiguresJson) as Record<string, number>,
    baselineFigures: JSON.parse(r.baselineFiguresJson) as Record<string, number>,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}

function checkFromRow(r: ProbeQcChecksTable): QcCheck {
  return {
    id: r.id,
    probeId: r.probeId,
    checkedAt: r.checkedAt,
    nuclide: r.nuclide,
    sourceActivityMBq: r.sourceActivityMbq,
    sourceCalibratedAt: r.sourceCalibratedAt,
    baselineCpsPerMBq: r.baselineCpsPerMbq,
    measuredCounts: r.measuredCounts,
    countSeconds: r.countSeconds,
    backgroundCounts: r.backgroundCounts,
    backgroundSeconds: r.backgroundSeconds,
    expectedCps: r.expectedCps,
    measuredCps: r.measuredCps,
    deviationPercent: r.deviationPercent,
    countingUncertaintyPercent: r.countingUncertaintyPercent,
    warnPercent: r.warnPercent,
    failPercent: r.failPercent,
    constancyResult: r.constancyResult,
    backgroundResult: r.backgroundResult,
    checklist: JSON.parse(r.checklistJson) as Record<string, string>,
    checklistResult: r.checklistResult,
    result: r.result,
    detail: JSON.parse(r.detailJson) as unknown,
    note: r.note,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    voidedAt: r.voidedAt,
    voidedBy: r.voidedBy,
    voidReason: r.voidReason,
  };
}

function testFromRow(r: ProbeQcTestsTable): QcTest {
  return {
    id: r.id,
    probeId: r.probeId,
    test: r.test,
    purpose: r.purpose,
    performedAt: r.performedAt,
    dataCsv: r.dataCsv,
    options: JSON.parse(r.optionsJson) as unknown,
    summary: JSON.parse(r.summaryJson) as unknown,
    mainValue: r.mainValue,
    mainUnit: r.mainUnit,
    meetsCriterion: r.meetsCriterion === null ? null : r.meetsCriterion === 1,
    note: r.note,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
  };
}

function overrideFromRow(r: ProbeQcOverridesTable): QcOverride {
  return {
    id: r.id,
    probeId: r.probeId,
    caseId: r.caseId,
    reason: r.reason,
    gate: JSON.parse(r.gateJson) as unknown,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
  };
}

/** ISO text in UTC so that times sort as text (the store's convention). */
function utc(iso: string, path: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new StoreError('invalid', `'${iso}' is not a valid instant`, [path]);
  return new Date(ms).toISOString();
}

export class ProbeQcRepo {
  private readonly db: Kysely<QcDatabase>;

  constructor(private readonly ctx: StoreContext) {
    this.db = ctx.db as unknown as Kysely<QcDatabase>;
  }

  private audit(trx: Transaction<QcDatabase>, actor: Actor, entry: Parameters<typeof appendAudit>[3]) {
    return appendAudit(trx as unknown as Executor, this.ctx, actor, entry);
  }

  private async requireProbe(trx: Kysely<QcDatabase> | Transaction<QcDatabase>, probeId: string) {
    const probe = await trx
      .selectFrom('probes')
      .select(['id', 'name'])
      .where('id', '=', probeId)
      .executeTakeFirst();
    if (!probe) throw notFound('probe', probeId, ['probeId']);
    return probe;
  }

  async getProfile(probeId: string): Promise<ProbeQcProfile | null> {
    await this.requireProbe(this.db, probeId);
    const row = await this.db
      .selectFrom('probeQcProfiles')
      .selectAll()
      .where('probeId', '=', probeId)
      .executeTakeFirst();
    return row ? profileFromRow(row) : null;
  }

  /** Creates or replaces the whole QC profile of a probe (audited with before and after). */
  async putProfile(actor: Actor, probeId: string, input: ProbeQcProfileInput): Promise<ProbeQcProfile> {
    return this.db.transaction().execute(async (trx) => {
      await this.requireProbe(trx, probeId);
      const before = await trx
        .selectFrom('probeQcProfiles')
        .selectAll()
        .where('probeId', '=', probeId)
        .executeTakeFirst();
      const src = input.referenceSource;
      const row: ProbeQcProfilesTable = {
        probeId,
        detectorMaterial: input.detectorMaterial,
        energyWindowsJson: JSON.stringify(input.energyWindows),
        deadTimeSeconds: input.deadTimeSeconds,
        referenceSourceNuclide: src?.nuclide ?? null,
        referenceSourceActivityMbq: src?.activityMBq ?? null,
        referenceSourceCalibratedAt: src ? utc(src.calibratedAt, 'referenceSource.calibratedAt') : null,
        referenceSourceSerial: src?.serial ?? null,
        baselineCpsPerMbq: input.baselineCpsPerMBq,
        baselineMeasuredAt:
          input.baselineMeasuredAt === null ? null : utc(input.baselineMeasuredAt, 'baselineMeasuredAt'),
        constancyWarnPercent: input.constancyTolerance?.warnPercent ?? null,
        constancyFailPercent: input.constancyTolerance?.failPercent ?? null,
        constancyCountSeconds: input.constancyCountSeconds,
        maxBackgroundCps: input.maxBackgroundCps,
        referenceBackgroundCps: input.referenceBackgroundCps,
        manufacturerFiguresJson: JSON.stringify(input.manufacturerFigures),
        baselineFiguresJson: JSON.stringify(input.baselineFigures),
        updatedAt: nowIso(this.ctx),
        updatedBy: actor.username,
      };
      if (before) await trx.updateTable('probeQcProfiles').set(row).where('probeId', '=', probeId).execute();
      else await trx.insertInto('probeQcProfiles').values(row).execute();
      const after = profileFromRow(row);
      await this.audit(trx, actor, {
        action: 'probe-qc.profile',
        entityType: 'probe',
        entityId: probeId,
        before: before ? profileFromRow(before) : undefined,
        after,
      });
      return after;
    });
  }

  /** Records a daily check and sets the probe's QC state (warn counts as a passing check). */
  async recordCheck(actor: Actor, probeId: string, input: NewQcCheck): Promise<QcCheck> {
    return this.db.transaction().execute(async (trx) => {
      await this.requireProbe(trx, probeId);
      const at = nowIso(this.ctx);
      const row: ProbeQcChecksTable = {
        id: newId(),
        probeId,
        checkedAt: utc(input.checkedAt, 'checkedAt'),
        nuclide: input.nuclide,
        sourceActivityMbq: input.sourceActivityMBq,
        sourceCalibratedAt: utc(input.sourceCalibratedAt, 'sourceCalibratedAt'),
        baselineCpsPerMbq: input.baselineCpsPerMBq,
        measuredCounts: input.measuredCounts,
        countSeconds: input.countSeconds,
        backgroundCounts: input.backgroundCounts,
        backgroundSeconds: input.backgroundSeconds,
        expectedCps: input.expectedCps,
        measuredCps: input.measuredCps,
        deviationPercent: input.deviationPercent,
        countingUncertaintyPercent: input.countingUncertaintyPercent,
        warnPercent: input.warnPercent,
        failPercent: input.failPercent,
        constancyResult: input.constancyResult,
        backgroundResult: input.backgroundResult,
        checklistJson: JSON.stringify(input.checklist),
        checklistResult: input.checklistResult,
        result: input.result,
        detailJson: JSON.stringify(input.detail ?? null),
        note: input.note,
        createdAt: at,
        createdBy: actor.username,
        voidedAt: null,
        voidedBy: null,
        voidReason: null,
      };
      await trx.insertInto('probeQcChecks').values(row).execute();
      await this.syncProbeStatus(trx, probeId, at);
      const check = checkFromRow(row);
      await this.audit(trx, actor, {
        action: 'probe-qc.check',
        entityType: 'probe-qc-check',
        entityId: row.id,
        after: check,
      });
      return check;
    });
  }

  /** probes.qc_status / qc_checked_at follow the latest valid check (pass or warn → 'pass'). */
  private async syncProbeStatus(trx: Transaction<QcDatabase>, probeId: string, at: string): Promise<void> {
    const latest = await trx
      .selectFrom('probeQcChecks')
      .select(['result', 'checkedAt'])
      .where('probeId', '=', probeId)
      .where('voidedAt', 'is', null)
      .orderBy('checkedAt', 'desc')
      .executeTakeFirst();
    await trx
      .updateTable('probes')
      .set({
        qcStatus: latest ? (latest.result === 'fail' ? 'fail' : 'pass') : 'unknown',
        qcCheckedAt: latest?.checkedAt ?? null,
        updatedAt: at,
      })
      .where('id', '=', probeId)
      .execute();
  }

  async getCheck(id: string): Promise<QcCheck | undefined> {
    const row = await this.db.selectFrom('probeQcChecks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? checkFromRow(row) : undefined;
  }

  /** Checks of a probe in time order; voided ones only when asked. */
  async listChecks(
    probeId: string,
    opts: { from?: string; to?: string; includeVoided?: boolean } = {},
  ): Promise<QcCheck[]> {
    await this.requireProbe(this.db, probeId);
    let q = this.db.selectFrom('probeQcChecks').selectAll().where('probeId', '=', probeId);
    if (opts.from !== undefined) q = q.where('checkedAt', '>=', utc(opts.from, 'from'));
    if (opts.to !== undefined) q = q.where('checkedAt', '<=', utc(opts.to, 'to'));
    if (opts.includeVoided !== true) q = q.where('voidedAt', 'is', null);
    const rows = await q.orderBy('checkedAt', 'asc').orderBy('createdAt', 'asc').execute();
    return rows.map(checkFromRow);
  }

  async voidCheck(actor: Actor, id: string, reason: string): Promise<QcCheck> {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('probeQcChecks')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) throw notFound('QC check', id, ['checkId']);
      if (before.voidedAt !== null)
        throw new StoreError('conflict', `QC check '${id}' was already voided at ${before.voidedAt}`, [
          'checkId',
        ]);
      const at = nowIso(this.ctx);
      await trx
        .updateTable('probeQcChecks')
        .set({ voidedAt: at, voidedBy: actor.username, voidReason: reason })
        .where('id', '=', id)
        .execute();
      await this.syncProbeStatus(trx, before.probeId, at);
      const after = checkFromRow({ ...before, voidedAt: at, voidedBy: actor.username, voidReason: reason });
      await this.audit(trx, actor, {
        action: 'probe-qc.check-void',
        entityType: 'probe-qc-check',
        entityId: id,
        before: checkFromRow(before),
        after,
      });
      return after;
    });
  }

  async recordTest(actor: Actor, probeId: string, input: NewQcTest): Promise<QcTest> {
    return this.db.transaction().execute(async (trx) => {
      await this.requireProbe(trx, probeId);
      const row: ProbeQcTestsTable = {
        id: newId(),
        probeId,
        test: input.test,
        purpose: input.purpose,
        performedAt: utc(input.performedAt, 'performedAt'),
        dataCsv: input.dataCsv,
        optionsJson: JSON.stringify(input.options ?? null),
        summaryJson: JSON.stringify(input.summary ?? null),
        mainValue: input.mainValue,
        mainUnit: input.mainUnit,
        meetsCriterion: input.meetsCriterion === null ? null : input.meetsCriterion ? 1 : 0,
        note: input.note,
        createdAt: nowIso(this.ctx),
        createdBy: actor.username,
      };
      await trx.insertInto('probeQcTests').values(row).execute();
      const test = testFromRow(row);
      // The audit entry names the test, not its (possibly long) CSV: the CSV stays in the record.
      await this.audit(trx, actor, {
        action: 'probe-qc.test',
        entityType: 'probe-qc-test',
        entityId: row.id,
        after: { ...test, dataCsv: `${input.dataCsv.length} characters` },
      });
      return test;
    });
  }

  async getTest(id: string): Promise<QcTest | undefined> {
    const row = await this.db.selectFrom('probeQcTests').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? testFromRow(row) : undefined;
  }

  async listTests(probeId: string, opts: { test?: string } = {}): Promise<QcTest[]> {
    await this.requireProbe(this.db, probeId);
    let q = this.db.selectFrom('probeQcTests').selectAll().where('probeId', '=', probeId);
    if (opts.test !== undefined) q = q.where('test', '=', opts.test);
    const rows = await q.orderBy('performedAt', 'asc').orderBy('createdAt', 'asc').execute();
    return rows.map(testFromRow);
  }

  /** An audited decision to use a probe despite its QC gate; tied to the case when there is one. */
  async recordOverride(
    actor: Actor,
    probeId: string,
    input: { caseId: string | null; reason: string; gate: unknown },
  ): Promise<QcOverride> {
    if (input.reason.trim().length < 5)
      throw new StoreError('invalid', 'an override needs a reason of at least 5 characters', ['reason']);
    return this.db.transaction().execute(async (trx) => {
      await this.requireProbe(trx, probeId);
      if (input.caseId !== null) {
        const c = await trx
          .selectFrom('cases')
          .select('id')
          .where('id', '=', input.caseId)
          .executeTakeFirst();
        if (!c) throw notFound('case', input.caseId, ['caseId']);
      }
      const row: ProbeQcOverridesTable = {
        id: newId(),
        probeId,
        caseId: input.caseId,
        reason: input.reason.trim(),
        gateJson: JSON.stringify(input.gate ?? null),
        createdAt: nowIso(this.ctx),
        createdBy: actor.username,
      };
      await trx.insertInto('probeQcOverrides').values(row).execute();
      const override = overrideFromRow(row);
      await this.audit(trx, actor, {
        action: 'probe-qc.override',
        entityType: 'probe',
        entityId: probeId,
        caseId: input.caseId,
        after: override,
      });
      return override;
    });
  }

  async listOverrides(opts: { probeId?: string; caseId?: string }): Promise<QcOverride[]> {
    let q = this.db.selectFrom('probeQcOverrides').selectAll();
    if (opts.probeId !== undefined) q = q.where('probeId', '=', opts.probeId);
    if (opts.caseId !== undefined) q = q.where('caseId', '=', opts.caseId);
    const rows = await q.orderBy('createdAt', 'asc').execute();
    return rows.map(overrideFromRow);
  }
}
