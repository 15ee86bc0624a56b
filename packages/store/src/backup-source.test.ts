// Reading backup files, without a store: each form written here by hand — a SQLite file made with
// better-sqlite3, JSON Lines written line by line from the format's description (backup-format.ts), the
// version-1 document, a file that begins as pg_dump's archives do — and read back through openBackup. The
// expected tables, rows, batches and refusals are the ones written into each file.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { type BackupSource, openBackup, type Row } from './backup-source.js';

const dir = mkdtempSync(join(tmpdir(), 'openrgs-backup-source-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fileWith = (text: string): string => {
  n += 1;
  const file = join(dir, `f${n}`);
  writeFileSync(file, text);
  return file;
};
const jsonLines = (...lines: unknown[]): string => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;

const rowsSource = (file: string): BackupSource => {
  const opened = openBackup(file);
  assert.equal(opened.kind, 'rows');
  assert.ok(opened.kind === 'rows');
  return opened.source;
};

/** Every table the source yields for `order`, with its batch sizes and rows. */
async function readAll(
  source: BackupSource,
  order: string[],
): Promise<Array<{ table: string; batchSizes: number[]; rows: Row[] }>> {
  const out: Array<{ table: string; batchSizes: number[]; rows: Row[] }> = [];
  try {
    for await (const { table, batches } of source.tables(order)) {
      const entry = { table, batchSizes: [] as number[], rows: [] as Row[] };
      for await (const batch of batches) {
        entry.batchSizes.push(batch.length);
        entry.rows.push(...batch);
      }
      out.push(entry);
    }
  } finally {
    source.close();
  }
  return out;
}

/** The refusal's code and message (StoreError 'invalid' unless said). */
async function refusal(file: string, order: string[] = []): Promise<{ code: string; message: string }> {
  try {
    await readAll(rowsSource(file), order);
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  assert.fail(`'${file}' was read without a refusal`);
}

describe('a SQLite backup file', () => {
  const sqliteFile = (setup: (db: BetterSqlite3.Database) => void): string => {
    n += 1;
    const file = join(dir, `db${n}.sqlite`);
    const db = new BetterSqlite3(file);
    // One transaction: 401 rows inserted one commit (one fsync) at a time took seconds on a busy disk.
    db.transaction(() => setup(db))();
    db.close();
    return file;
  };

  test('holds its tables but schema_migrations, by name, rows a batch of 200 at a time, in the order asked', async () => {
    const file = sqliteFile((db) => {
      db.exec('create table schema_migrations (version integer primary key, name text)');
      db.exec("insert into schema_migrations values (1, 'initial'), (3, 'third'), (2, 'second')");
      db.exec('create table zeta (id integer primary key, label text)');
      db.exec('create table alpha (id integer primary key)');
      db.exec('create table "we""ird" (id integer)');
      const insert = db.prepare('insert into zeta (id, label) values (?, ?)');
      for (let i = 1; i <= 401; i++) insert.run(i, `z${i}`);
      db.exec('insert into "we""ird" values (7)');
    });
    const source = rowsSource(file);
    assert.equal(source.method, 'sqlite-online-backup');
    assert.equal(source.schemaVersion, 3, 'the highest migration applied');
    assert.deepEqual(source.tableNames, ['alpha', 'we"ird', 'zeta']);
    assert.equal(source.fixedOrder, false);
    // The order asked is kept; a name the file lacks is skipped.
    const tables = await readAll(source, ['zeta', 'missing', 'we"ird', 'alpha']);
    assert.deepEqual(
      tables.map((t) => [t.table, t.batchSizes]),
      [
        ['zeta', [200, 200, 1]],
        ['we"ird', [1]],
        ['alpha', []],
      ],
    );
    assert.deepEqual(tables[0]?.rows[0], { id: 1, label: 'z1' });
    assert.deepEqual(tables[0]?.rows[400], { id: 401, label: 'z401' });
    assert.deepEqual(tables[1]?.rows, [{ id: 7 }]);
  });

  test('a store whose schema_migrations is empty is at version 0; exactly 200 rows are one batch', async () => {
    const file = sqliteFile((db) => {
      db.exec('create table schema_migrations (version integer primary key)');
      db.exec('create table t (id integer primary key)');
      const insert = db.prepare('insert into t (id) values (?)');
      for (let i = 1; i <= 200; i++) insert.run(i);
    });
    const source = rowsSource(file);
    assert.equal(source.schemaVersion, 0);
    assert.deepEqual(
      (await readAll(source, ['t'])).map((t) => t.batchSizes),
      [[200]],
    );
  });

  test('a SQLite database that is not a store is refused by name', async () => {
    const file = sqliteFile((db) => db.exec('create table notes (id integer)'));
    assert.throws(
      () => openBackup(file),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'invalid');
        assert.equal(
          error.message,
          `'${file}' is a SQLite database but not an OpenRGS store (no schema_migrations)`,
        );
        return true;
      },
    );
  });
});

