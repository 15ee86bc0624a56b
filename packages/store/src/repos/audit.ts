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
