// Measurements: the clinical record of what the probe counted where. Written once (only the lesion and
// specimen links may change until sign-off), idempotent per case and key, on disk before acknowledged.
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
import type { MeasurementKind, MeasurementsTable } from '../schema.js';
import { type BackgroundSiteDecision, loadBackgroundDecisions } from './background-sites.js';
import { type CaseSummary, caseForChange } from './case-guard.js';
import { loadTracers, type TracerAdministration } from './case-items.js';

export interface BackgroundModel {
  meanCps: number;
  sdCps: number;
  sites: number;
  thresholdCps: number;
  /** How the model was formed and which rule used it, in words. */
  method: string;
  /** Decision rule id and its parameters (absent on rows recorded before they were kept). */
  rule?: string | undefined;
  alpha?: number | undefined;
  beta?: number | undefined;
  targetRatio?: number | undefined;
  /** Background model estimator, when the engine reports one. */
  estimator?: string | undefined;
  /** Sites given (flagged and dropped ones included), sites needed before verdicts stop being provisional. */
  sitesGiven?: number | undefined;
  minimumSites?: number | undefined;
  minimumSitesReason?: string | undefined;
  provisional?: boolean | undefined;
  /** Spread between normal sites the limit used, as a CV; null when unknown. */
  spreadCv?: number | null | undefined;
  /** Learnt spread prior (empirical Bayes) the model used; null when none. */
  prior?: { cases: number; source: string } | null | undefined;
  /** Sites the outlier check flagged, with the team's decision (issue 12). */
  flagged?:
    | Array<{
        siteLabel: string;
        direction: 'low' | 'high';
        rateCps: number;
        status: 'unconfirmed' | 'kept' | 'dropped';
        reason: string;
      }>
    | undefined;
  /** Why no verdict rested on the model (an unconfirmed flagged site); null when usable. */
  blockedReason?: string | null | undefined;
}

export interface Measurement {
  id: string;
  caseId: string;
  idempotencyKey: string;
  kind: MeasurementKind;
  siteLabel: string;
  counts: number;
  durationSeconds: number;
  measuredAt: string;
  rateCps: number;
  rateLowCps: number | null;
  rateHighCps: number | null;
  decayCorrectedRateCps: number | null;
  decayReferenceTime: string | null;
  nuclide: string | null;
  halfLifeSeconds: number | null;
  backgroundModel: BackgroundModel | null;
  ratio: number | null;
  ratioLow: number | null;
  ratioHigh: number | null;
  verdict: 'positive' | 'negative' | 'undecided';
  confidencePercent: number | null;
  decisionSeconds: number | null;
  provisional: boolean | null;
  warnings: string[];
  evidence: string;
  lesionId: string | null;
  specimenId: string | null;
  probeId: string | null;
  liveSessionId: string | null;
  fromSeq: number | null;
  toSeq: number | null;
  source: 'manual' | 'live';
  createdAt: string;
  createdBy: string;
}

export interface MeasurementInput {
  kind: MeasurementKind;
  siteLabel: string;
  counts: number;
  durationSeconds: number;
  measuredAt: string;
  lesionId?: string | null | undefined;
  specimenId?: string | null | undefined;
  probeId?: string | null | undefined;
  liveSessionId?: string | null | undefined;
  fromSeq?: number | null | undefined;
  toSeq?: number | null | undefined;
  source: 'manual' | 'live';
}

/** What the derivation sees: the case, its tracer administrations and its background measurements. */
export interface DerivationContext {
  case: CaseSummary;
  tracerAdministrations: TracerAdministration[];
  backgroundMeasurements: Measurement[];
  /** The team's keep/drop decisions on flagged background sites in force (latest per site label). */
  backgroundDecisions: BackgroundSiteDecision[];
}

export type MeasurementDerived = Pick<
  Measurement,
  | 'rateCps'
  | 'rateLowCps'
  | 'rateHighCps'
  | 'decayCorrectedRateCps'
  | 'decayReferenceTime'
  | 'nuclide'
  | 'halfLifeSeconds'
  | 'backgroundModel'
  | 'ratio'
  | 'verdict'
  | 'evidence'