describe('a JSON Lines (format 2) backup', () => {
  const header = {
    format: 'openrgs-backup',
    formatVersion: 2,
    engine: 'postgres',
    schemaVersion: 9,
    takenAt: '2026-12-03T10:00:00.000Z',
    tables: ['schema_migrations', 'users', 'cases'],
  };
  const users = (count: number): unknown[] => [
    { table: 'users', columns: ['id', 'username'] },
    ...Array.from({ length: count }, (_, i) => [`u${i}`, `name${i}`]),
    { end: 'users', rows: count },
  ];

  test("is read in the file's order, rows as column → value, 200 to a batch; blank lines and CRLF are fine", async () => {
    const file = fileWith(
      jsonLines(
        header,
        { table: 'schema_migrations', columns: ['version'] },
        [9],
        { end: 'schema_migrations', rows: 1 },
        ...users(201),
        { table: 'cases', columns: ['id', 'label', 'closed'] },
        ['c1', 'RGS-1', null],
        { end: 'cases', rows: 1 },
        { complete: true, tables: { schema_migrations: 1, users: 201, cases: 1 } },
      )
        .replace('\n', '\r\n')
        .replace('{"table":"cases"', '\n{"table":"cases"'),
    );
    const source = rowsSource(file);
    assert.equal(source.method, 'postgres-json-snapshot');
    assert.equal(source.schemaVersion, 9);
    assert.deepEqual(source.tableNames, ['users', 'cases']);
    assert.equal(source.fixedOrder, true);
    const tables = await readAll(source, ['cases', 'users']);
    assert.deepEqual(
      tables.map((t) => [t.table, t.batchSizes]),
      [
        ['schema_migrations', [1]],
        ['users', [200, 1]],
        ['cases', [1]],
      ],
    );
    assert.deepEqual(tables[1]?.rows[200], { id: 'u200', username: 'name200' });
    assert.deepEqual(tables[2]?.rows, [{ id: 'c1', label: 'RGS-1', closed: null }]);
  });

  test('an empty table and exactly 200 rows', async () => {
    const file = fileWith(
      jsonLines(
        { ...header, tables: ['users', 'cases'] },
        ...users(200),
        { table: 'cases', columns: ['id'] },
        { end: 'cases', rows: 0 },
        { complete: true, tables: { users: 200, cases: 0 } },
      ),
    );
    const tables = await readAll(rowsSource(file), []);
    assert.deepEqual(
      tables.map((t) => [t.table, t.batchSizes]),
      [
        ['users', [200]],
        ['cases', []],
      ],
    );
  });

  // Each refusal names the line (1 is the header) and what is wrong with it.
  const refusals: Array<[string, unknown[] | string, string]> = [
    [
      'a row that is not JSON',
      `${jsonLines(header, { table: 'users', columns: ['id'] })}["u1"\n`,
      'line 3 is not JSON (',
    ],
    [
      'cut inside a table',
      jsonLines(header, { table: 'users', columns: ['id'] }, ['u1']),
      "it ends at line 3 inside table 'users' after 1 rows, without its end-of-backup line: the file is truncated",
    ],
    [
      'cut between tables',
      [header, ...users(1)],
      'it ends at line 4 between tables, without its end-of-backup line: the file is truncated',
    ],
    [
      'a row with too few values',
      [header, { table: 'users', columns: ['id', 'username'] }, ['u1']],
      "line 3: a row of 'users' has 1 values for 2 columns",
    ],
    [
      'a row with too many values',
      [header, { table: 'users', columns: ['id'] }, ['u1', 'x']],
      "line 3: a row of 'users' has 2 values for 1 columns",
    ],
    [
      'an end line that miscounts',
      [header, { table: 'users', columns: ['id'] }, ['u1'], { end: 'users', rows: 2 }],
      "line 4: table 'users' ends saying 2 rows, the file holds 1",
    ],
    [
      "another table's end line",
      [header, { table: 'users', columns: ['id'] }, ['u1'], { end: 'cases', rows: 1 }],
      "line 4: expected a row of 'users' or its end line",
    ],
    [
      'an end-of-backup line that miscounts',
      [header, ...users(2), { complete: true, tables: { users: 3 } }],
      "the end-of-backup line counts 3 rows in 'users', the file holds 2",
    ],
    [
      'an end-of-backup line without counts',
      [header, ...users(2), { complete: true }],
      "the end-of-backup line counts undefined rows in 'users', the file holds 2",
    ],
    [
      'a line after the end',
      [header, ...users(1), { complete: true, tables: { users: 1 } }, ['u9']],
      'line 6 follows the end-of-backup line',
    ],
    [
      'a table line without columns',
      [header, { table: 'users' }],
      'line 2: expected a table line {"table": …, "columns": […]}',
    ],
    [
      'a table line whose columns are not names',
      [header, { table: 'users', columns: ['id', 3] }],
      'line 2: expected a table line {"table": …, "columns": […]}',
    ],
    [
      'a table line without a name',
      [header, { columns: ['id'] }],
      'line 2: expected a table line {"table": …, "columns": […]}',
    ],
    [
      'a row where a table line should be',
      [header, ['u1']],
      'line 2: expected a table line {"table": …, "columns": […]}',
    ],
    ['a header of another format', [{ ...header, format: 'other' }], "no 'format': 'openrgs-backup'"],
    ['schema version 0', [{ ...header, schemaVersion: 0 }], 'schemaVersion 0 is not a positive whole number'],
    [
      'schema version 1.5',
      [{ ...header, schemaVersion: 1.5 }],
      'schemaVersion 1.5 is not a positive whole number',
    ],
    [
      'schema version as text',
      [{ ...header, schemaVersion: '9' }],
      'schemaVersion "9" is not a positive whole number',
    ],
    [
      'tables not a list',
      [{ ...header, tables: 'users' }],
      "the header's 'tables' is not a list of table names",
    ],
    [
      'tables not names',
      [{ ...header, tables: ['users', 4] }],
      "the header's 'tables' is not a list of table names",
    ],
    // A table without its section would be restored empty, without a word: the end-of-backup check
    // compared only the tables found in the file (seen while triaging the mutation run, 2026-12-03).
    [
      'a table the header lists without its section',
      [{ ...header, tables: ['users', 'cases'] }, ...users(1), { complete: true, tables: { users: 1 } }],
      "the file has no section for table 'cases', which its header lists: its rows are missing",
    ],
    [
      'a table the end-of-backup line counts without its section',
      [{ ...header, tables: ['users'] }, ...users(1), { complete: true, tables: { users: 1, cases: 4 } }],
      "the file has no section for table 'cases', which its end-of-backup line counts: its rows are missing",
    ],
    [
      'a section for a table the header does not list',
      [{ ...header, tables: ['users'] }, ...users(1), { table: 'cases', columns: ['id'] }],
      "line 5: table 'cases' is not in the header's list",
    ],
    [
      'a table twice',
      [{ ...header, tables: ['users'] }, ...users(1), ...users(1)],
      "line 5: table 'users' comes a second time",
    ],
    [
      'a newer format version',
      [{ ...header, formatVersion: 3 }],
      'formatVersion 3 (this code reads 1 and 2)',
    ],
  ];
  for (const [what, content, message] of refusals) {
    test(`refused: ${what}`, async () => {
      const file = fileWith(typeof content === 'string' ? content : jsonLines(...content));
      const got = await refusal(file);
      assert.equal(got.code, 'invalid');
      assert.ok(
        got.message.startsWith(`'${file}' is not an OpenRGS backup: ${message}`),
        `${got.message}\n  should begin with\n'${file}' is not an OpenRGS backup: ${message}`,
      );
    });
  }

  test('schema version 1 is the lowest accepted', () => {
    const source = rowsSource(fileWith(jsonLines({ ...header, schemaVersion: 1 })));
    assert.equal(source.schemaVersion, 1);
    source.close();
  });

  test('a table whose rows are skipped is an internal error, not a silent gap', async () => {
    const file = fileWith(jsonLines(header, ...users(1), { complete: true, tables: { users: 1 } }));
    const source = rowsSource(file);
    await assert.rejects(
      (async () => {
        for await (const _ of source.tables([])) {
          // the batches are not read
        }
      })(),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'internal');
        assert.equal(error.message, "table 'users' was not read to its end");
        return true;
      },
    );
    source.close();
  });
});

