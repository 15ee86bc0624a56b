// Restore a backup (`rgs backup`) into an EMPTY store, on either engine. Both backup forms are read: the
// SQLite online-backup file and the PostgreSQL JSON snapshot. A SQLite backup can therefore seed a
// hospital's PostgreSQL database, and a PostgreSQL snapshot can be opened on a laptop.
//
// The target is first migrated to the BACKUP's schema version (so its rows fit the tables as they were),
// the rows are inserted in one transaction, parents before children (foreign keys), and the store is then
// migrated to this code's version as on any start. A target that already holds records is refused:
// restore never merges into, or overwrites, a live record.
import { readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { describeTarget, type StorageTarget } from './connect.js';
import { StoreError } from './errors.js';
import { loadMigrations } from './migrate.js';
import { Store } from './store.js';

type Row = Record<string, unknown>;

export interface BackupContents {
  /** `sqlite-online-backup` (a SQLite database file) or `postgres-json-snapshot` (a JSON document). */
  method: 'sqlite-online-backup' | 'postgres-json-snapshot';
  schemaVersion: number;
  /** Rows per table, as the backup holds them (snake_case columns); schema_migrations excluded. */
  tables: Record<string, Row[]>;
}

export interface RestoreResult {
  engine: 'sqlite' | 'postgres';
  file: string;
  method: BackupContents['method'];
  /** The backup's schema version, and the version the store has after the restore. */
  backupSchemaVersion: number;
  schemaVersion: number;
  /** Rows restored per table. */
  tables: Record<string, number>;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const MIGRATIONS_TABLE = 'schema_migrations';
/** Rows per INSERT: a dozen columns × 200 rows stays far below either engine's parameter limit. */
const CHUNK = 200;

/** Reads a backup file of either form; anything else is refused with what was expected. */
export function readBackup(file: string): BackupContents {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new StoreError('invalid', `cannot read backup '${file}': ${(error as Error).message}`);
  }
  if (bytes.subarray(0, SQLITE_MAGIC.length).toString('latin1') === SQLITE_MAGIC)
    return readSqliteBackup(file);
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new StoreError(
      'invalid',
      `'${file}' is not an OpenRGS backup: neither a SQLite database nor JSON (${(error as Error).message})`,
    );
  }
  return checkJsonBackup(file, document);
}

function readSqliteBackup(file: string): BackupContents {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const names = db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
      )
      .all() as { name: string }[];
    if (!names.some((n) => n.name === MIGRATIONS_TABLE)) {
      throw new StoreError(
        'invalid',
        `'${file}' is a SQLite database but not an OpenRGS store (no ${MIGRATIONS_TABLE})`,
      );
    }
    const version = db.prepare(`select max(version) as v from ${MIGRATIONS_TABLE}`).get() as {
      v: number | null;
    };
    const tables: Record<string, Row[]> = {};
    for (const { name } of names) {
      if (name === MIGRATIONS_TABLE) continue;
      tables[name] = db.prepare(`select * from "${name.replaceAll('"', '""')}"`).all() as Row[];
    }
    return { method: 'sqlite-online-backup', schemaVersion: Number(version.v ?? 0), tables };
  } finally {
    db.close();
  }
}

function checkJsonBackup(file: string, document: unknown): BackupContents {
  const doc = document as {
    format?: unknown;
    formatVersion?: unknown;
    schemaVersion?: unknown;
    tables?: unknown;
  };
  const refuse = (why: string) => new StoreError('invalid', `'${file}' is not an OpenRGS backup: ${why}`);
  if (typeof document !== 'object' || document === null || doc.format !== 'openrgs-backup') {
    throw refuse("no 'format': 'openrgs-backup'");
  }
  if (doc.formatVersion !== 1)
    throw refuse(`formatVersion ${JSON.stringify(doc.formatVersion)} (this code reads 1)`);
  if (!Number.isInteger(doc.schemaVersion) || (doc.schemaVersion as number) < 1) {
    throw refuse(`schemaVersion ${JSON.stringify(doc.schemaVersion)} is not a positive whole number`);
  }
  if (typeof doc.tables !== 'object' || doc.tables === null || Array.isArray(doc.tables)) {
    throw refuse("'tables' is not an object of row arrays");
  }
  const tables: Record<string, Row[]> = {};
  for (const [name, rows] of Object.entries(doc.tables as Record<string, unknown>)) {
    if (!Array.isArray(rows) || rows.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
      throw refuse(`table '${name}' is not an array of rows`);
    }
    if (name !== MIGRATIONS_TABLE) tables[name] = rows as Row[];
  }
  return { method: 'postgres-json-snapshot', schemaVersion: doc.schemaVersion as number, tables };
}

