// Backup → restore on every pair of engines (SQLite file and PostgreSQL JSON snapshot, each into SQLite
// and PostgreSQL): every table comes back row for row, the restored store keeps working (the audit log's
// sequence continues on PostgreSQL), and what must be refused is: a target that holds records, a file that
// is not a backup, a backup from a newer schema.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { backup } from './backup.js';
import { loadMigrations } from './migrate.js';
import type { MeasurementInput } from './repos/measurements.js';
import { readBackup, restore } from './restore.js';
import { Store } from './store.js';
import { TEST_ENGINES, type TempTarget, tempTarget } from './testing.js';

const actor = { userId: null, username: 'test' };

const input: MeasurementInput = {
  kind: 'in-vivo',
  siteLabel: 'terminal ileum',
  counts: 1234,
  durationSeconds: 2.5,
  measuredAt: '2026-11-26T09:00:00.000Z',
  source: 'manual',
};

/** A small but complete record: a user, a case with a lesion, a specimen and two measurements. */
async function populate(store: Store): Promise<void> {
  await store.users.create(actor, { username: 'physicist', role: 'physicist', passwordHash: 'x'.repeat(40) });
  const kase = await store.cases.create(actor, { label: 'RESTORE-1' });
  const lesion = await store.caseItems.addLesion(actor, kase.id, { label: 'L1' });
  await store.caseItems.addSpecimen(actor, kase.id, { label: 'Specimen L1', lesionId: lesion.id });
  for (const [key, verdict] of [
    ['m1', 'positive'],
    ['m2', 'negative'],
  ] as const) {
    await store.measurements.record(actor, {
      caseId: kase.id,
      idempotencyKey: key,
      requestHash: key,
      input: { ...input, lesionId: lesion.id },
      derive: (_ctx, i) => ({
        rateCps: i.counts / i.durationSeconds,
        rateLowCps: 480,
        rateHighCps: 510,
        decayCorrectedRateCps: null,
        decayReferenceTime: null,
        nuclide: 'Tc-99m',
        halfLifeSeconds: 21_624.12,
        backgroundModel: null,
        ratio: 2.5,
        verdict,
        evidence: 'test',
      }),
    });
  }
}

/** Every table's rows, ordered, with numbers as numbers (PostgreSQL returns bigint as text). */
async function dump(store: Store): Promise<Record<string, Record<string, unknown>[]>> {
  const raw = store.db.withoutPlugins() as unknown as Kysely<unknown>;
  const tables =
    store.connection.engine === 'sqlite'
      ? await sql<{
          t: string;
        }>`select name as t from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(raw)
      : await sql<{ t: string }>`select table_name as t from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(raw);
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const { t } of tables.rows) {
    if (t === 'schema_migrations') continue;
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(raw)).rows.map(
      (row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            typeof v === 'string' && /^\d+$/.test(v) && k === 'seq' ? Number(v) : v,
          ]),
        ),
    );
    out[t] = rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}

/**
 * A SQLite backup's rows written as a format-version-2 JSON Lines snapshot, line by line from the format's
 * description in backup-format.ts (header, then per table its column line, one array per row and its end
 * line with the row count, then the end-of-backup line), parents before children by SQLite's own
 * foreign-key list: the streamed form, without a PostgreSQL server and without the code under test.
 */
function streamedFromSqlite(sqliteBackup: string, out: string): void {
  const db = new BetterSqlite3(sqliteBackup, { readonly: true, fileMustExist: true });
  try {
    const names = (
      db
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
        )
        .all() as { name: string }[]
    )
      .map((r) => r.name)
      .filter((n) => n !== 'schema_migrations');
    const order: string[] = [];
    const visit = (table: string): void => {
      if (order.includes(table)) return;
      const parents = db.prepare('select "table" as parent from pragma_foreign_key_list(?)').all(table) as {
        parent: string;
      }[];
      for (const { parent } of parents) if (parent !== table) visit(parent);
      order.push(table);
    };
    for (const name of names) visit(name);
    const version = db.prepare('select max(version) as v from schema_migrations').get() as { v: number };
    const lines: unknown[] = [
      {
        format: 'openrgs-backup',
        formatVersion: 2,
        engine: 'postgres',
        schemaVersion: version.v,
        takenAt: '2026-12-03T00:00:00.000Z',
        tables: order,
      },
    ];
    const counts: Record<string, number> = {};
    for (const table of order) {
      const columns = (
        db.prepare('select name from pragma_table_info(?)').all(table) as { name: string }[]
      ).map((c) => c.name);
      lines.push({ table, columns });
      const rows = db.prepare(`select * from "${table}"`).all() as Record<string, unknown>[];
      for (const row of rows) lines.push(columns.map((c) => row[c]));
      lines.push({ end: table, rows: rows.length });
      counts[table] = rows.length;
    }
    lines.push({ complete: true, tables: counts });
    writeFileSync(out, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  } finally {
    db.close();
  }
}

