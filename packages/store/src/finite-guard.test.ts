// No non-finite number reaches a table (finite-guard.ts): checked on queries compiled by Kysely with the
// plugin and a driver that runs nothing (Kysely's DummyDriver), so every way a value enters a query —
// one row, several rows (a primitive value list), an update, a where-in list — is exercised without a
// database. Finite numbers, strings, null and booleans pass untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely';
import { StoreError } from './errors.js';
import { FiniteNumbersPlugin } from './finite-guard.js';

interface Db {
  t: { a: number | null; b: string | null; c: number | null };
}

const db = new Kysely<Db>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new SqliteIntrospector(k),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
  plugins: [new FiniteNumbersPlugin()],
});

const refused = (value: string) => (err: unknown) => {
  assert.ok(err instanceof StoreError, String(err));
  assert.equal(err.code, 'invalid');
  assert.equal(
    err.message,
    `refused to store the non-finite number ${value}: a derived quantity overflowed; check the input's times and durations`,
  );
  return true;
};

test('finite numbers, text, null pass: the compiled query keeps its parameters', () => {
  const q = db.insertInto('t').values({ a: 1.5, b: 'NaN', c: null }).compile();
  assert.deepEqual(q.parameters, [1.5, 'NaN', null]);
  const many = db
    .insertInto('t')
    .values([
      { a: -0, b: 'x', c: 2 ** 53 },
      { a: Number.MAX_VALUE, b: 'y', c: Number.MIN_VALUE },
    ])
    .compile();
  assert.deepEqual(many.parameters, [-0, 'x', 2 ** 53, Number.MAX_VALUE, 'y', Number.MIN_VALUE]);
});

test('Infinity, -Infinity and NaN are refused in one row', () => {
  assert.throws(
    () => db.insertInto('t').values({ a: Number.POSITIVE_INFINITY }).compile(),
    refused('Infinity'),
  );
  assert.throws(
    () => db.insertInto('t').values({ a: 1, c: Number.NEGATIVE_INFINITY }).compile(),
    refused('-Infinity'),
  );
  assert.throws(() => db.insertInto('t').values({ b: 'ok', a: Number.NaN }).compile(), refused('NaN'));
});

test('… in any row of several, in an update and in a where list', () => {
  assert.throws(
    () =>
      db
        .insertInto('t')
        .values([
          { a: 1, b: 'x', c: 2 },
          { a: 3, b: 'y', c: Number.NaN },
        ])
        .compile(),
    refused('NaN'),
  );
  assert.throws(
    () => db.updateTable('t').set({ a: Number.POSITIVE_INFINITY }).compile(),
    refused('Infinity'),
  );
  assert.throws(
    () => db.selectFrom('t').selectAll().where('a', 'in', [1, 2, Number.NaN]).compile(),
    refused('NaN'),
  );
  assert.throws(
    () => db.selectFrom('t').selectAll().where('a', '=', Number.NEGATIVE_INFINITY).compile(),
    refused('-Infinity'),
  );
  assert.throws(
    () => db.selectFrom('t').selectAll().where(sql`a`, '=', sql`${Number.NaN}`).compile(),
    refused('NaN'),
  );
});

test('results pass through unchanged, and an execution is refused before it reaches the driver', async () => {
  assert.deepEqual(await db.selectFrom('t').selectAll().where('a', 'in', [1, 2]).execute(), []);
  await assert.rejects(db.insertInto('t').values({ a: Number.NaN }).execute(), refused('NaN'));
  const plugin = new FiniteNumbersPlugin();
  const result = { rows: [{ a: Number.NaN }] };
  assert.equal(
    await plugin.transformResult({ result, queryId: { queryId: 'q' } }),
    result,
    'reading is not policed',
  );
});
