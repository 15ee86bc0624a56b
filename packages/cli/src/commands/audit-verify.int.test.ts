// Issue 14 point 15: `rgs audit verify` checks the audit log's hash chain; an edit made with the
// append-only trigger dropped, or a removed row, is found and the first broken row named, on both engines.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { loadMigrations, Store } from '@openrgs/store';
import { TEST_ENGINES, type TempTarget, tempTarget } from '@openrgs/store/testing';
import { type Kysely, sql } from 'kysely';
import { runCli } from '../test-io.js';

const actor = { userId: null, username: 'test' };

function flags(t: TempTarget): string[] {
  return 'dataDir' in t.flag ? ['--data-dir', t.flag.dataDir] : ['--database-url', t.flag.databaseUrl];
}

/** Runs `fn` with the audit log's append-only trigger lifted, as someone with database access could. */
async function withoutTrigger(store: Store, fn: (db: Kysely<unknown>) => Promise<void>): Promise<void> {
  const db = store.db.withoutPlugins() as unknown as Kysely<unknown>;
  if (store.engine === 'sqlite') {
    await sql`DROP TRIGGER audit_log_no_update`.execute(db);
    await sql`DROP TRIGGER audit_log_no_delete`.execute(db);
  } else {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(db);
  }
  await fn(db);
}

for (const engine of TEST_ENGINES) {
  describe(`rgs audit verify on ${engine}`, () => {
    const temps: TempTarget[] = [];
    after(async () => {
      for (const t of temps) await t.cleanup();
    });

    async function seeded(): Promise<{ t: TempTarget; store: Store }> {
      const t = await tempTarget(engine);
      temps.push(t);
      const store = await Store.open(t.target);
      for (let i = 0; i < 6; i++) {
        const kase = await store.cases.create(actor, { label: `AUDIT-${i}` });
        await store.cases.update(actor, kase.id, { indication: `note ${i}` });
      }
      return { t, store };
    }

    test('an intact log verifies (exit 0) with its row count and head hash', async () => {
      const { t, store } = await seeded();
      await store.close();
      const run = await runCli(['audit', 'verify', ...flags(t)]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^audit log intact: 12 rows, head [0-9a-f]{64}\n$/);
    });

    test('concurrent writers keep one chain (appends are serialised)', async () => {
      const { t, store } = await seeded();
      const other = await Store.open(t.target);
      await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          (i % 2 === 0 ? store : other).cases.create(actor, { label: `CONCURRENT-${i}` }),
        ),
      );
      await other.close();
      await store.close();
      const run = await runCli(['audit', 'verify', ...flags(t)]);
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, /intact: 36 rows/);
    });

    test('a row edited with the trigger dropped is named (exit 1)', async () => {
      const { t, store } = await seeded();
      const rows = await store.audit.list({ limit: 100 });
      const victim = rows.find(
        (r) => r.action === 'case.update' && JSON.stringify(r.after).includes('note 3'),
      );
      assert.ok(victim);
      await withoutTrigger(store, async (db) => {
        await sql`update audit_log set after_json = replace(after_json, 'note 3', 'note X') where seq = ${victim.seq}`.execute(
          db,
        );
      });
      await store.close();
      const run = await runCli(['audit', 'verify', ...flags(t), '--json']);
      assert.equal(run.code, 1);
      const report = JSON.parse(run.stdout) as {
        ok: boolean;
        firstBroken: { seq: number; id: string; problem: string };
      };
      assert.equal(report.ok, false);
      assert.equal(report.firstBroken.seq, victim.seq);
      assert.equal(report.firstBroken.id, victim.id);
      assert.match(report.firstBroken.problem, /content does not match its hash/);
      const text = await runCli(['audit', 'verify', ...flags(t)]);
      assert.match(text.stdout, new RegExp(`BROKEN at row seq ${victim.seq} \\(id ${victim.id}`));
    });

    test('a removed row breaks the chain at the row after it', async () => {
      const { t, store } = await seeded();
      const rows = (await store.audit.list({ limit: 100 })).sort((a, b) => a.seq - b.seq);
      const removed = rows[4];
      const next = rows[5];
      assert.ok(removed && next);
      await withoutTrigger(store, async (db) => {
        await sql`delete from audit_log where seq = ${removed.seq}`.execute(db);
      });
      await store.close();
      const run = await runCli(['audit', 'verify', ...flags(t), '--json']);
      assert.equal(run.code, 1);
      const report = JSON.parse(run.stdout) as { firstBroken: { seq: number; problem: string } };
      assert.equal(report.firstBroken.seq, next.seq);
      assert.match(report.firstBroken.problem, /previous-row hash does not match/);
    });

    test('rows written before the chain existed are chained by the migration', async () => {
      const t = await tempTarget(engine);
      temps.push(t);
      const migrations = (await loadMigrations()).filter((m) => !m.name.endsWith('audit-hash-chain'));
      const old = await Store.open(t.target, { migrations });
      // Rows as the code before the chain wrote them (that code is gone; its inserts are plain SQL).
      for (const id of ['legacy-1', 'legacy-2']) {
        await sql`insert into audit_log (id, at, actor_username, action, entity_type, after_json)
          values (${id}, '2025-01-01T00:00:00.000Z', 'legacy', 'case.create', 'case', '{"label":"old"}')`.execute(
          old.db.withoutPlugins() as unknown as Kysely<unknown>,
        );
      }
      await old.close();
      const store = await Store.open(t.target);
      await store.cases.create(actor, { label: 'AFTER-THE-CHAIN' });
      await store.close();
      const run = await runCli(['audit', 'verify', ...flags(t)]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /intact: 3 rows/);
    });
  });
}
