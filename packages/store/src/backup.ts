// Consistent snapshots. SQLite: the online backup API (pages copied while the server keeps writing;
// the copy is one consistent state). PostgreSQL: every table read in ONE repeatable-read, read-only
// transaction (one snapshot) and streamed to the file as JSON Lines (backup-format.ts): rows come
// through a server-side cursor a batch at a time and go to the file as they come, so memory stays flat
// however large the store (issue 14 point 15). `pg_dump` is offered beside it (pg-tools.ts).

import { once } from 'node:events';
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupLine } from './backup-format.js';
import { StoreError } from './errors.js';
import { pgDumpBackup } from './pg-tools.js';
import type { Store } from './store.js';
import { foreignKeys, insertionOrder, MIGRATIONS_TABLE, tableColumns } from './table-order.js';

export type BackupFormat = 'default' | 'pg_dump';

export interface BackupResult {
  engine: 'sqlite' | 'postgres';
  /**
   * `sqlite-online-backup` (a SQLite database file), `postgres-json-snapshot` (JSON Lines, streamed) or
   * `postgres-pg-dump` (a pg_dump custom-format archive, for pg_restore).
   */
  method: 'sqlite-online-backup' | 'postgres-json-snapshot' | 'postgres-pg-dump';
  file: string;
  schemaVersion: number;
  /** Rows per table (PostgreSQL JSON snapshot) or pages copied (SQLite). */
  tables?: Record<string, number>;
  pages?: number;
}

export interface BackupOptions {
  /** `pg_dump`: PostgreSQL only, runs the pg_dump binary (custom format). Default: the engine's own. */
  format?: BackupFormat;
  /** Where pg_dump is looked up (PATH, RGS_PG_DUMP); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Rows fetched from the cursor at a time: bounded memory, few round trips. */
const FETCH = 1000;

export async function backup(store: Store, file: string, options: BackupOptions = {}): Promise<BackupResult> {
  const tmp = `${file}.partial`;
  const sqliteFile = store.connection.sqliteFile;
  if (options.format === 'pg_dump') {
    if (sqliteFile !== undefined) {
      throw new StoreError(
        'invalid',
        '--format pg_dump needs a PostgreSQL store; a SQLite store is backed up with SQLite’s online backup (the default)',
      );
    }
    return pgDumpBackup(store, file, options.env);
  }
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
  const counts = await streamPostgresSnapshot(store, tmp);
  renameSync(tmp, file);
  return {
    engine: 'postgres',
    method: 'postgres-json-snapshot',
    file,
    schemaVersion: store.schemaVersion,
    tables: counts,
  };
}

/** Writes the snapshot to `tmp` line by line; the file is fsynced before the caller renames it. */
async function streamPostgresSnapshot(store: Store, tmp: string): Promise<Record<string, number>> {
  const out = createWriteStream(tmp, { flags: 'w' });
  let failed: Error | undefined;
  out.on('error', (error) => {
    failed = error;
  });
  const write = async (text: string): Promise<void> => {
    if (failed) throw failed;
    if (!out.write(text)) await Promise.race([once(out, 'drain'), once(out, 'error')]);
    if (failed) throw failed;
  };
  const line = (value: BackupLine) => write(`${JSON.stringify(value)}\n`);
  const counts: Record<string, number> = {};
  const raw = store.db.withoutPlugins() as unknown as Kysely<unknown>;
  try {
    await raw.connection().execute(async (conn) => {
      await sql.raw('begin isolation level repeatable read read only').execute(conn);
      try {
        // Every table of this schema, whichever migration (ours or another package's) created it,
        // parents before children so a restore can insert as it reads.
        const columns = await tableColumns(conn, 'postgres');
        const tables = [...columns.keys()].filter((t) => t !== MIGRATIONS_TABLE);
        const order = insertionOrder(await foreignKeys(conn, 'postgres', tables), tables);
        await line({
          format: BACKUP_FORMAT,
          formatVersion: BACKUP_FORMAT_VERSION,
          engine: 'postgres',
          schemaVersion: store.schemaVersion,
          takenAt: new Date().toISOString(),
          tables: order,
        });
        for (const table of order) {
          const names = columns.get(table) ?? [];
          await line({ table, columns: names });
          const select = sql`select ${sql.join(names.map((c) => sql.ref(c)))} from ${sql.table(table)}`;
          await sql`declare openrgs_backup no scroll cursor for ${select}`.execute(conn);
          let n = 0;
          for (;;) {
            const batch = await sql<
              Record<string, unknown>
            >`fetch ${sql.raw(String(FETCH))} from openrgs_backup`.execute(conn);
            // One write per batch; each row is one line, an array in the order of `columns`.
            let text = '';
            for (const row of batch.rows) text += `${JSON.stringify(names.map((c) => row[c]))}\n`;
            if (text !== '') await write(text);
            n += batch.rows.length;
            if (batch.rows.length < FETCH) break;
          }
          await sql.raw('close openrgs_backup').execute(conn);
          await line({ end: table, rows: n });
          counts[table] = n;
        }
        await line({ complete: true, tables: counts });
        await sql.raw('commit').execute(conn);
      } catch (error) {
        await sql.raw('rollback').execute(conn);
        if (error instanceof StoreError) throw error;
        throw new StoreError('storage-unavailable', `snapshot failed: ${(error as Error).message}`);
      }
    });
    out.end();
    await once(out, 'finish');
    if (failed) throw failed;
    // On disk before it is renamed into place: a crash leaves the .partial file, never a short backup.
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw error;
  }
  return counts;
}
