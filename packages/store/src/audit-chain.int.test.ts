// The audit log's hash chain (audit-chain.ts's head comment is the specification): each row's hash is
// SHA-256 over the UTF-8 of the JSON array ["openrgs-audit-v1", previous hash, id, at, actor user id,
// actor username, action, entity type, entity id, case id, before JSON, after JSON]; the first row's
// previous hash is 64 zeros. The expected digests below were computed outside this code base, with
// Python 3's hashlib over that array written by hand (json.dumps(…, ensure_ascii=False,
// separators=(',', ':')), the same text JSON.stringify writes):
//
//   row 1: ["openrgs-audit-v1","000…000","0b8f5a52-6d1e-4c7e-9a57-3f1e2d4c5b6a",
//           "2026-12-03T10:15:00.000Z",null,"Núñez","user.login","user",null,null,null,"{\"a\":1}"]
//          → 931629d8d2eef9105a0718da07aa514ef879210dcebd8e989a0cd99bf2d21095
//   row 2: ["openrgs-audit-v1","931629d8…1095","1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
//           "2026-12-03T10:16:00.000Z","u-1","ana","case.create","case","c-1","c-1","{\"x\":\"\\u00e9\"}",null]
//          → b55ea633862740aff273968d5300ead33102828329f3382a3b9a13406a9cb0a1
//
// verifyAuditChain is then run on a real store (each engine of RGS_TEST_ENGINES) with rows edited,
// removed or written around the chain, as someone with database access could.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { AUDIT_GENESIS_HASH, auditRowHash, verifyAuditChain } from './audit-chain.js';
import { Store } from './store.js';
import { TEST_ENGINES, type TempTarget, tempTarget } from './testing.js';

const ROW1 = {
  id: '0b8f5a52-6d1e-4c7e-9a57-3f1e2d4c5b6a',
  at: '2026-12-03T10:15:00.000Z',
  actorUserId: null,
  actorUsername: 'Núñez',
  action: 'user.login',
  entityType: 'user',
  entityId: null,
  caseId: null,
  beforeJson: null,
  afterJson: '{"a":1}',
};
const HASH1 = '931629d8d2eef9105a0718da07aa514ef879210dcebd8e989a0cd99bf2d21095';
const ROW2 = {
  id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  at: '2026-12-03T10:16:00.000Z',
  actorUserId: 'u-1',
  actorUsername: 'ana',
  action: 'case.create',
  entityType: 'case',
  entityId: 'c-1',
  caseId: 'c-1',
  beforeJson: '{"x":"\\u00e9"}',
  afterJson: null,
};
const HASH2 = 'b55ea633862740aff273968d5300ead33102828329f3382a3b9a13406a9cb0a1';

test('the genesis hash is 64 zeros', () => {
  assert.equal(AUDIT_GENESIS_HASH, '0'.repeat(64));
});

test('auditRowHash matches digests computed independently (Python hashlib) for a two-row chain', () => {
  assert.equal(auditRowHash(AUDIT_GENESIS_HASH, ROW1), HASH1);
  assert.equal(auditRowHash(HASH1, ROW2), HASH2);
});

test('every field is in the hash: changing any one changes it', () => {
  const fields = Object.keys(ROW2) as (keyof typeof ROW2)[];
  const seen = new Set([HASH2]);
  for (const field of fields) {
    const changed = { ...ROW2, [field]: ROW2[field] === null ? 'x' : `${ROW2[field]}!` };
    seen.add(auditRowHash(HASH1, changed));
  }
  seen.add(auditRowHash(AUDIT_GENESIS_HASH, ROW2));
  assert.equal(seen.size, fields.length + 2);
  // null and the text "null" differ (JSON keeps the type).
  assert.notEqual(auditRowHash(HASH1, { ...ROW2, afterJson: 'null' }), HASH2);
});

