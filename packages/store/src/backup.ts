// Consistent snapshots. SQLite: the online backup API (pages copied while the server keeps writing;
// the copy is one consistent state). PostgreSQL: every table read in ONE repeatable-read, read-only
// transaction (one snapshot), written as a JSON document with the schema version.
import { renameSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { StoreError } from './errors.js';
import type { Store } from './store.js';

export interface BackupResult {
  engine: 'sqlite' | 'postgres';
  /** `sqlite-online-backup` (a SQLite database file) or `postgres-json-snapshot` (a JSON document). */
  method: 'sqlite-online-backup' | 'postgres-json-snapshot';
  file: string;
  schemaVersion: number;
  /** Rows per table (PostgreSQL) or pages copied (SQLite). */
  tables?: Record<string, number>;
  pages?: number;
}

export async function backup(store: Store, file: string): Promise<BackupResult> {
  const tmp = `${file}.partial`;
  const sqliteFile = store.connection.sqliteFile;
  if (sqliteFile !== undefined) {
    // A second connection (WAL lets it read while the server writes) runs the online backup.
    const sqlite = new BetterSqlite3(sqliteFile, { readonly: true, fileMustExist: true });
    let progress: { totalPages: number };
    try {
      progress = await sqlite.backup(tmp);
    } finally {
      sqlite.close();
    }
    renameSync(tmp, file);
    return {
      engine: 'sqlite',
      method: 'sqlite-online-backup',
      file,
      schemaVersion: store.schemaVersion,
      pages: progress.totalPages,
    };
  }
  const raw = store.db.withoutPlugins();
  const tables: Record<string, unknown[]> = {};
  await raw.connection().execute(async (conn) => {
    await sql.raw('begin isolation level repeatable read read only').execute(conn);
    try {
      // Every table of this schema, whichever migration (ours or another package's) created it.
      const list = await sql<{ tableName: string }>`
        select table_name as "tableName" from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
        conn,
      );
      for (const { tableName: table } of list.rows) {
        const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(conn);
        tables[table] = result.rows;
      }
      await sql.raw('commit').execute(conn);
    } catch (error) {
      await sql.raw('rollback').execute(conn);
      throw new StoreError('storage-unavailable', `snapshot failed: ${(error as Error).message}`);
    }
  });
  const document = {
    format: 'openrgs-backup',
    formatVersion: 1,
    engine: 'postgres',
    schemaVersion: store.schemaVersion,
    takenAt: new Date().toISOString(),
    tables,
  };
  writeFileSync(tmp, JSON.stringify(document));
  renameSync(tmp, file);
  return {
    engine: 'postgres',
    method: 'postgres-json-snapshot',
    file,
    schemaVersion: store.schemaVersion,
    tables: Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.length])),
  };
}
