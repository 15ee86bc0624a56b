// Tamper evidence for the audit log (issue 14 point 15). The log is append-only by database trigger; an
// edit made with the trigger dropped is caught by a hash chain: each row stores the hash of the row before
// it (`prev_hash`) and its own `hash` = SHA-256 over a canonical serialisation of the previous hash and
// every field of the row (JSON array, fixed order, UTF-8). `verifyAuditChain` recomputes the chain and
// names the first row that does not fit. What a chain cannot show by itself: rows cut off the end.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The previous hash of the first row. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  id: string;
  at: string;
  actorUserId: string | null;
  actorUsername: string;
  action: string;
  entityType: string;
  entityId: string | null;
  caseId: string | null;
  beforeJson: string | null;
  afterJson: string | null;
}

export function auditRowHash(prevHash: string, row: ChainedFields): string {
  const canonical = JSON.stringify([
    'openrgs-audit-v1',
    prevHash,
    row.id,
    row.at,
    row.actorUserId,
    row.actorUsername,
    row.action,
    row.entityType,
    row.entityId,
    row.caseId,
    row.beforeJson,
    row.afterJson,
  ]);
  return createHash('sha256').update(canonical).digest('hex'); // a string is hashed as UTF-8
}

export interface AuditChainReport {
  ok: boolean;
  /** Rows checked (all of them when ok; up to and including the first broken one otherwise). */
  rows: number;
  /** The hash of the last row (the chain head) when ok. */
  head: string | null;
  firstBroken?: { seq: number; id: string; at: string; action: string; problem: string };
}

/** Recomputes the chain over the whole log, in seq order, a page at a time. */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 2000): Promise<AuditChainReport> {
  let prev = AUDIT_GENESIS_HASH;
  let afterSeq = 0;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of page) {
      rows += 1;
      const seq = Number(row.seq);
      const broken = (problem: string): AuditChainReport => ({
        ok: false,
        rows,
        head: null,
        firstBroken: { seq, id: row.id, at: row.at, action: row.action, problem },
      });
      if (row.hash === null || row.prevHash === null)
        return broken('the row has no hash (written around the chain)');
      if (row.prevHash !== prev) {
        return broken(
          'its previous-row hash does not match the row before it: a row before it was removed or changed, ' +
            'or this row was inserted out of order',
        );
      }
      if (auditRowHash(prev, row) !== row.hash) {
        return broken('its content does not match its hash: the row was changed after it was written');
      }
      prev = row.hash;
      afterSeq = seq;
    }
    if (page.length < pageSize) break;
  }
  return { ok: true, rows, head: rows === 0 ? null : prev };
}