describe('a version-1 backup (one JSON document)', () => {
  const doc = {
    format: 'openrgs-backup',
    formatVersion: 1,
    schemaVersion: 4,
    tables: {
      schema_migrations: [{ version: 4 }],
      cases: Array.from({ length: 401 }, (_, i) => ({ id: `c${i}` })),
      users: [{ id: 'u1' }],
      empty: [],
    },
  };

  test('is read whole: its tables but schema_migrations, in the order asked, 200 rows to a batch', async () => {
    const source = rowsSource(fileWith(JSON.stringify(doc)));
    assert.equal(source.method, 'postgres-json-snapshot');
    assert.equal(source.schemaVersion, 4);
    assert.deepEqual(source.tableNames, ['cases', 'users', 'empty']);
    assert.equal(source.fixedOrder, false);
    const tables = await readAll(source, ['users', 'missing', 'empty', 'cases']);
    assert.deepEqual(
      tables.map((t) => [t.table, t.batchSizes]),
      [
        ['users', [1]],
        ['empty', []],
        ['cases', [200, 200, 1]],
      ],
    );
    assert.deepEqual(tables[2]?.rows[400], { id: 'c400' });
    assert.deepEqual(tables[2]?.rows[200], { id: 'c200' });
  });

  const refusals: Array<[string, string, string]> = [
    ['not JSON', 'PK\u0003\u0004 zip', 'neither a SQLite database nor JSON ('],
    ['a JSON list', '[1, 2]', "no 'format': 'openrgs-backup'"],
    ['another format', JSON.stringify({ ...doc, format: 'x' }), "no 'format': 'openrgs-backup'"],
    [
      'format version 0',
      JSON.stringify({ ...doc, formatVersion: 0 }),
      'formatVersion 0 (this code reads 1 and 2)',
    ],
    [
      'no format version',
      JSON.stringify({ ...doc, formatVersion: undefined }),
      'formatVersion undefined (this code reads 1 and 2)',
    ],
    [
      'schema version 0',
      JSON.stringify({ ...doc, schemaVersion: 0 }),
      'schemaVersion 0 is not a positive whole number',
    ],
    [
      'schema version 2.5',
      JSON.stringify({ ...doc, schemaVersion: 2.5 }),
      'schemaVersion 2.5 is not a positive whole number',
    ],
    ['tables a list', JSON.stringify({ ...doc, tables: [] }), "'tables' is not an object of row arrays"],
    [
      'a table of text',
      JSON.stringify({ ...doc, tables: { cases: 'x' } }),
      "table 'cases' is not an array of rows",
    ],
    [
      'a row that is a list',
      JSON.stringify({ ...doc, tables: { cases: [{ id: 1 }, [2]] } }),
      "table 'cases' is not an array of rows",
    ],
    [
      'a row that is null',
      JSON.stringify({ ...doc, tables: { cases: [null] } }),
      "table 'cases' is not an array of rows",
    ],
  ];
  for (const [what, content, message] of refusals) {
    test(`refused: ${what}`, async () => {
      const file = fileWith(content);
      const got = await refusal(file);
      assert.equal(got.code, 'invalid');
      assert.ok(
        got.message.startsWith(`'${file}' is not an OpenRGS backup: ${message}`),
        `${got.message}\n  should begin with\n'${file}' is not an OpenRGS backup: ${message}`,
      );
    });
  }

  test('schema version 1 is the lowest accepted', () => {
    const source = rowsSource(fileWith(JSON.stringify({ ...doc, schemaVersion: 1 })));
    assert.equal(source.schemaVersion, 1);
    source.close();
  });
});

