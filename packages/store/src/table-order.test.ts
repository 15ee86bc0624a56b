// insertionOrder: Kahn's topological sort with alphabetical ties (table-order.ts), checked on
// hand-drawn graphs whose orders are worked out here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreError } from './errors.js';
import { insertionOrder, MIGRATIONS_TABLE } from './table-order.js';

const graph = (edges: Record<string, string[]>) =>
  new Map(Object.entries(edges).map(([child, parents]) => [child, new Set(parents)]));

test('parents before children; ready tables alphabetically, one layer at a time', () => {
  // Layer 1 (no parents): patients, users. Layer 2: cases (patients), tokens (users).
  // Layer 3: lesions (cases), audit (cases, users). Layer 4: measurements (lesions).
  const parents = graph({
    measurements: ['lesions', 'cases'],
    lesions: ['cases'],
    audit: ['cases', 'users'],
    cases: ['patients'],
    tokens: ['users'],
    users: [],
    patients: [],
  });
  assert.deepEqual(insertionOrder(parents, parents.keys()), [
    'patients',
    'users',
    'cases',
    'tokens',
    'audit',
    'lesions',
    'measurements',
  ]);
});

test('alphabetical within a layer even when a later name is ready first in the map', () => {
  const parents = graph({ zeta: [], beta: ['zeta'], alpha: ['zeta'], mu: [] });
  assert.deepEqual(insertionOrder(parents, parents.keys()), ['mu', 'zeta', 'alpha', 'beta']);
});

test('only the tables asked for, never the migrations table; a parent outside the set does not hold a child back', () => {
  const parents = graph({ [MIGRATIONS_TABLE]: [], b: ['a'], a: [], c: ['x'] });
  assert.deepEqual(insertionOrder(parents, ['a', 'b', 'c', MIGRATIONS_TABLE]), ['a', 'c', 'b']);
  assert.deepEqual(insertionOrder(parents, ['b']), ['b'], 'a is not restored, so b does not wait for it');
  assert.deepEqual(insertionOrder(parents, []), []);
  assert.equal(MIGRATIONS_TABLE, 'schema_migrations');
});

test('a cycle is an internal error naming the tables left', () => {
  const parents = graph({ a: [], b: ['c'], c: ['d'], d: ['b'] });
  assert.throws(
    () => insertionOrder(parents, parents.keys()),
    (err: unknown) =>
      err instanceof StoreError &&
      err.code === 'internal' &&
      err.message === 'foreign keys form a cycle among b, c, d',
  );
});
