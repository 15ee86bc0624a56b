// Restoring backups written here by hand (JSON Lines, format 2, line by line from backup-format.ts's
// description) into SQLite, at schema version 1 (the first migration, 0001-initial.ts): the rows and
// counts that come back, and each refusal — with its message, and nothing restored — that keeps a damaged
// or mismatched backup from becoming a silently incomplete store. (restore.int.test.ts restores real
// backups on both engines; this file is the quick one the mutation run uses.)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { loadMigrations } from './migrate.js';
import { readBackup, restore } from './restore.js';
import { Store } from './store.js';
import { type TempTarget, tempTarget } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'openrgs-restore-checks-'));
const temps: TempTarget[] = [];
after(async () => {
  for (const temp of temps) await temp.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const fileWith = (lines: unknown[]): string => {
  n += 1;
  const file = join(dir, `b${n}.jsonl`);
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return file;
};
const header = (tables: string[], schemaVersion = 1) => ({
  format: 'openrgs-backup',
  formatVersion: 2,
  engine: 'postgres',
  schemaVersion,
  takenAt: '2026-12-03T10:00:00.000Z',
  tables,
});
const section = (table: string, columns: string[], rows: unknown[][]): unknown[] => [
  { table, columns },
  ...rows,
  { end: table, rows: rows.length },
];

// Version 1's patients and cases (0001-initial.ts): a case refers to its patient. Every column of each
// (null where empty), as every writer puts them: a row without one is refused.
const CASE_COLUMNS = [
  'id',
  'label',
  'patient_id',
  'procedure_date',
  'indication',
  'resection_status',
  'decay_reference_time',
  'signed_off_at',
  'signed_off_by',
  'sign_off_statement',
  'created_at',
  'created_by',
  'updated_at',
];
const at = '2026-01-05T08:00:00.000Z';
const patients = section(
  'patients',
  ['id', 'pseudonym', 'sex', 'birth_year', 'created_at', 'updated_at'],
  [['p1', 'PSN-7', 'F', 1961, at, at]],
);
const cases = (extraColumn?: string): unknown[] =>
  section('cases', CASE_COLUMNS.concat(extraColumn === undefined ? [] : [extraColumn]), [
    (['c1', 'RESTORE-2', 'p1', null, null, 'R0', null, null, null, null, at, 'test', at] as unknown[]).concat(
      extraColumn === undefined ? [] : ['x'],
    ),
  ]);

const target = async (): Promise<TempTarget> => {
  const temp = await tempTarget('sqlite');
  temps.push(temp);
  return temp;
};

/** Rows of `table` in the store at `temp` (raw, ordered by id). */
async function rowsOf(temp: TempTarget, table: string): Promise<Record<string, unknown>[]> {
  const store = await Store.open(temp.target);
  try {
    const raw = store.db.withoutPlugins() as unknown as Kysely<unknown>;
    return (await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1`.execute(raw))
      .rows;
  } finally {
    await store.close();
  }
}

/** Restoring `file` into an empty store is refused with `message`, and the store holds no patient or case. */
async function refused(file: string, message: string, code = 'invalid'): Promise<void> {
  const temp = await target();
  await assert.rejects(restore(temp.target, file), (error: Error & { code?: string }) => {
    assert.equal(error.message, message);
    assert.equal(error.code, code);
    return true;
  });
  assert.deepEqual(await rowsOf(temp, 'patients'), [], 'no patient restored');
  assert.deepEqual(await rowsOf(temp, 'cases'), [], 'no case restored');
}

describe('restoring a hand-written backup into SQLite', () => {
  test('its rows come back as written, counted per table (0 for each empty one), and the store is migrated on', async () => {
    // 201 patients: two batches (200 rows to a batch, backup-source.ts), counted together.
    const more = Array.from({ length: 200 }, (_, i) => [`p${i + 2}`, `PSN-${i + 100}`, null, null, at, at]);
    const file = fileWith([
      header(['patients', 'cases']),
      ...section(
        'patients',
        ['id', 'pseudonym', 'sex', 'birth_year', 'created_at', 'updated_at'],
        [['p1', 'PSN-7', 'F', 1961, at, at], ...more],
      ),
      ...cases(),
      { complete: true, tables: { patients: 201, cases: 1 } },
    ]);
    const temp = await target();
    const newest = Math.max(...(await loadMigrations()).map((m) => m.version));
    const result = await restore(temp.target, file);
    assert.equal(result.engine, 'sqlite');
    assert.equal(result.file, file);
    assert.equal(result.method, 'postgres-json-snapshot');
    assert.equal(result.backupSchemaVersion, 1);
    assert.equal(result.schemaVersion, newest);
    assert.equal(result.tables.patients, 201);
    assert.equal(result.tables.cases, 1);
    assert.equal((await rowsOf(temp, 'patients')).length, 201);
    // Every other table of version 1 is listed with 0 rows (users, lesions, measurements, audit_log …).
    for (const table of ['users', 'lesions', 'measurements', 'audit_log', 'patient_identities']) {
      assert.equal(result.tables[table], 0, `${table}: 0 rows`);
    }
    assert.ok(!('schema_migrations' in result.tables), 'the migration table is not a restored table');
    const [patient] = await rowsOf(temp, 'patients');
    assert.deepEqual(
      [patient?.id, patient?.pseudonym, patient?.sex, patient?.birth_year, patient?.created_at],
      ['p1', 'PSN-7', 'F', 1961, at],
    );
    const [kase] = await rowsOf(temp, 'cases');
    assert.deepEqual(
      [kase?.id, kase?.label, kase?.patient_id, kase?.resection_status, kase?.created_by],
      ['c1', 'RESTORE-2', 'p1', 'R0', 'test'],
    );
  });

  test('a version-1 document may hold its tables in any order: the child (cases) is inserted after its parent', async () => {
    const newest = Math.max(...(await loadMigrations()).map((m) => m.version));
    const file = join(dir, 'v1.json');
    const row = (columns: string[], values: unknown[]) =>
      Object.fromEntries(columns.map((c, i) => [c, values[i]]));
    writeFileSync(
      file,
      JSON.stringify({
        format: 'openrgs-backup',
        formatVersion: 1,
        schemaVersion: 1,
        tables: {
          cases: [
            row(CASE_COLUMNS, [
              'c1',
              'RESTORE-3',
              'p1',
              null,
              null,
              'R1',
              null,
              null,
              null,
              null,
              at,
              'test',
              at,
            ]),
          ],
          patients: [
            row(
              ['id', 'pseudonym', 'sex', 'birth_year', 'created_at', 'updated_at'],
              ['p1', 'PSN-8', null, null, at, at],
            ),
          ],
        },
      }),
    );
    const temp = await target();
    const result = await restore(temp.target, file);
    assert.deepEqual([result.tables.cases, result.tables.patients, result.schemaVersion], [1, 1, newest]);
    assert.deepEqual(
      (await rowsOf(temp, 'cases')).map((c) => [c.label, c.patient_id, c.resection_status]),
      [['RESTORE-3', 'p1', 'R1']],
    );
  });

  test('refused: a table the header lists has no section in the file (its rows would be lost)', async () => {
    const file = fileWith([
      header(['patients', 'cases']),
      ...patients,
      { complete: true, tables: { patients: 1 } },
    ]);
    await refused(
      file,
      `'${file}' is not an OpenRGS backup: the file has no section for table 'cases', which its header lists: its rows are missing`,
    );
  });

  test('refused: a table that came with a later schema version (follow_ups: version 3)', async () => {
    const file = fileWith([
      header(['patients', 'follow_ups']),
      ...patients,
      ...section('follow_ups', ['id'], []),
      { complete: true, tables: { patients: 1, follow_ups: 0 } },
    ]);
    await refused(file, "the backup has a table 'follow_ups' that schema version 1 does not have");
  });

  test('refused: a streamed backup that lists a table before the table it references', async () => {
    const file = fileWith([
      header(['cases', 'patients']),
      ...cases(),
      ...patients,
      { complete: true, tables: { patients: 1, cases: 1 } },
    ]);
    await refused(
      file,
      `'${file}' lists table 'cases' before 'patients', which it references; a backup must list parents first`,
    );
  });

  test('refused: a column the store does not have', async () => {
    const file = fileWith([
      header(['patients', 'cases']),
      ...patients,
      ...cases('colour'),
      { complete: true, tables: { patients: 1, cases: 1 } },
    ]);
    await refused(file, "backup table 'cases' has a column 'colour' the store does not have");
  });

  test('refused: a section without a column of its table (its value would be replaced by the default)', async () => {
    // Version 1's patients have six columns (0001-initial.ts); this section leaves out birth_year.
    const file = fileWith([
      header(['patients', 'cases']),
      ...section(
        'patients',
        ['id', 'pseudonym', 'sex', 'created_at', 'updated_at'],
        [['p1', 'PSN-7', 'F', at, at]],
      ),
      ...cases(),
      { complete: true, tables: { patients: 1, cases: 1 } },
    ]);
    await refused(
      file,
      "backup table 'patients' has a row without the column 'birth_year' (schema version 1 has it): its value would be lost",
    );
  });

  test('refused: a backup from a newer schema, before the target is touched', async () => {
    const newest = Math.max(...(await loadMigrations()).map((m) => m.version));
    const file = fileWith([header([], newest + 1), { complete: true, tables: {} }]);
    const temp = await target();
    await assert.rejects(restore(temp.target, file), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'schema-too-new');
      assert.equal(
        error.message,
        `the backup has schema version ${newest + 1}; this version of OpenRGS knows versions up to ${newest}. ` +
          'Restore it with the OpenRGS version that wrote it (or a newer one).',
      );
      return true;
    });
  });

  test('refused: a target that holds records, each table named with its count', async () => {
    // The target is at this code's schema (Store.open migrated it), so the backup is too.
    const newest = Math.max(...(await loadMigrations()).map((m) => m.version));
    const file = fileWith([header([], newest), { complete: true, tables: {} }]);
    const temp = await target();
    const store = await Store.open(temp.target);
    const raw = store.db.withoutPlugins() as unknown as Kysely<unknown>;
    await sql`insert into patients (id, pseudonym, created_at, updated_at) values ('p9', 'PSN-9', ${at}, ${at}), ('p8', 'PSN-8', ${at}, ${at})`.execute(
      raw,
    );
    await sql`insert into cases (id, label, resection_status, created_at, created_by, updated_at) values ('c9', 'HERE', 'pending', ${at}, 'test', ${at})`.execute(
      raw,
    );
    await store.close();
    await assert.rejects(restore(temp.target, file), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'conflict');
      assert.equal(
        error.message,
        `the target store (SQLite ${temp.target.engine === 'sqlite' ? temp.target.file : ''}) already holds records (cases: 1, patients: 2); ` +
          'restore only into an empty data directory or database, so nothing is merged or overwritten',
      );
      return true;
    });
    assert.equal((await rowsOf(temp, 'patients')).length, 2, 'left as it was');
  });

  test('readBackup refuses a pg_dump archive, which only pg_restore reads', async () => {
    const file = join(dir, 'archive.dump');
    writeFileSync(file, 'PGDMP\u0001\u000e\u0000 rest of the archive');
    await assert.rejects(readBackup(file), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'invalid');
      assert.equal(error.message, `'${file}' is a pg_dump archive: restore it with rgs restore (pg_restore)`);
      return true;
    });
  });
});
