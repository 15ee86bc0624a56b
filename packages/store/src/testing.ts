// Test support: a fresh, isolated database per test file on each engine.
// SQLite: a temporary directory. PostgreSQL: a unique schema in database `test` (RGS_TEST_PG_URL to
// override the base URL), selected through libpq's `options=-c search_path=…`, dropped afterwards.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SQLITE_FILE_NAME, type StorageTarget } from './connect.js';

const ALL_ENGINES = ['sqlite', 'postgres'] as const;
export type TestEngine = (typeof ALL_ENGINES)[number];

/**
 * The engines the tests run on: both, unless RGS_TEST_ENGINES names a comma-separated subset (the
 * mutation-testing configs use `sqlite` alone, to keep a run within minutes; `npm test` runs both).
 */
export const TEST_ENGINES: readonly TestEngine[] = enginesFrom(process.env.RGS_TEST_ENGINES);

function enginesFrom(text: string | undefined): readonly TestEngine[] {
  if (text === undefined || text.trim() === '') return ALL_ENGINES;
  const named = text.split(',').map((e) => e.trim());
  const unknown = named.filter((e) => !(ALL_ENGINES as readonly string[]).includes(e));
  if (unknown.length > 0) {
    throw new Error(
      `RGS_TEST_ENGINES: unknown engine '${unknown.join("', '")}' (known: ${ALL_ENGINES.join(', ')})`,
    );
  }
  return ALL_ENGINES.filter((e) => named.includes(e));
}

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