> &
  Partial<
    Pick<
      Measurement,
      'ratioLow' | 'ratioHigh' | 'confidencePercent' | 'decisionSeconds' | 'provisional' | 'warnings'
    >
  >;

export interface RecordRequest {
  caseId: string;
  idempotencyKey: string;
  /** Hash of the canonical request body: a retry must carry the same body. */
  requestHash: string;
  input: MeasurementInput;
  /** Pure derivation (rate, decay correction, verdict) run inside the transaction. */
  derive(context: DerivationContext, input: MeasurementInput): MeasurementDerived;
}

function toMeasurement(row: MeasurementsTable): Measurement {
  const {
    requestHash: _hash,
    backgroundModelJson,
    counts,
    fromSeq,
    toSeq,
    provisional,
    warningsJson,
    ...rest
  } = row;
  return {
    ...rest,
    provisional: provisional === null ? null : Number(provisional) === 1,
    warnings: warningsJson === null ? [] : (JSON.parse(warningsJson) as string[]),
    counts: Number(counts),
    fromSeq: fromSeq === null ? null : Number(fromSeq),
    toSeq: toSeq === null ? null : Number(toSeq),
    backgroundModel:
      backgroundModelJson === null ? null : (JSON.parse(backgroundModelJson) as BackgroundModel),
  };
}

export class MeasurementsRepo {
  constructor(private readonly ctx: StoreContext) {}

  private async existing(db: Executor, caseId: string, key: string): Promise<MeasurementsTable | undefined> {
    return db
      .selectFrom('measurements')
      .selectAll()
      .where('caseId', '=', caseId)
      .where('idempotencyKey', '=', key)
      .executeTakeFirst();
  }

  private replay(
    row: MeasurementsTable,
    request: RecordRequest,
  ): { measurement: Measurement; created: false } {
    if (row.requestHash !== request.requestHash) {
      throw new StoreError(
        'idempotency-mismatch',
        `Idempotency-Key '${request.idempotencyKey}' was already used for a different measurement ` +
          `(${row.id}); a retry must send the same body, a new measurement needs a new key`,
        ['Idempotency-Key'],
      );
    }
    return { measurement: toMeasurement(row), created: false };
  }

