// Restore a backup (`rgs backup`) into an EMPTY store, on either engine. Both backup forms are read: the
// SQLite online-backup file and the PostgreSQL JSON snapshot (JSON Lines, or the older one-document form);
// a pg_dump archive goes to pg_restore (pg-tools.ts). A SQLite backup can therefore seed a hospital's
// PostgreSQL database, and a PostgreSQL snapshot can be opened on a laptop. Rows are read from the file a
// batch at a time and inserted as they come: memory does not grow with the size of the backup.
//
// The target is first migrated to the BACKUP's schema version (so its rows fit the tables as they were),
// the rows are inserted in one transaction, parents before children (foreign keys), and the store is then
// migrated to this code's version as on any start. A target that already holds records is refused:
// restore never merges into, or overwrites, a live record.
import { type Kysely, sql } from 'kysely';
import { type BackupSource, openBackup, type Row } from './backup-source.js';
import { describeTarget, type StorageTarget } from './connect.js';
import { StoreError } from './errors.js';
import { loadMigrations } from './migrate.js';
import { pgRestore } from './pg-tools.js';
import { Store } from './store.js';
import { foreignKeys, insertionOrder, MIGRATIONS_TABLE, tableColumns } from './table-order.js';

export interface BackupContents {
  /** `sqlite-online-backup` (a SQLite database file) or `postgres-json-snapshot` (JSON). */
  method: BackupSource['method'];
  schemaVersion: number;
  /** Rows per table, as the backup holds them (snake_case columns); schema_migrations excluded. */
  tables: Record<string, Row[]>;
}

export interface RestoreResult {
  engine: 'sqlite' | 'postgres';
  file: string;
  method: BackupSource['method'] | 'postgres-pg-dump';
  /** The backup's schema version, and the version the store has after the restore. */
  backupSchemaVersion: number;
  schemaVersion: number;
  /** Rows restored per table (a pg_dump archive: not counted, empty). */
  tables: Record<string, number>;
}

/**
 * Reads a whole backup into memory (tests, small files): `restore` itself streams. A pg_dump archive is
 * refused here: only pg_restore reads it.
 */
export async function readBackup(file: string): Promise<BackupContents> {
  const opened = openBackup(file);
  if (opened.kind === 'pg_dump') {
    throw new StoreError(
      'invalid',
      `'${file}' is a pg_dump archive: restore it with rgs restore (pg_restore)`,
    );
  }
  const { source } = opened;
  try {
    const tables: Record<string, Row[]> = {};
    for await (const { table, batches } of source.tables([...source.tableNames].sort())) {
      const rows: Row[] = [];
      for await (const batch of batches) rows.push(...batch);
      tables[table] = rows;
    }
    return { method: source.method, schemaVersion: source.schemaVersion, tables };
  } finally {
    source.close();
  }
}

/** Restores `file` into the empty store at `target`, then brings the store to this code's schema. */
export async function restore(
  target: StorageTarget,
  file: string,
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<RestoreResult> {
  const opened = openBackup(file);
  if (opened.kind === 'pg_dump') return pgRestore(target, file, options.env);
  const { source } = opened;
  try {
    return await restoreRows(target, file, source);
  } finally {
    source.close();
  }
}

async function restoreRows(
  target: StorageTarget,
  file: string,
  source: BackupSource,
): Promise<RestoreResult> {
  const migrations = await loadMigrations();
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (source.schemaVersion > newest) {
    throw new StoreError(
      'schema-too-new',
      `the backup has schema version ${source.schemaVersion}; this version of OpenRGS knows versions up to ` +
        `${newest}. Restore it with the OpenRGS version that wrote it (or a newer one).`,
    );
  }
  // The tables as they were when the backup was taken: migrations up to its version only.
  const store = await Store.open(target, {
    migrations: migrations.filter((m) => m.version <= source.schemaVersion),
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
        for (const table of source.tableNames) {
          if (!columns.has(table)) {
            throw new StoreError(
              'invalid',
              `the backup has a table '${table}' that schema version ${source.schemaVersion} does not have`,
            );
          }
        }
        const parentsOf = await foreignKeys(conn, engine, [...columns.keys()]);
        const order = insertionOrder(parentsOf, columns.keys());
        if (source.fixedOrder) checkStreamOrder(file, source.tableNames, parentsOf);
        for (const table of order) counts[table] = 0;
        for await (const { table, batches } of source.tables(order)) {
          const known = new Set(columns.get(table) ?? []);
          for await (const rows of batches) {
            for (const row of rows) {
              const extra = Object.keys(row).find((c) => !known.has(c));
              if (extra !== undefined) {
                throw new StoreError(
                  'invalid',
                  `backup table '${table}' has a column '${extra}' the store does not have`,
                );
              }
              // Every writer puts every column in every row (null where empty): a row without one is a
              // damaged backup, whose value the insert would silently replace by the column's default.
              const missing = [...known].find((c) => !Object.hasOwn(row, c));
              if (missing !== undefined) {
                throw new StoreError(
                  'invalid',
                  `backup table '${table}' has a row without the column '${missing}' (schema version ${source.schemaVersion} has it): its value would be lost`,
                );
              }
            }
            await (conn as unknown as Kysely<Record<string, Row>>).insertInto(table).values(rows).execute();
            counts[table] = (counts[table] ?? 0) + rows.length;
          }
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
    method: source.method,
    backupSchemaVersion: source.schemaVersion,
    schemaVersion,
    tables: counts,
  };
}

/** A streamed backup is inserted as it is read: each table must come after the tables it references. */
function checkStreamOrder(file: string, tables: string[], parentsOf: Map<string, Set<string>>): void {
  const before = new Set<string>();
  for (const table of tables) {
    for (const parent of parentsOf.get(table) ?? []) {
      if (tables.includes(parent) && !before.has(parent)) {
        throw new StoreError(
          'invalid',
          `'${file}' lists table '${table}' before '${parent}', which it references; a backup must list parents first`,
        );
      }
    }
    before.add(table);
  }
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
