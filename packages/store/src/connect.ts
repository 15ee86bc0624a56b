// Opens the one database this process writes: SQLite (embedded default) or PostgreSQL.
// Both behind the same Kysely<Database>; only the dialect and the connection setup differ.
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { StoreError } from './errors.js';
import { FiniteNumbersPlugin } from './finite-guard.js';
import type { Database } from './schema.js';
import { SqliteWorkerDialect } from './sqlite-worker-dialect.js';
import {
  classifyStorageFault,
  FaultReportingDialect,
  type StorageFault,
  StorageHealth,
} from './storage-fault.js';

export type Engine = 'sqlite' | 'postgres';

export type StorageTarget = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export interface StorageFlags {
  /** Directory of the embedded SQLite store (default `./data` relative to cwd). */
  dataDir?: string | undefined;
  /** `postgres://…` URL; wins over DATABASE_URL from the environment. */
  databaseUrl?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export const SQLITE_FILE_NAME = 'openrgs.sqlite';

/** Decides where the data lives from CLI flags and the environment; refuses contradictions. */
export function resolveStorage(flags: StorageFlags): StorageTarget {
  const cwd = flags.cwd ?? process.cwd();
  if (flags.dataDir !== undefined && flags.databaseUrl !== undefined) {
    throw new StoreError(
      'bad-storage',
      'give either --data-dir (SQLite) or --database-url (PostgreSQL), not both',
    );
  }
  const url = flags.databaseUrl ?? (flags.dataDir === undefined ? flags.env?.DATABASE_URL : undefined);
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new StoreError(
        'bad-storage',
        `database URL '${redactUrl(url)}' is not a PostgreSQL URL (postgres://user@host:port/database)`,
      );
    }
    return { engine: 'postgres', url };
  }
  return { engine: 'sqlite', file: resolve(cwd, flags.dataDir ?? 'data', SQLITE_FILE_NAME) };
}

/** A URL fit for messages and logs: the password is replaced. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

export function describeTarget(target: StorageTarget): string {
  return target.engine === 'sqlite' ? `SQLite ${target.file}` : `PostgreSQL ${redactUrl(target.url)}`;
}

export interface Connection {
  db: Kysely<Database>;
  engine: Engine;
  target: StorageTarget;
  /** The SQLite database file (online backup opens its own handle); undefined on PostgreSQL. */
  sqliteFile: string | undefined;
  /** The last storage fault seen through this connection (health says degraded while it lasts). */
  health: StorageHealth;
  close(): Promise<void>;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Refuses a SQLite file that exists but cannot be this store: empty (0 bytes: SQLite would quietly start
 * a blank database and first-run setup would open to whoever comes first), not a SQLite file, or shorter
 * than its header says (truncated). Only a missing file is a first run.
 */
export function checkSqliteFile(file: string): void {
  if (!existsSync(file)) return;
  const stat = statSync(file);
  if (!stat.isFile()) throw new StoreError('bad-storage', `${file} is not a regular file`);
  const bad = (what: string) =>
    new StoreError(
      'bad-storage',
      `${file} ${what}; refusing to start on it (a missing file is a new store, an existing one must be ` +
        'intact). Restore it from a backup (rgs restore), or move it away to start a new, empty store.',
    );
  if (stat.size === 0) throw bad('is empty (0 bytes), not an OpenRGS database');
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || !header.subarray(0, 16).equals(SQLITE_HEADER)) {
    throw bad('is not a SQLite database (its header is not "SQLite format 3")');
  }
  // Header fields (sqlite.org/fileformat.html §1.3): page size at 16 (1 = 65536), the database size in
  // pages at 28, valid when the change counter at 24 equals the version-valid-for number at 92. With a
  // write-ahead log present the main file may legitimately lag; the log is replayed on open.
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pages = header.readUInt32BE(28);
  const sizeValid = header.readUInt32BE(24) === header.readUInt32BE(92);
  const wal = `${file}-wal`;
  const walInUse = existsSync(wal) && statSync(wal).size > 0;
  if (sizeValid && !walInUse && pages > 0 && stat.size < pageSize * pages) {
    throw bad(`is truncated (${stat.size} bytes; its header says ${pages} pages of ${pageSize} bytes)`);
  }
}

const INT8_OID = 20;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new StoreError('internal', `integer ${text} exceeds 2^53`);
  return value;
}

export function connect(
  target: StorageTarget,
  onFault: (fault: StorageFault) => void = () => {},
): Connection {
  const plugins = [new CamelCasePlugin(), new FiniteNumbersPlugin()];
  const health = new StorageHealth(onFault);
  if (target.engine === 'sqlite') {
    checkSqliteFile(target.file);
    try {
      mkdirSync(dirname(target.file), { recursive: true });
    } catch (error) {
      throw new StoreError(
        'storage-unavailable',
        `cannot create ${dirname(target.file)}: ${(error as Error).message}`,
      );
    }
    // The connection runs in a worker thread (WAL, synchronous FULL set there): commits fsync off the
    // event loop.
    const dialect = new FaultReportingDialect(new SqliteWorkerDialect(target.file), health);
    const db = new Kysely<Database>({ dialect, plugins });
    return { db, engine: 'sqlite', target, sqliteFile: target.file, health, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    // A server that does not answer fails the request (503) instead of holding it forever.
    connectionTimeoutMillis: 5000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A client that loses its server must not crash the process: an idle one is reported to the pool, one
  // checked out by a request (no pool listener then) to its own listener here; its query fails and the
  // pool drops it on release. Either way health learns of it.
  const lost = (error: Error) => {
    const fault = classifyStorageFault(error);
    if (fault) health.noteFault(fault);
  };
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  const dialect = new FaultReportingDialect(new PostgresDialect({ pool }), health);
  const db = new Kysely<Database>({ dialect, plugins });
  return { db, engine: 'postgres', target, sqliteFile: undefined, health, close: () => db.destroy() };
}
