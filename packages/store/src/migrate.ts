// Versioned migrations, run at start. Each is a numbered file in ./migrations (NNNN-short-name.ts)
// exporting `migration: Migration`; they are discovered, so another package's tables need only a new
// file. All pending migrations run in one transaction under a lock; a database that has a version this
// code does not know is refused before anything is written.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { Engine } from './connect.js';
import { StoreError } from './errors.js';

export interface Migration {
  /** Runs inside the migration transaction, on a Kysely without the camelCase plugin: write snake_case. */
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
}

export interface KnownMigration {
  version: number;
  name: string;
  migration: Migration;
}

// .ts from the sources, .js from the build (packages/cli/scripts/build.mjs).
const FILE_PATTERN = /^(\d{4})-([a-z0-9-]+)\.(ts|js)$/;
const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export async function loadMigrations(dir: string = migrationsDir): Promise<KnownMigration[]> {
  const found: KnownMigration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.test.ts')) continue;
    const match = FILE_PATTERN.exec(file);
    if (!match) continue;
    const version = Number(match[1]);
    const mod = (await import(`${dir}/${file}`)) as { migration?: Migration };
    if (!mod.migration) throw new StoreError('internal', `migration ${file} exports no 'migration'`);
    if (found.some((m) => m.version === version)) {
      throw new StoreError('internal', `two migrations share version ${version} (${file})`);
    }
    found.push({ version, name: `${match[1]}-${match[2]}`, migration: mod.migration });
  }
  return found;
}

export interface MigrationResult {
  fromVersion: number;
  toVersion: number;
  applied: string[];
}

export async function migrate(
  db: Kysely<unknown>,
  engine: Engine,
  migrations: KnownMigration[],
  describe: string,
): Promise<MigrationResult> {
  const raw = db.withoutPlugins();
  return raw.connection().execute(async (conn) => {
    // SQLite: IMMEDIATE takes the write lock now; PostgreSQL: an advisory lock serialises starters.
    await sql.raw(engine === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
    try {
      if (engine === 'postgres') await sql`select pg_advisory_xact_lock(74270531)`.execute(conn);
      await conn.schema
        .createTable('schema_migrations')
        .ifNotExists()
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .execute();
      const rows = await sql<{ version: number; name: string }>`
        select version, name from schema_migrations order by version`.execute(conn);
      const known = new Map(migrations.map((m) => [m.version, m]));
      const maxKnown = migrations.reduce((max, m) => Math.max(max, m.version), 0);
      const unknown = rows.rows.filter((r) => !known.has(Number(r.version)));
      if (unknown.length > 0) {
        const newest = unknown[unknown.length - 1]!;
        throw new StoreError(
          'schema-too-new',
          `the database (${describe}) has schema version ${newest.version} ('${newest.name}'), which this ` +
            `version of OpenRGS does not know (it knows versions up to ${maxKnown}). Refusing to start so ` +
            'nothing is written in a format this code does not understand: upgrade OpenRGS, or point it at ' +
            'a database (or backup) made by this version.',
        );
      }
      const applied = new Set(rows.rows.map((r) => Number(r.version)));
      const fromVersion = rows.rows.reduce((max, r) => Math.max(max, Number(r.version)), 0);
      const done: string[] = [];
      for (const m of migrations) {
        if (applied.has(m.version)) continue;
        await m.migration.up(conn, engine);
        await sql`insert into schema_migrations (version, name, applied_at)
          values (${m.version}, ${m.name}, ${new Date().toISOString()})`.execute(conn);
        done.push(m.name);
      }
      await sql.raw('commit').execute(conn);
      return { fromVersion, toVersion: Math.max(fromVersion, maxKnown), applied: done };
    } catch (error) {
      await sql.raw('rollback').execute(conn);
      throw error;
    }
  });
}
