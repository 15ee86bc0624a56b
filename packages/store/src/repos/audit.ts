// The audit log: append-only (database triggers refuse UPDATE/DELETE), readable, never editable.
import { type Actor, type AuditEntry, appendAudit, type StoreContext } from '../context.js';
import type { AuditLogTable } from '../schema.js';

export interface AuditRecord {
  seq: number;
  id: string;
  at: string;
  actor: { userId: string | null; username: string };
  action: string;
  entityType: string;
  entityId: string | null;
  caseId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  caseId?: string;
  entityType?: string;
  entityId?: string;
  /** Only records with seq greater than this (paging forward). */
  afterSeq?: number;
  limit: number;
}

function toRecord(row: AuditLogTable & { seq: number }): AuditRecord {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actor: { userId: row.actorUserId, username: row.actorUsername },
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    caseId: row.caseId,
    before: row.beforeJson === null ? null : JSON.parse(row.beforeJson),
    after: row.afterJson === null ? null : JSON.parse(row.afterJson),
  };
}

export class AuditRepo {
  constructor(private readonly ctx: StoreContext) {}

  /** Records an event that changes nothing else (e.g. a failed login, a read of identifying data). */
  async append(actor: Actor, entry: AuditEntry): Promise<void> {
    await appendAudit(this.ctx.db, this.ctx, actor, entry);
  }

  /**
   * When `username` failed to sign in since `sinceIso` and since their last successful sign-in (ascending
   * `at`): the durable part of login throttling, shared by every server process and kept across restarts.
   */
  /**
   * Times of failed sign-ins for a username since `sinceIso`, its last successful sign-in, and (with
   * `userId`) the last administrator's unlock of that user (`auth.unlock`), oldest first.
   */
  async recentLoginFailures(username: string, sinceIso: string, userId?: string): Promise<string[]> {
    const lastSuccess = await this.ctx.db
      .selectFrom('auditLog')
      .select('at')
      .where('at', '>', sinceIso)
      .where((eb) =>
        eb.or([
          eb.and([eb('actorUsername', '=', username), eb('action', '=', 'auth.login')]),
          ...(userId !== undefined
            ? [eb.and([eb('action', '=', 'auth.unlock'), eb('entityId', '=', userId)])]
            : []),
        ]),
      )
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const rows = await this.ctx.db
      .selectFrom('auditLog')
      .select('at')
      .where('actorUsername', '=', username)
      .where('action', '=', 'auth.login-failed')
      .where('at', '>', lastSuccess?.at ?? sinceIso)
      .orderBy('at')
      .limit(1000)
      .execute();
    return rows.map((r) => r.at);
  }

  /** The newest audit sequence number (0 when empty): every write audits, so it versions the data. */
  async lastSeq(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return row?.seq == null ? 0 : Number(row.seq);
  }

  async list(query: AuditQuery): Promise<AuditRecord[]> {
    let q = this.ctx.db.selectFrom('auditLog').selectAll();
    if (query.caseId !== undefined) q = q.where('caseId', '=', query.caseId);
    if (query.entityType !== undefined) q = q.where('entityType', '=', query.entityType);
    if (query.entityId !== undefined) q = q.where('entityId', '=', query.entityId);
    if (query.afterSeq !== undefined) q = q.where('seq', '>', query.afterSeq);
    const rows = await q.orderBy('seq').limit(query.limit).execute();
    return rows.map((r) => toRecord(r as AuditLogTable & { seq: number }));
  }
}