  /** Records a measurement once; the same key and body again returns the first one, creating nothing. */
  async record(
    actor: Actor,
    request: RecordRequest,
  ): Promise<{ measurement: Measurement; created: boolean }> {
    const prior = await this.existing(this.ctx.db, request.caseId, request.idempotencyKey);
    if (prior) return this.replay(prior, request);
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        const kase = await caseForChange(trx, request.caseId);
        const { input } = request;
        await this.checkLinks(trx, request.caseId, input);
        const tracers = await loadTracers(trx, request.caseId);
        const backgroundRows = await trx
          .selectFrom('measurements')
          .selectAll()
          .where('caseId', '=', request.caseId)
          .where('kind', '=', 'background')
          .orderBy('measuredAt')
          .execute();
        const derived = request.derive(
          {
            case: kase,
            tracerAdministrations: tracers,
            backgroundMeasurements: backgroundRows.map(toMeasurement),
            backgroundDecisions: await loadBackgroundDecisions(trx, request.caseId),
          },
          input,
        );
        const row: MeasurementsTable = {
          id: newId(),
          caseId: request.caseId,
          idempotencyKey: request.idempotencyKey,
          requestHash: request.requestHash,
          kind: input.kind,
          siteLabel: input.siteLabel,
          counts: input.counts,
          durationSeconds: input.durationSeconds,
          measuredAt: input.measuredAt,
          rateCps: derived.rateCps,
          rateLowCps: derived.rateLowCps,
          rateHighCps: derived.rateHighCps,
          decayCorrectedRateCps: derived.decayCorrectedRateCps,
          decayReferenceTime: derived.decayReferenceTime,
          nuclide: derived.nuclide,
          halfLifeSeconds: derived.halfLifeSeconds,
          backgroundModelJson:
            derived.backgroundModel === null ? null : JSON.stringify(derived.backgroundModel),
          ratio: derived.ratio,
          ratioLow: derived.ratioLow ?? null,
          ratioHigh: derived.ratioHigh ?? null,
          verdict: derived.verdict,
          confidencePercent: derived.confidencePercent ?? null,
          decisionSeconds: derived.decisionSeconds ?? null,
          provisional:
            derived.provisional === undefined || derived.provisional === null
              ? null
              : derived.provisional
                ? 1
                : 0,
          warningsJson:
            derived.warnings === undefined || derived.warnings.length === 0
              ? null
              : JSON.stringify(derived.warnings),
          evidence: derived.evidence,
          lesionId: input.lesionId ?? null,
          specimenId: input.specimenId ?? null,
          probeId: input.probeId ?? null,
          liveSessionId: input.liveSessionId ?? null,
          fromSeq: input.fromSeq ?? null,
          toSeq: input.toSeq ?? null,
          source: input.source,
          createdAt: nowIso(this.ctx),
          createdBy: actor.userId ?? actor.username,
        };
        await trx.insertInto('measurements').values(row).execute();
        const measurement = toMeasurement(row);
        await appendAudit(trx, this.ctx, actor, {
          action: 'measurement.create',
          entityType: 'measurement',
          entityId: row.id,
          caseId: request.caseId,
          after: measurement,
        });
        if (row.lesionId !== null)
          await this.refreshLesionRgsResult(trx, actor, request.caseId, row.lesionId);
        return { measurement, created: true };
      });
    } catch (error) {
      // Two concurrent requests with one key: the loser returns the winner's measurement.
      if (isUniqueViolation(error)) {
        const winner = await this.existing(this.ctx.db, request.caseId, request.idempotencyKey);
        if (winner) return this.replay(winner, request);
      }
      throw error;
    }
  }

  private async checkLinks(trx: Executor, caseId: string, links: Partial<MeasurementInput>): Promise<void> {
    if (links.lesionId != null) {
      const lesion = await trx
        .selectFrom('lesions')
        .select('id')
        .where('id', '=', links.lesionId)
        .where('caseId', '=', caseId)
        .executeTakeFirst();
      if (!lesion) throw notFound('lesion of this case', links.lesionId, ['lesionId']);
    }
    if (links.specimenId != null) {
      const specimen = await trx
        .selectFrom('specimens')
        .select('id')
        .where('id', '=', links.specimenId)
        .where('caseId', '=', caseId)
        .executeTakeFirst();
      if (!specimen) throw notFound('specimen of this case', links.specimenId, ['specimenId']);
    }
    if (links.probeId != null) {
      const probe = await trx
        .selectFrom('probes')
        .select('id')
        .where('id', '=', links.probeId)
        .executeTakeFirst();
      if (!probe) throw notFound('probe', links.probeId, ['probeId']);
    }
    if (links.liveSessionId != null) {
      const session = await trx
        .selectFrom('liveSessions')
        .select('id')
        .where('id', '=', links.liveSessionId)
        .where('caseId', '=', caseId)
        .executeTakeFirst();
      if (!session) throw notFound('live session of this case', links.liveSessionId, ['liveSessionId']);
    }
  }

  async list(caseId: string): Promise<Measurement[]> {
    const rows = await this.ctx.db
      .selectFrom('measurements')
      .selectAll()
      .where('caseId', '=', caseId)
      .orderBy('measuredAt')
      .orderBy('createdAt')
      .execute();
    return rows.map(toMeasurement);
  }

  async get(caseId: string, id: string): Promise<Measurement | undefined> {
    const row = await this.ctx.db
      .selectFrom('measurements')
      .selectAll()
      .where('caseId', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toMeasurement(row) : undefined;
  }

  /** Links a measurement to a lesion and/or specimen (the only change a measurement admits). */
  async link(
    actor: Actor,
    caseId: string,
    id: string,
    links: { lesionId?: string | null; specimenId?: string | null },
  ): Promise<Measurement> {
    return this.ctx.db.transaction().execute(async (trx) => {
      await caseForChange(trx, caseId);
      const before = await trx
        .selectFrom('measurements')
        .selectAll()
        .where('caseId', '=', caseId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) throw notFound('measurement of this case', id, ['measurementId']);
      if (changesNothing(before, links)) return toMeasurement(before);
      await this.checkLinks(trx, caseId, links);
      await trx
        .updateTable('measurements')
        .set({
          ...(links.lesionId !== undefined ? { lesionId: links.lesionId } : {}),
          ...(links.specimenId !== undefined ? { specimenId: links.specimenId } : {}),
        })
        .where('id', '=', id)
        .execute();
      const after = await trx
        .selectFrom('measurements')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await appendAudit(trx, this.ctx, actor, {
        action: 'measurement.link',
        entityType: 'measurement',
        entityId: id,
        caseId,
        before: toMeasurement(before),
        after: toMeasurement(after),
      });
      for (const lesionId of new Set([before.lesionId, after.lesionId])) {
        if (lesionId !== null) await this.refreshLesionRgsResult(trx, actor, caseId, lesionId);
      }
      return toMeasurement(after);
    });
  }

  /**
   * Retracts a measurement recorded in error (e.g. an implausible row written before the edge refused it):
   * the row leaves the case, the audit log keeps it whole with the reason. Not after sign-off.
   */
  async retract(actor: Actor, caseId: string, id: string, reason: string): Promise<Measurement> {
    return this.ctx.db.transaction().execute(async (trx) => {
      await caseForChange(trx, caseId);
      const before = await trx
        .selectFrom('measurements')
        .selectAll()
        .where('caseId', '=', caseId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!before) throw notFound('measurement of this case', id, ['measurementId']);
      await trx.deleteFrom('measurements').where('id', '=', id).execute();
      const measurement = toMeasurement(before);
      await appendAudit(trx, this.ctx, actor, {
        action: 'measurement.retract',
        entityType: 'measurement',
        entityId: id,
        caseId,
        before: measurement,
        after: { reason },
      });
      if (before.lesionId !== null) await this.refreshLesionRgsResult(trx, actor, caseId, before.lesionId);
      return measurement;
    });
  }

  /**
   * A lesion's RGS result follows its in vivo measurements: positive when any is positive, negative when
   * all are negative, undecided otherwise, not-measured without any. Changed in the same transaction as
   * the measurement, and audited.
   */
  private async refreshLesionRgsResult(
    trx: Executor,
    actor: Actor,
    caseId: string,
    lesionId: string,
  ): Promise<void> {
    const verdicts = (
      await trx
        .selectFrom('measurements')
        .select('verdict')
        .where('caseId', '=', caseId)
        .where('lesionId', '=', lesionId)
        .where('kind', '=', 'in-vivo')
        .execute()
    ).map((r) => r.verdict);
    const result =
      verdicts.length === 0
        ? 'not-measured'
        : verdicts.includes('positive')
          ? 'positive'
          : verdicts.every((v) => v === 'negative')
            ? 'negative'
            : 'undecided';
    const before = await trx.selectFrom('lesions').selectAll().where('id', '=', lesionId).executeTakeFirst();
    if (!before || before.rgsResult === result) return;
    await trx
      .updateTable('lesions')
      .set({ rgsResult: result, updatedAt: nowIso(this.ctx) })
      .where('id', '=', lesionId)
      .execute();
    await appendAudit(trx, this.ctx, actor, {
      action: 'lesion.rgs-result',
      entityType: 'lesion',
      entityId: lesionId,
      caseId,
      before: { rgsResult: before.rgsResult },
      after: { rgsResult: result },
    });
  }
}