/** Runs `fn` with the audit log's append-only triggers lifted. */
async function withoutTrigger(store: Store, fn: (db: Kysely<unknown>) => Promise<void>): Promise<void> {
  const db = store.db.withoutPlugins() as unknown as Kysely<unknown>;
  if (store.engine === 'sqlite') {
    await sql`DROP TRIGGER IF EXISTS audit_log_no_update`.execute(db);
    await sql`DROP TRIGGER IF EXISTS audit_log_no_delete`.execute(db);
  } else {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(db);
  }
  try {
    await fn(db);
  } finally {
    if (store.engine === 'postgres')
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`.execute(db);
  }
}

const actor = { userId: null, username: 'chain-test' };

for (const engine of TEST_ENGINES) {
  describe(`verifyAuditChain on ${engine}`, () => {
    let temp: TempTarget;
    let store: Store;
    before(async () => {
      temp = await tempTarget(engine);
      store = await Store.open(temp.target);
    });
    after(async () => {
      await store.close();
      await temp.cleanup();
    });

    /** Seqs and hashes of the log, in order. */
    async function rows() {
      const db = store.db.withoutPlugins() as unknown as Kysely<{
        audit_log: { seq: number; hash: string | null; prev_hash: string | null };
      }>;
      const r = await db
        .selectFrom('audit_log')
        .select(['seq', 'hash', 'prev_hash'])
        .orderBy('seq')
        .execute();
      return r.map((x) => ({ seq: Number(x.seq), hash: x.hash, prevHash: x.prev_hash }));
    }

    test('an empty log is intact, with no head', async () => {
      assert.deepEqual(await verifyAuditChain(store.db), { ok: true, rows: 0, head: null });
    });

    test('an intact log: every row counted across pages, the head is the last hash, rows link up', async () => {
      for (let i = 0; i < 7; i += 1) {
        await store.audit.append(actor, {
          action: 'test.event',
          entityType: 'test',
          entityId: `e-${i}`,
          after: { i },
        });
      }
      const log = await rows();
      assert.equal(log.length, 7);
      assert.equal(log[0]?.prevHash, AUDIT_GENESIS_HASH);
      for (let i = 1; i < log.length; i += 1) assert.equal(log[i]?.prevHash, log[i - 1]?.hash);
      const head = log[6]?.hash ?? null;
      // Page sizes that divide the log, leave a remainder, and exceed it.
      for (const pageSize of [1, 2, 3, 7, 8, 2000]) {
        assert.deepEqual(
          await verifyAuditChain(store.db, pageSize),
          { ok: true, rows: 7, head },
          `page ${pageSize}`,
        );
      }
      assert.deepEqual(await verifyAuditChain(store.db), { ok: true, rows: 7, head });
    });

    test('a row changed after it was written is named, with the rows checked up to it', async () => {
      const log = await rows();
      const victim = log[3];
      assert.ok(victim);
      await withoutTrigger(store, async (db) => {
        await sql`update audit_log set entity_id = 'e-X' where seq = ${victim.seq}`.execute(db);
      });
      const report = await verifyAuditChain(store.db, 2);
      assert.equal(report.ok, false);
      assert.equal(report.rows, 4);
      assert.equal(report.head, null);
      assert.equal(report.firstBroken?.seq, victim.seq);
      assert.equal(report.firstBroken?.action, 'test.event');
      assert.match(report.firstBroken?.at ?? '', /^\d{4}-\d\d-\d\dT/);
      assert.equal(
        report.firstBroken?.problem,
        'its content does not match its hash: the row was changed after it was written',
      );
      await withoutTrigger(store, async (db) => {
        await sql`update audit_log set entity_id = 'e-3' where seq = ${victim.seq}`.execute(db);
      });
      assert.equal((await verifyAuditChain(store.db)).ok, true, 'put back as it was: intact again');
    });

    test('a removed row breaks the link of the row after it', async () => {
      const log = await rows();
      const removed = log[1];
      const next = log[2];
      assert.ok(removed && next);
      await withoutTrigger(store, async (db) => {
        await sql`delete from audit_log where seq = ${removed.seq}`.execute(db);
      });
      const report = await verifyAuditChain(store.db);
      assert.equal(report.ok, false);
      assert.equal(report.rows, 2);
      assert.equal(report.firstBroken?.seq, next.seq);
      assert.equal(
        report.firstBroken?.problem,
        'its previous-row hash does not match the row before it: a row before it was removed or changed, ' +
          'or this row was inserted out of order',
      );
    });

    test('a row without a hash (written around the chain) is named', async () => {
      // A fresh log, so the earlier break does not come first.
      const t2 = await tempTarget(engine);
      const s2 = await Store.open(t2.target);
      try {
        await s2.audit.append(actor, { action: 'a.one', entityType: 'test', entityId: null });
        await s2.audit.append(actor, { action: 'a.two', entityType: 'test', entityId: null });
        const db = s2.db.withoutPlugins() as unknown as Kysely<unknown>;
        await sql`insert into audit_log (id, at, actor_user_id, actor_username, action, entity_type, entity_id, case_id, before_json, after_json)
          values ('f0000000-0000-4000-8000-000000000001', '2026-12-03T11:00:00.000Z', null, 'x', 'a.three', 'test', null, null, null, null)`.execute(
          db,
        );
        const report = await verifyAuditChain(s2.db);
        assert.equal(report.ok, false);
        assert.equal(report.rows, 3);
        assert.equal(report.firstBroken?.action, 'a.three');
        assert.equal(report.firstBroken?.id, 'f0000000-0000-4000-8000-000000000001');
        assert.equal(report.firstBroken?.problem, 'the row has no hash (written around the chain)');
        // A row with a hash but no previous hash is written around the chain too.
        const bare = (await rows2(s2)).at(-1);
        assert.ok(bare);
        await withoutTrigger(s2, async (raw) => {
          await sql`update audit_log set hash = ${'1'.repeat(64)} where seq = ${bare.seq}`.execute(raw);
        });
        assert.equal(
          (await verifyAuditChain(s2.db)).firstBroken?.problem,
          'the row has no hash (written around the chain)',
        );
        await withoutTrigger(s2, async (raw) => {
          await sql`update audit_log set hash = null, prev_hash = ${'1'.repeat(64)} where seq = ${bare.seq}`.execute(
            raw,
          );
        });
        assert.equal(
          (await verifyAuditChain(s2.db)).firstBroken?.problem,
          'the row has no hash (written around the chain)',
        );
      } finally {
        await s2.close();
        await t2.cleanup();
      }
    });
  });
}

async function rows2(store: Store) {
  const db = store.db.withoutPlugins() as unknown as Kysely<{ audit_log: { seq: number } }>;
  return (await db.selectFrom('audit_log').select(['seq']).orderBy('seq').execute()).map((x) => ({
    seq: Number(x.seq),
  }));
}
