// Live sessions (a station recording into a case) and their raw frames, appended in batches.
import { sql } from 'kysely';
import { type Actor, appendAudit, newId, notFound, nowIso, type StoreContext } from '../context.js';
import { StoreError } from '../errors.js';
import type { LiveFramesTable, LiveSessionsTable, LiveSiteMarksTable, MeasurementKind } from '../schema.js';
import { caseForChange } from './case-guard.js';

export type LiveSession = LiveSessionsTable;
export type LiveFrame = Omit<LiveFramesTable, 'liveSessionId'>;
export type SiteMark = LiveSiteMarksTable;

export interface LiveSessionDetail extends LiveSession {
  frameCount: number;
  lastSeq: number | null;
  siteMarks: SiteMark[];
}

/** Rows per INSERT: 7 columns × 500 stays far below SQLite's bound-parameter limit. */
const FRAME_CHUNK = 500;

function toFrame(row: LiveFramesTable): LiveFrame {
  return {
    seq: Number(row.seq),
    startSeconds: row.startSeconds,
    durationSeconds: row.durationSeconds,
    counts: Number(row.counts),
    liveTimeSeconds: row.liveTimeSeconds,
    receivedAtMs: row.receivedAtMs,
  };
}

export class LiveRepo {
  constructor(private readonly ctx: StoreContext) {}

  async start(
    actor: Actor,
    input: { caseId: string; stationId: string; probeId: string | null; probeName: string },
  ): Promise<LiveSession> {
    return this.ctx.db.transaction().execute(async (trx) => {
      await caseForChange(trx, input.caseId);
      if (input.probeId !== null) {
        const probe = await trx
          .selectFrom('probes')
          .select('id')
          .where('id', '=', input.probeId)
          .executeTakeFirst();
        if (!probe) throw notFound('probe', input.probeId, ['probeId']);
      }
      const row: LiveSessionsTable = {
        id: newId(),
        caseId: input.caseId,
        stationId: input.stationId,
        probeId: input.probeId,
        probeName: input.probeName,
        startedAt: nowIso(this.ctx),
        startedBy: actor.userId ?? actor.username,
        endedAt: null,
        endedBy: null,
      };
      await trx.insertInto('liveSessions').values(row).execute();
      await appendAudit(trx, this.ctx, actor, {
        action: 'live-session.start',
        entityType: 'live-session',
        entityId: row.id,
        caseId: input.caseId,
        after: row,
      });
      return row;
    });
  }

  async end(actor: Actor, id: string): Promise<LiveSession> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('liveSessions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) throw notFound('live session', id, ['liveSessionId']);
      if (before.endedAt !== null) return before;
      const after = { ...before, endedAt: nowIso(this.ctx), endedBy: actor.userId ?? actor.username };
      await trx
        .updateTable('liveSessions')
        .set({ endedAt: after.endedAt, endedBy: after.endedBy })
        .where('id', '=', id)
        .execute();
      await appendAudit(trx, this.ctx, actor, {
        action: 'live-session.end',
        entityType: 'live-session',
        entityId: id,
        caseId: before.caseId,
        before,
        after,
      });
      return after;
    });
  }

  /** Sessions not ended (a previous process stopped or crashed while they recorded), oldest first. */
  async listOpen(): Promise<LiveSession[]> {
    return this.ctx.db
      .selectFrom('liveSessions')
      .selectAll()
      .where('endedAt', 'is', null)
      .orderBy('startedAt')
      .execute();
  }

  /**
   * A session a previous process left open continues on its station in this process: audited with the
   * frame it continues after and the site it resumes (no row changes: the session simply goes on).
   */
  async recordResume(
    actor: Actor,
    id: string,
    detail: { afterSeq: number | null; nextSeq: number; siteLabel: string | null; siteKind: string | null },
  ): Promise<void> {
    const session = await this.ctx.db
      .selectFrom('liveSessions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!session) throw notFound('live session', id, ['liveSessionId']);
    await this.ctx.db.transaction().execute(async (trx) => {
      await appendAudit(trx, this.ctx, actor, {
        action: 'live-session.resume',
        entityType: 'live-session',
        entityId: id,
        caseId: session.caseId,
        after: { stationId: session.stationId, ...detail },
      });
    });
  }

  /** Sessions left open by a previous process (crash, kill): closed at start, audited. */
  async endOrphans(actor: Actor): Promise<number> {
    const open = await this.ctx.db
      .selectFrom('liveSessions')
      .select('id')
      .where('endedAt', 'is', null)
      .execute();
    for (const row of open) await this.end(actor, row.id);
    return open.length;
  }

  /** Appends frames of any sessions in one transaction (one fsync on SQLite). */
  async appendFrames(frames: LiveFramesTable[]): Promise<void> {
    if (frames.length === 0) return;
    await this.ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < frames.length; i += FRAME_CHUNK) {
        await trx
          .insertInto('liveFrames')
          .values(frames.slice(i, i + FRAME_CHUNK))
          .execute();
      }
    });
  }

  async markSite(
    actor: Actor,
    input: { liveSessionId: string; fromSeq: number; siteLabel: string; kind: MeasurementKind },
  ): Promise<SiteMark> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const session = await trx
        .selectFrom('liveSessions')
        .selectAll()
        .where('id', '=', input.liveSessionId)
        .executeTakeFirst();
      if (!session) throw notFound('live session', input.liveSessionId, ['liveSessionId']);
      if (session.endedAt !== null)
        throw new StoreError('conflict', 'the live session has ended', ['liveSessionId']);
      const row: LiveSiteMarksTable = {
        id: newId(),
        liveSessionId: input.liveSessionId,
        fromSeq: input.fromSeq,
        siteLabel: input.siteLabel,
        kind: input.kind,
        markedAt: nowIso(this.ctx),
        markedBy: actor.userId ?? actor.username,
      };
      await trx.insertInto('liveSiteMarks').values(row).execute();
      await appendAudit(trx, this.ctx, actor, {
        action: 'live-session.mark-site',
        entityType: 'live-session',
        entityId: input.liveSessionId,
        caseId: session.caseId,
        after: row,
      });
      return row;
    });
  }

  async get(id: string): Promise<LiveSessionDetail | undefined> {
    const session = await this.ctx.db
      .selectFrom('liveSessions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!session) return undefined;
    const stats = await this.ctx.db
      .selectFrom('liveFrames')
      .select([sql<number>`count(*)`.as('n'), sql<number | null>`max(seq)`.as('lastSeq')])
      .where('liveSessionId', '=', id)
      .executeTakeFirstOrThrow();
    const siteMarks = (
      await this.ctx.db
        .selectFrom('liveSiteMarks')
        .selectAll()
        .where('liveSessionId', '=', id)
        .orderBy('fromSeq')
        .execute()
    ).map((m) => ({ ...m, fromSeq: Number(m.fromSeq) }));
    return {
      ...session,
      frameCount: Number(stats.n),
      lastSeq: stats.lastSeq === null ? null : Number(stats.lastSeq),
      siteMarks,
    };
  }

  async listForCase(caseId: string): Promise<LiveSession[]> {
    return this.ctx.db
      .selectFrom('liveSessions')
      .selectAll()
      .where('caseId', '=', caseId)
      .orderBy('startedAt')
      .execute();
  }

  async frames(id: string, fromSeq: number, limit: number): Promise<LiveFrame[]> {
    const rows = await this.ctx.db
      .selectFrom('liveFrames')
      .selectAll()
      .where('liveSessionId', '=', id)
      .where('seq', '>=', fromSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toFrame);
  }
}
