// pg_dump / pg_restore, for PostgreSQL sites whose backup routine expects them. `rgs backup --format
// pg_dump` runs pg_dump on the store's schema (custom format: one consistent snapshot, restorable with
// pg_restore by the site's own tooling as well); `rgs restore` recognises such an archive and runs
// pg_restore into an empty target, then migrates it like any start. The binaries are looked up on PATH
// (or RGS_PG_DUMP / RGS_PG_RESTORE); a missing one is named, with how to get it.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import type { BackupResult } from './backup.js';
import { describeTarget, redactUrl, type StorageTarget } from './connect.js';
import { StoreError } from './errors.js';
import { loadMigrations } from './migrate.js';
import type { RestoreResult } from './restore.js';
import { Store } from './store.js';
import { MIGRATIONS_TABLE } from './table-order.js';

type Tool = 'pg_dump' | 'pg_restore';

/** The tool's path: RGS_PG_DUMP / RGS_PG_RESTORE when set, else the first executable on PATH. */
export function findPgTool(tool: Tool, env: NodeJS.ProcessEnv = process.env): string {
  const override = env[tool === 'pg_dump' ? 'RGS_PG_DUMP' : 'RGS_PG_RESTORE'];
  const candidates =
    override !== undefined && override !== ''
      ? [override]
      : (env.PATH ?? '')
          .split(delimiter)
          .filter((d) => d !== '')
          .map((d) => join(d, tool));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  throw new StoreError(
    'tool-missing',
    `${tool} is not installed (${override ? `RGS_${tool === 'pg_dump' ? 'PG_DUMP' : 'PG_RESTORE'}=${override} is not executable` : 'not found on PATH'}); ` +
      'install the PostgreSQL client tools of your server’s major version (Debian/Ubuntu: apt-get install ' +
      'postgresql-client), or use the default format (no --format: OpenRGS’s own streamed JSON snapshot)',
  );
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(binary: string, args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** pg_dump of the schema the store lives in (custom format), written to `file` via a .partial file. */
export async function pgDumpBackup(
  store: Store,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BackupResult> {
  const target = store.connection.target;
  if (target.engine !== 'postgres') throw new StoreError('invalid', 'pg_dump needs a PostgreSQL store');
  const binary = findPgTool('pg_dump', env);
  const schema = await currentSchema(target.url);
  const tmp = `${file}.partial`;
  const ran = await run(binary, [
    '--format=custom',
    `--schema=${quoteIdentPattern(schema)}`,
    '--no-owner',
    '--no-privileges',
    `--file=${tmp}`,
    `--dbname=${target.url}`,
  ]);
  if (ran.code !== 0) {
    rmSync(tmp, { force: true });
    throw new StoreError(
      'storage-unavailable',
      `pg_dump failed (exit ${ran.code}): ${redactUrl(ran.stderr.trim())}`,
    );
  }
  renameSync(tmp, file);
  return { engine: 'postgres', method: 'postgres-pg-dump', file, schemaVersion: store.schemaVersion };
}

/**
 * pg_restore of an archive into an EMPTY PostgreSQL target. The archive names its schema; the target URL
 * must select the same one (search_path), since pg_restore cannot rename a schema. The schema version
 * is read from the archive's schema_migrations before anything is written.
 */
export async function pgRestore(
  target: StorageTarget,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RestoreResult> {
  if (target.engine !== 'postgres') {
    throw new StoreError(
      'invalid',
      `'${file}' is a pg_dump archive: it restores only into PostgreSQL (--database-url). To move it to ` +
        'SQLite, restore it into PostgreSQL, take an rgs backup there (the default format) and restore that.',
    );
  }
  const binary = findPgTool('pg_restore', env);
  const listed = await run(binary, ['--list', file]);
  if (listed.code !== 0) {
    throw new StoreError('invalid', `'${file}' is not a readable pg_dump archive: ${listed.stderr.trim()}`);
  }
  const schemas = new Set<string>();
  for (const line of listed.stdout.split('\n')) {
    const match = /^\d+; \d+ \d+ TABLE (?!DATA )(\S+) (\S+)/.exec(line);
    if (match?.[1] !== undefined) schemas.add(match[1]);
  }
  if (schemas.size !== 1) {
    throw new StoreError(
      'invalid',
      `'${file}' is not a pg_dump of one OpenRGS store (tables in ${schemas.size === 0 ? 'no schema' : [...schemas].join(', ')})`,
    );
  }
  const [schema] = [...schemas] as [string];
  const version = await archiveSchemaVersion(binary, file, schema);
  const migrations = await loadMigrations();
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (version > newest) {
    throw new StoreError(
      'schema-too-new',
      `the backup has schema version ${version}; this version of OpenRGS knows versions up to ${newest}. ` +
        'Restore it with the OpenRGS version that wrote it (or a newer one).',
    );
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  let schemaExists: boolean;
  try {
    const current = (await client.query<{ s: string | null }>('select current_schema() as s')).rows[0]?.s;
    const wanted =
      (await client.query<{ p: string }>("select current_setting('search_path') as p")).rows[0]?.p ?? '';
    if (
      current !== schema &&
      !wanted
        .split(',')
        .map((p) => p.trim().replace(/^"|"$/g, ''))
        .includes(schema)
    ) {
      throw new StoreError(
        'invalid',
        `the archive holds schema '${schema}', the target (${describeTarget(target)}) uses '${current ?? wanted}'; ` +
          `pg_restore cannot rename a schema: point --database-url at schema '${schema}' (options=-c search_path=${schema}) or a database where it is free`,
      );
    }
    const tables = await client.query<{ t: string }>(
      `select table_name as t from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE'`,
      [schema],
    );
    if (tables.rows.length > 0) {
      throw new StoreError(
        'conflict',
        `the target store (${describeTarget(target)}) already has tables in schema '${schema}' ` +
          `(${tables.rows
            .map((r) => r.t)
            .sort()
            .slice(0, 5)
            .join(', ')}…); pg_restore only into an empty schema, so nothing is merged or overwritten`,
      );
    }
    schemaExists =
      (await client.query('select 1 from pg_namespace where nspname = $1', [schema])).rows.length > 0;
  } finally {
    await client.end();
  }
  // An existing, empty schema (a site's prepared `public`, or one made for the store) is kept: the
  // archive's CREATE SCHEMA entry is left out of the list pg_restore follows.
  const work = mkdtempSync(join(tmpdir(), 'openrgs-pg-restore-'));
  try {
    const args = [
      '--single-transaction',
      '--exit-on-error',
      '--no-owner',
      '--no-privileges',
      `--dbname=${target.url}`,
    ];
    if (schemaExists) {
      const list = listed.stdout
        .split('\n')
        .map((line) => (/^\d+; \d+ \d+ SCHEMA - /.test(line) ? `;${line}` : line))
        .join('\n');
      const listFile = join(work, 'list');
      writeFileSync(listFile, list);
      args.push(`--use-list=${listFile}`);
    }
    const ran = await run(binary, [...args, file]);
    if (ran.code !== 0) {
      throw new StoreError(
        'storage-unavailable',
        `pg_restore failed (exit ${ran.code}), nothing restored: ${redactUrl(ran.stderr.trim())}`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const upgraded = await Store.open(target, { migrations });
  const schemaVersion = upgraded.schemaVersion;
  await upgraded.close();
  return {
    engine: 'postgres',
    file,
    method: 'postgres-pg-dump',
    backupSchemaVersion: version,
    schemaVersion,
    tables: {},
  };
}

/** The archive's schema version: pg_restore writes schema_migrations' data (COPY text) to stdout. */
async function archiveSchemaVersion(binary: string, file: string, schema: string): Promise<number> {
  const ran = await run(binary, [
    '--data-only',
    `--schema=${schema}`,
    `--table=${MIGRATIONS_TABLE}`,
    '--file=-',
    file,
  ]);
  if (ran.code !== 0) throw new StoreError('invalid', `cannot read '${file}': ${ran.stderr.trim()}`);
  const lines = ran.stdout.split('\n');
  const start = lines.findIndex(
    (l) =>
      l.startsWith(`COPY ${schema}.${MIGRATIONS_TABLE} `) ||
      l.startsWith(`COPY "${schema}".${MIGRATIONS_TABLE} `),
  );
  if (start < 0) {
    throw new StoreError(
      'invalid',
      `'${file}' is a pg_dump archive but not of an OpenRGS store (no ${MIGRATIONS_TABLE})`,
    );
  }
  const columns =
    /\(([^)]*)\)/
      .exec(lines[start] ?? '')?.[1]
      ?.split(',')
      .map((c) => c.trim()) ?? [];
  const at = columns.indexOf('version');
  let version = 0;
  for (const line of lines.slice(start + 1)) {
    if (line === '\\.') break;
    version = Math.max(version, Number(line.split('\t')[at] ?? 0));
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new StoreError('invalid', `'${file}': its ${MIGRATIONS_TABLE} holds no schema version`);
  }
  return version;
}

async function currentSchema(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const schema = (await client.query<{ s: string | null }>('select current_schema() as s')).rows[0]?.s;
    if (!schema) throw new StoreError('bad-storage', `${redactUrl(url)} selects no schema (search_path)`);
    return schema;
  } finally {
    await client.end();
  }
}

/** pg_dump's -n takes a pattern: quote the name so it matches exactly that schema. */
function quoteIdentPattern(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