/** Whether this process holds `file` open (Linux: the links in /proc/self/fd). */
const holdsOpen = (file: string): boolean =>
  readdirSync('/proc/self/fd').some((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false; // the descriptor closed while the list was read
    }
  });

describe('closing a source lets go of the file', { skip: process.platform !== 'linux' }, () => {
  test('a SQLite backup file is closed by close()', async () => {
    const file = join(dir, 'close.sqlite');
    const db = new BetterSqlite3(file);
    db.exec(
      'create table schema_migrations (version integer primary key); insert into schema_migrations values (1)',
    );
    db.close();
    const source = rowsSource(file);
    assert.ok(holdsOpen(file), 'open while it is read');
    source.close();
    assert.ok(!holdsOpen(file), 'closed after close()');
  });

  test('a JSON Lines file left half read is closed by close()', async () => {
    const file = fileWith(
      jsonLines(
        { format: 'openrgs-backup', formatVersion: 2, schemaVersion: 1, tables: ['a', 'b'] },
        { table: 'a', columns: ['id'] },
        [1],
        { end: 'a', rows: 1 },
        { table: 'b', columns: ['id'] },
        ...Array.from({ length: 20_000 }, (_, i) => [i]),
        { end: 'b', rows: 20_000 },
        { complete: true, tables: { a: 1, b: 20_000 } },
      ),
    );
    const source = rowsSource(file);
    for await (const { batches } of source.tables([])) {
      for await (const _ of batches) break; // the first batch of 'a' only
      break;
    }
    source.close();
    // The stream closes its descriptor asynchronously: wait for it, a second at most.
    for (let i = 0; i < 100 && holdsOpen(file); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(!holdsOpen(file), 'closed after close()');
  });
});

describe('other files', () => {
  test('a JSON Lines header of a newer format version is refused as such, whatever follows it', async () => {
    const lines = jsonLines(
      { format: 'openrgs-backup', formatVersion: 3, schemaVersion: 1, tables: ['a'] },
      { table: 'a', columns: ['id'] },
    );
    const got = await refusal(fileWith(lines));
    assert.match(got.message, /is not an OpenRGS backup: formatVersion 3 \(this code reads 1 and 2\)$/);
  });

  test('a version-1 document written over several lines (its first line is "{") is read', async () => {
    const doc = {
      format: 'openrgs-backup',
      formatVersion: 1,
      schemaVersion: 2,
      tables: { cases: [{ id: 'c1' }] },
    };
    const tables = await readAll(rowsSource(fileWith(JSON.stringify(doc, null, 2))), ['cases']);
    assert.deepEqual(tables, [{ table: 'cases', batchSizes: [1], rows: [{ id: 'c1' }] }]);
  });

  test('a version-1 document on one line that ends with a newline is read (it was refused as "formatVersion 1")', async () => {
    const doc = {
      format: 'openrgs-backup',
      formatVersion: 1,
      schemaVersion: 2,
      tables: { cases: [{ id: 'c1' }] },
    };
    const tables = await readAll(rowsSource(fileWith(`${JSON.stringify(doc)}\n`)), ['cases']);
    assert.deepEqual(tables, [{ table: 'cases', batchSizes: [1], rows: [{ id: 'c1' }] }]);
  });

  test('JSON Lines of another format are tried as a document, and refused as neither', async () => {
    const got = await refusal(fileWith(jsonLines({ format: 'other', formatVersion: 3 }, ['x'])));
    assert.match(got.message, /is not an OpenRGS backup: neither a SQLite database nor JSON/);
  });

  test('a version-1 document on one line with a trailing space and no newline is read', async () => {
    const doc = {
      format: 'openrgs-backup',
      formatVersion: 1,
      schemaVersion: 2,
      tables: { cases: [{ id: 'c1' }] },
    };
    const tables = await readAll(rowsSource(fileWith(`${JSON.stringify(doc)} `)), ['cases']);
    assert.deepEqual(tables, [{ table: 'cases', batchSizes: [1], rows: [{ id: 'c1' }] }]);
  });

  test('a first line that is JSON but not an object is no header (the file is tried as a document)', async () => {
    const got = await refusal(fileWith('null\n[]\n'));
    assert.equal(got.code, 'invalid');
    assert.match(got.message, /is not an OpenRGS backup: neither a SQLite database nor JSON/);
  });

  test("a pg_dump archive (it begins with 'PGDMP') goes to pg_restore", () => {
    assert.deepEqual(openBackup(fileWith('PGDMP\u0001\u000e\u0000 rest of the archive')), {
      kind: 'pg_dump',
    });
  });

  test('a file that cannot be read is refused with the reason', () => {
    const missing = join(dir, 'no-such-file');
    assert.throws(
      () => openBackup(missing),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'invalid');
        assert.match(error.message, new RegExp(`^cannot read backup '${missing}': ENOENT`));
        return true;
      },
    );
  });

  test('a JSON Lines header longer than 64 KiB is not taken for one (the whole file is tried as a document)', async () => {
    const long = {
      format: 'openrgs-backup',
      formatVersion: 2,
      schemaVersion: 1,
      pad: 'x'.repeat(70_000),
      tables: [],
    };
    const got = await refusal(fileWith(jsonLines(long, { complete: true, tables: {} })));
    assert.match(got.message, /neither a SQLite database nor JSON/);
  });
});
