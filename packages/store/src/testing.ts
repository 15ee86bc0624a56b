// Test support: a fresh, isolated database per test file on each engine.
// SQLite: a temporary directory. PostgreSQL: a unique schema in database `test` (RGS_TEST_PG_URL to
// override the base URL), selected through libpq's `options=-c search_path=…`, dropped afterwards.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SQLITE_FILE_NAME, type StorageTarget } from './connect.js';

export const TEST_ENGINES = ['sqlite', 'postgres'] as const;
export type TestEngine = (typeof TEST_ENGINES)[number];

const BASE_PG_URL = process.env.RGS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TempTarget {
  target: StorageTarget;
  /** The SQLite data directory, or the PostgreSQL URL (what `--data-dir`/`--database-url` take). */
  flag: { dataDir: string } | { databaseUrl: string };
  cleanup(): Promise<void>;
}

export async function tempTarget(engine: TestEngine): Promise<TempTarget> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'openrgs-test-'));
    return {
      target: { engine: 'sqlite', file: join(dir, SQLITE_FILE_NAME) },
      flag: { dataDir: dir },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `rgs_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE_PG_URL });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const url = `${BASE_PG_URL}${BASE_PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    target: { engine: 'postgres', url },
    flag: { databaseUrl: url },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: BASE_PG_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
