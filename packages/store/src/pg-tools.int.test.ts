// pg_dump / pg_restore (rgs backup --format pg_dump; rgs restore of the archive): a PostgreSQL store
// dumped and restored into an empty database comes back row for row and keeps working; the archive is
// refused for SQLite, for a target that holds tables and for another schema; a missing binary is named.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { backup } from './backup.js';
import { findPgTool } from './pg-tools.js';
import { restore } from './restore.js';
import { Store } from './store.js';
import { type TempTarget, tempTarget } from './testing.js';

const BASE_PG_URL = process.env.RGS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const actor = { userId: null, username: 'test' };
type Row = Record<string, unknown>;

async function dump(target: TempTarget['target']): Promise<Record<string, Row[]>> {
  const store = await Store.open(target);
  try {
    const raw = store.db.withoutPlugins() as unknown as Kysely<unknown>;
    const tables = await sql<{ t: string }>`select table_name as t from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(raw);
    const out: Record<string, Row[]> = {};
    for (const { t } of tables.rows) {
      if (t === 'schema_migrations') continue;
      const rows = (await sql<Row>`select * from ${sql.table(t)}`.execute(raw)).rows;
      out[t] = rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    }
    return out;
  } finally {
    await store.close();
  }
}

/** A new, empty database whose URL selects `schema` (pg_restore puts the archive back in its schema). */
async function freshDatabase(schema: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rgs_t_db_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE_PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  // libpq decodes %XX in a URL but not '+' (URLSearchParams would write the space as '+').
  const url = `${BASE_PG_URL.replace(/\/[^/?]*(\?.*)?$/, `/${name}`)}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url,
    drop: async () => {
      const client = new pg.Client({ connectionString: BASE_PG_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

describe('pg_dump and pg_restore', () => {
  const work = mkdtempSync(join(tmpdir(), 'openrgs-pg-tools-'));
  const cleanups: (() => Promise<void>)[] = [];
  let source: TempTarget;
  let schema: string;
  let archive: string;
  let sourceRows: Record<string, Row[]>;

  before(async () => {
    source = await tempTarget('postgres');
    cleanups.push(() => source.cleanup());
    const store = await Store.open(source.target);
    try {
      await store.users.create(actor, { username: 'ana', role: 'admin', passwordHash: 'x'.repeat(40) });
      const kase = await store.cases.create(actor, { label: 'PG-DUMP-1', indication: 'ré-opération 👩‍⚕️' });
      await store.caseItems.addNote(actor, kase.id, 'onset = 2 h after injection');
      schema = (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]?.s ?? '';
      archive = join(work, 'store.pgdump');
      const result = await backup(store, archive, { format: 'pg_dump' });
      assert.equal(result.method, 'postgres-pg-dump');
    } finally {
      await store.close();
    }
    sourceRows = await dump(source.target);
  });

  after(async () => {
    for (const c of cleanups) await c().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  });

  test('an archive restores into an empty database row for row, and the store keeps working', async () => {
    const db = await freshDatabase(schema);
    cleanups.push(db.drop);
    const target = { engine: 'postgres' as const, url: db.url };
    const result = await restore(target, archive);
    assert.equal(result.method, 'postgres-pg-dump');
    assert.equal(result.backupSchemaVersion, result.schemaVersion);
    const restored = await dump(target);
    assert.deepEqual(restored, sourceRows);
    assert.ok((restored.notes?.length ?? 0) === 1 && (restored.audit_log?.length ?? 0) > 2);
    const store = await Store.open(target);
    try {
      await store.cases.create(actor, { label: 'AFTER-PG-RESTORE' });
      // The audit log's sequence and its append-only trigger came back with the schema.
      const raw = store.db.withoutPlugins() as unknown as Kysely<unknown>;
      await assert.rejects(sql`delete from audit_log`.execute(raw), /append-only/);
    } finally {
      await store.close();
    }
    // A second restore into the now-populated schema is refused, naming what is there.
    await assert.rejects(restore(target, archive), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'conflict');
      assert.match(error.message, /already has tables in schema/);
      return true;
    });
  });

  test('an archive restores into a schema the site made beforehand (empty): its CREATE SCHEMA is skipped', async () => {
    const db = await freshDatabase(schema);
    cleanups.push(db.drop);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`create schema ${schema}`);
    } finally {
      await client.end();
    }
    const target = { engine: 'postgres' as const, url: db.url };
    await restore(target, archive);
    assert.deepEqual(await dump(target), sourceRows);
  });

  test('an archive is refused for SQLite and for a target that selects another schema', async () => {
    const sqlite = await tempTarget('sqlite');
    cleanups.push(() => sqlite.cleanup());
    await assert.rejects(restore(sqlite.target, archive), /restores only into PostgreSQL/);
    const other = await tempTarget('postgres');
    cleanups.push(() => other.cleanup());
    await assert.rejects(restore(other.target, archive), /pg_restore cannot rename a schema/);
  });

  test('a missing pg_dump or pg_restore is named, with where to get it', async () => {
    assert.throws(
      () => findPgTool('pg_dump', { PATH: '' }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'tool-missing');
        assert.match(error.message, /^pg_dump is not installed \(not found on PATH\).*postgresql-client/);
        return true;
      },
    );
    assert.throws(
      () => findPgTool('pg_restore', { RGS_PG_RESTORE: '/nonexistent/pg_restore' }),
      /RGS_PG_RESTORE=\/nonexistent\/pg_restore is not executable/,
    );
    const store = await Store.open(source.target);
    try {
      await assert.rejects(
        backup(store, join(work, 'never'), { format: 'pg_dump', env: { PATH: '' } }),
        /pg_dump is not installed/,
      );
    } finally {
      await store.close();
    }
    const sqlite = await tempTarget('sqlite');
    cleanups.push(() => sqlite.cleanup());
    await assert.rejects(
      restore(sqlite.target, archive, { env: { PATH: '' } }),
      /restores only into PostgreSQL/,
    );
    const db = await freshDatabase(schema);
    cleanups.push(db.drop);
    await assert.rejects(
      restore({ engine: 'postgres', url: db.url }, archive, { env: { PATH: '' } }),
      /pg_restore is not installed/,
    );
  });
});