describe('restore', () => {
  const work = mkdtempSync(join(tmpdir(), 'openrgs-restore-'));
  const sources: Partial<
    Record<(typeof TEST_ENGINES)[number], { file: string; dump: Awaited<ReturnType<typeof dump>> }>
  > = {};
  const temps: TempTarget[] = [];

  before(async () => {
    for (const engine of TEST_ENGINES) {
      const temp = await tempTarget(engine);
      temps.push(temp);
      const store = await Store.open(temp.target);
      try {
        await populate(store);
        const file = join(work, `backup-${engine}`);
        await backup(store, file);
        sources[engine] = { file, dump: await dump(store) };
      } finally {
        await store.close();
      }
    }
  });

  after(async () => {
    for (const temp of temps) await temp.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  for (const from of TEST_ENGINES) {
    for (const to of TEST_ENGINES) {
      test(`a ${from} backup restores into ${to} row for row, and the store keeps working`, async () => {
        const source = sources[from];
        assert.ok(source, 'the source backup was written');
        const temp = await tempTarget(to);
        temps.push(temp);
        const result = await restore(temp.target, source.file);
        assert.equal(result.method, from === 'sqlite' ? 'sqlite-online-backup' : 'postgres-json-snapshot');
        assert.equal(result.schemaVersion, result.backupSchemaVersion);
        const store = await Store.open(temp.target);
        try {
          const restored = await dump(store);
          assert.deepEqual(Object.keys(restored).sort(), Object.keys(source.dump).sort());
          for (const [table, rows] of Object.entries(source.dump)) {
            assert.equal(result.tables[table] ?? 0, rows.length, `${table}: rows restored`);
            assert.deepEqual(restored[table], rows, `${table}: the same rows`);
          }
          // Domain reads see the record as it was.
          const [kase] = (await store.cases.list(10)).filter((c) => c.label === 'RESTORE-1');
          assert.ok(kase, 'the case is there');
          const measurements = await store.measurements.list(kase.id);
          assert.deepEqual(measurements.map((m) => [m.verdict, m.counts, m.rateCps]).sort(), [
            ['negative', 1234, 493.6],
            ['positive', 1234, 493.6],
          ]);
          // New writes (and their audit entries) continue after the restored ones.
          const auditBefore = restored.audit_log?.length ?? 0;
          await store.cases.create(actor, { label: 'AFTER-RESTORE' });
          const auditAfter = (await dump(store)).audit_log ?? [];
          assert.equal(auditAfter.length, auditBefore + 1);
        } finally {
          await store.close();
        }
      });
    }
  }

  for (const engine of TEST_ENGINES) {
    test(`${engine}: a target that holds records is refused and left as it was`, async () => {
      const source = sources.sqlite;
      assert.ok(source);
      const temp = await tempTarget(engine);
      temps.push(temp);
      const store = await Store.open(temp.target);
      await store.cases.create(actor, { label: 'ALREADY-HERE' });
      await store.close();
      await assert.rejects(restore(temp.target, source.file), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'conflict');
        assert.match(error.message, /already holds records \(.*cases: 1/);
        return true;
      });
      const again = await Store.open(temp.target);
      assert.deepEqual(
        (await again.cases.list(10)).map((c) => c.label),
        ['ALREADY-HERE'],
      );
      await again.close();
    });
  }

  for (const engine of TEST_ENGINES) {
    test(`${engine}: a backup from an older schema is restored at its version, then migrated`, async () => {
      const migrations = await loadMigrations();
      const versions = migrations.map((m) => m.version).sort((a, b) => a - b);
      const newest = versions[versions.length - 1] ?? 0;
      // The version before the newest (versions may have gaps: each branch numbers its own).
      const older = versions[versions.length - 2] ?? 0;
      const source = await tempTarget(engine);
      const target = await tempTarget(engine);
      temps.push(source, target);
      const old = await Store.open(source.target, {
        migrations: migrations.filter((m) => m.version <= older),
      });
      assert.equal(old.schemaVersion, older);
      // Written as that version's code did (today's code writes columns the older schema lacks).
      await sql`insert into cases (id, label, resection_status, created_at, created_by, updated_at)
        values ('7b2a3c9e-0000-4000-8000-000000000001', 'FROM-AN-OLDER-VERSION', 'pending',
          '2025-01-01T00:00:00.000Z', 'test', '2025-01-01T00:00:00.000Z')`.execute(
        old.db.withoutPlugins() as unknown as Kysely<unknown>,
      );
      const file = join(work, `older-${engine}`);
      await backup(old, file);
      await old.close();
      const result = await restore(target.target, file);
      assert.equal(result.backupSchemaVersion, older);
      assert.equal(result.schemaVersion, newest);
      const store = await Store.open(target.target);
      try {
        assert.deepEqual(
          (await store.cases.list(10)).map((c) => c.label),
          ['FROM-AN-OLDER-VERSION'],
        );
      } finally {
        await store.close();
      }
    });
  }

  test('a streamed (JSON Lines) backup that is cut short or miscounted is refused, and nothing is restored', async () => {
    // The PostgreSQL backup when PostgreSQL is tested; else (the mutation run) one written by hand.
    const written = sources.sqlite;
    assert.ok(written);
    const streamed = sources.postgres?.file ?? join(work, 'by-hand.jsonl');
    if (sources.postgres === undefined) streamedFromSqlite(written.file, streamed);
    const lines = readFileSync(streamed, 'utf8').trimEnd().split('\n');
    assert.ok(lines.length > 5, 'the PostgreSQL backup is JSON Lines');
    assert.equal(JSON.parse(lines[0] ?? '{}').formatVersion, 2);
    // Cut inside a table (a disk filled up, a copy stopped): the last line is a row, no end line.
    const rowLine = lines.findIndex((l, i) => i > 0 && l.startsWith('['));
    const cut = join(work, 'cut.jsonl');
    writeFileSync(cut, `${lines.slice(0, rowLine + 1).join('\n')}\n`);
    // Without the end-of-backup line only.
    const noTrailer = join(work, 'no-trailer.jsonl');
    writeFileSync(noTrailer, `${lines.slice(0, -1).join('\n')}\n`);
    // A row dropped from its table: the table's end line no longer agrees.
    const dropped = join(work, 'dropped.jsonl');
    writeFileSync(dropped, `${lines.filter((_, i) => i !== rowLine).join('\n')}\n`);
    for (const [file, pattern] of [
      [cut, /the file is truncated/],
      [noTrailer, /between tables, without its end-of-backup line: the file is truncated/],
      [dropped, /ends saying \d+ rows, the file holds \d+/],
    ] as const) {
      for (const engine of TEST_ENGINES) {
        const temp = await tempTarget(engine);
        temps.push(temp);
        await assert.rejects(restore(temp.target, file), pattern);
        const store = await Store.open(temp.target);
        try {
          assert.deepEqual(await store.cases.list(10), [], `${engine}: nothing half-restored`);
          assert.equal(await store.users.count(), 0);
        } finally {
          await store.close();
        }
      }
    }
    // Whole, the same file restores row for row (the streamed path's rows, batches and end lines).
    const expected = sources.postgres?.dump ?? written.dump;
    const temp = await tempTarget('sqlite');
    temps.push(temp);
    const result = await restore(temp.target, streamed);
    assert.equal(result.method, 'postgres-json-snapshot');
    const store = await Store.open(temp.target);
    try {
      const restored = await dump(store);
      for (const [table, rows] of Object.entries(expected)) {
        assert.equal(result.tables[table] ?? 0, rows.length, `${table}: rows counted`);
        assert.deepEqual(restored[table], rows, `${table}: the same rows`);
      }
    } finally {
      await store.close();
    }
  });

  test('a version-1 snapshot (one JSON document, written before streaming) still restores row for row', async () => {
    const source = sources.postgres ?? sources.sqlite;
    assert.ok(source);
    const contents = await readBackup(source.file);
    const legacy = join(work, 'legacy-v1.json');
    writeFileSync(
      legacy,
      JSON.stringify({
        format: 'openrgs-backup',
        formatVersion: 1,
        engine: 'postgres',
        schemaVersion: contents.schemaVersion,
        takenAt: '2026-11-01T00:00:00.000Z',
        tables: contents.tables,
      }),
    );
    const temp = await tempTarget('sqlite');
    temps.push(temp);
    const result = await restore(temp.target, legacy);
    assert.equal(result.method, 'postgres-json-snapshot');
    const store = await Store.open(temp.target);
    try {
      const restored = await dump(store);
      for (const [table, rows] of Object.entries(source.dump)) {
        assert.deepEqual(restored[table], rows, `${table}: the same rows`);
      }
    } finally {
      await store.close();
    }
  });

  test('files that are not backups, and backups from a newer schema, are refused by name', async () => {
    const garbage = join(work, 'garbage.bin');
    writeFileSync(garbage, 'PK\u0003\u0004 not a backup');
    await assert.rejects(readBackup(garbage), /not an OpenRGS backup: neither a SQLite database nor JSON/);
    const wrongFormat = join(work, 'other.json');
    writeFileSync(wrongFormat, JSON.stringify({ format: 'something-else', tables: {} }));
    await assert.rejects(readBackup(wrongFormat), /no 'format': 'openrgs-backup'/);
    const badTable = join(work, 'bad-table.json');
    writeFileSync(
      badTable,
      JSON.stringify({
        format: 'openrgs-backup',
        formatVersion: 1,
        schemaVersion: 1,
        tables: { cases: 'x' },
      }),
    );
    await assert.rejects(readBackup(badTable), /table 'cases' is not an array of rows/);
    const future = join(work, 'future.json');
    writeFileSync(
      future,
      JSON.stringify({ format: 'openrgs-backup', formatVersion: 1, schemaVersion: 9999, tables: {} }),
    );
    const newerStream = join(work, 'future.jsonl');
    writeFileSync(
      newerStream,
      `${JSON.stringify({ format: 'openrgs-backup', formatVersion: 7, schemaVersion: 1, tables: [] })}\n`,
    );
    await assert.rejects(readBackup(newerStream), /formatVersion 7 \(this code reads 1 and 2\)/);
    const temp = await tempTarget('sqlite');
    temps.push(temp);
    await assert.rejects(restore(temp.target, future), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'schema-too-new');
      assert.match(error.message, /schema version 9999/);
      return true;
    });
  });
});
