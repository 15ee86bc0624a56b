// Issue 14 point 15: the audit log becomes a hash chain (audit-chain.ts). Existing rows get their
// prev_hash and hash in seq order; the append-only trigger is lifted for that one update inside the
// migration's transaction and put back as it was.
import { type Kysely, sql } from 'kysely';
import { AUDIT_GENESIS_HASH, auditRowHash } from '../audit-chain.js';
import type { Migration } from '../migrate.js';

interface Row {
  seq: number;
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

export const migration: Migration = {
  async up(db: Kysely<unknown>, engine) {
    await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
    await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
    if (engine === 'sqlite') await sql`DROP TRIGGER audit_log_no_update`.execute(db);
    else await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(db);
    let prev = AUDIT_GENESIS_HASH;
    let afterSeq = 0;
    for (;;) {
      const page = await sql<Row>`
        select seq, id, at, actor_user_id as "actorUserId", actor_username as "actorUsername", action,
          entity_type as "entityType", entity_id as "entityId", case_id as "caseId",
          before_json as "beforeJson", after_json as "afterJson"
        from audit_log where seq > ${afterSeq} order by seq limit 2000`.execute(db);
      for (const row of page.rows) {
        const hash = auditRowHash(prev, row);
        await sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where seq = ${row.seq}`.execute(
          db,
        );
        prev = hash;
        afterSeq = Number(row.seq);
      }
      if (page.rows.length < 2000) break;
    }
    if (engine === 'sqlite') {
      await sql
        .raw(
          `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log ` +
            `BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
        )
        .execute(db);
    } else {
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`.execute(db);
    }
  },
};