/** Restores `file` into the empty store at `target`, then brings the store to this code's schema. */
export async function restore(target: StorageTarget, file: string): Promise<RestoreResult> {
  const contents = readBackup(file);
  const migrations = await loadMigrations();
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (contents.schemaVersion > newest) {
    throw new StoreError(
      'schema-too-new',
      `the backup has schema version ${contents.schemaVersion}; this version of OpenRGS knows versions up to ` +
        `${newest}. Restore it with the OpenRGS version that wrote it (or a newer one).`,
    );
  }
  // The tables as they were when the backup was taken: migrations up to its version only.
  const store = await Store.open(target, {
    migrations: migrations.filter((m) => m.version <= contents.schemaVersion),
  });
  const counts: Record<string, number> = {};
  try {
    const raw = store.db.withoutPlugins() as unknown as Kysely<unknown>;
    const engine = store.connection.engine;
    await raw.connection().execute(async (conn) => {
      await sql.raw(engine === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
      try {
        const columns = await tableColumns(conn, engine);
        const occupied: string[] = [];
        for (const table of columns.keys()) {
          if (table === MIGRATIONS_TABLE) continue;
          const found = await sql<{
            n: number | string;
          }>`select count(*) as n from ${sql.table(table)}`.execute(conn);
          const n = Number(found.rows[0]?.n ?? 0);
          if (n > 0) occupied.push(`${table}: ${n}`);
        }
        if (occupied.length > 0) {
          throw new StoreError(
            'conflict',
            `the target store (${describeTarget(target)}) already holds records (${occupied.join(', ')}); ` +
              'restore only into an empty data directory or database, so nothing is merged or overwritten',
          );
        }
        for (const table of Object.keys(contents.tables)) {
          if (!columns.has(table)) {
            throw new StoreError(
              'invalid',
              `the backup has a table '${table}' that schema version ${contents.schemaVersion} does not have`,
            );
          }
        }
        for (const table of insertionOrder(await foreignKeys(conn, engine, [...columns.keys()]), columns)) {
          const rows = contents.tables[table] ?? [];
          const known = columns.get(table) ?? new Set<string>();
          for (const row of rows) {
            const extra = Object.keys(row).find((c) => !known.has(c));
            if (extra !== undefined) {
              throw new StoreError(
                'invalid',
                `backup table '${table}' has a column '${extra}' the store does not have`,
              );
            }
          }
          for (let i = 0; i < rows.length; i += CHUNK) {
            await (conn as unknown as Kysely<Record<string, Row>>)
              .insertInto(table)
              .values(rows.slice(i, i + CHUNK))
              .execute();
          }
          counts[table] = rows.length;
        }
        if (engine === 'postgres') await advanceSequences(conn);
        await sql.raw('commit').execute(conn);
      } catch (error) {
        await sql.raw('rollback').execute(conn);
        throw error;
      }
    });
  } finally {
    await store.close();
  }
  // And on to this code's schema, exactly as a start would.
  const upgraded = await Store.open(target, { migrations });
  const schemaVersion = upgraded.schemaVersion;
  await upgraded.close();
  return {
    engine: target.engine,
    file,
    method: contents.method,
    backupSchemaVersion: contents.schemaVersion,
    schemaVersion,
    tables: counts,
  };
}

async function tableColumns(
  conn: Kysely<unknown>,
  engine: 'sqlite' | 'postgres',
): Promise<Map<string, Set<string>>> {
  const rows =
    engine === 'sqlite'
      ? (
          await sql<{ t: string; c: string }>`
            select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p
            where m.type = 'table' and m.name not like 'sqlite_%'`.execute(conn)
        ).rows
      : (
          await sql<{ t: string; c: string }>`
            select c.table_name as t, c.column_name as c from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'`.execute(conn)
        ).rows;
  const map = new Map<string, Set<string>>();
  for (const { t, c } of rows) {
    const set = map.get(t) ?? new Set<string>();
    set.add(c);
    map.set(t, set);
  }
  return new Map([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** child → the parents it references (foreign keys), on either engine. */
async function foreignKeys(
  conn: Kysely<unknown>,
  engine: 'sqlite' | 'postgres',
  tables: string[],
): Promise<Map<string, Set<string>>> {
  const edges = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  if (engine === 'sqlite') {
    for (const table of tables) {
      const list = await sql<{
        table: string;
      }>`select "table" from pragma_foreign_key_list(${table})`.execute(conn);
      for (const { table: parent } of list.rows) if (parent !== table) edges.get(table)?.add(parent);
    }
  } else {
    const list = await sql<{ child: string; parent: string }>`
      select conrelid::regclass::text as child, confrelid::regclass::text as parent from pg_constraint
      where contype = 'f' and connamespace = current_schema()::regnamespace`.execute(conn);
    for (const { child, parent } of list.rows) if (child !== parent) edges.get(child)?.add(parent);
  }
  return edges;
}

/** Tables with every parent before its children (Kahn's algorithm; ties alphabetical, for repeatability). */
function insertionOrder(parentsOf: Map<string, Set<string>>, columns: Map<string, Set<string>>): string[] {
  const remaining = new Map([...parentsOf].filter(([t]) => t !== MIGRATIONS_TABLE && columns.has(t)));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.entries()]
      .filter(([, parents]) => [...parents].every((p) => !remaining.has(p)))
      .map(([t]) => t)
      .sort();
    if (ready.length === 0) {
      throw new StoreError('internal', `foreign keys form a cycle among ${[...remaining.keys()].join(', ')}`);
    }
    for (const t of ready) {
      order.push(t);
      remaining.delete(t);
    }
  }
  return order;
}

/** PostgreSQL serial columns: their sequences continue after the restored values (audit_log.seq). */
async function advanceSequences(conn: Kysely<unknown>): Promise<void> {
  const serials = await sql<{ t: string; c: string; s: string }>`
    select table_name as t, column_name as c, pg_get_serial_sequence(quote_ident(table_name), column_name) as s
    from information_schema.columns
    where table_schema = current_schema() and column_default like 'nextval(%'`.execute(conn);
  for (const { t, c, s } of serials.rows) {
    if (!s) continue;
    await sql`select setval(${s}::regclass, coalesce((select max(${sql.ref(c)}) from ${sql.table(t)}), 0) + 1, false)`.execute(
      conn,
    );
  }
}
