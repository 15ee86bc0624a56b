// Opens the one database this process writes: SQLite (embedded default) or PostgreSQL.
// Both behind the same Kysely<Database>; only the dialect and the connection setup differ.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { StoreError } from './errors.js';
import { FiniteNumbersPlugin } from './finite-guard.js';
import type { Database } from './schema.js';
import { SqliteWorkerDialect } from './sqlite-worker-dialect.js';

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
  close(): Promise<void>;
}

const INT8_OID = 20;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new StoreError('internal', `integer ${text} exceeds 2^53`);
  return value;
}

export function connect(target: StorageTarget): Connection {
  const plugins = [new CamelCasePlugin(), new FiniteNumbersPlugin()];
  if (target.engine === 'sqlite') {
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
    const db = new Kysely<Database>({ dialect: new SqliteWorkerDialect(target.file), plugins });
    return { db, engine: 'sqlite', target, sqliteFile: target.file, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
  return { db, engine: 'postgres', target, sqliteFile: undefined, close: () => db.destroy() };
}
