import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { can, PERMISSIONS, permissionsMarkdown, permissionsOf } from './permissions.js';

test('docs/permissions.md shows exactly the table the server enforces', () => {
  const doc = readFileSync(fileURLToPath(new URL('../../../docs/permissions.md', import.meta.url)), 'utf8');
  assert.ok(
    doc.includes(permissionsMarkdown()),
    'regenerate the table in docs/permissions.md from permissionsMarkdown()',
  );
});

test('the rules the issue names: viewer changes nothing; only admin manages users; QC by physicist/admin', () => {
  for (const p of PERMISSIONS) {
    const changes = ![
      'case:read',
      'patient:read',
      'live:view',
      'audit:read',
      'patient-identity:read',
    ].includes(p);
    if (changes) assert.equal(can('viewer', p), false, p);
  }
  assert.deepEqual(
    (['admin', 'surgeon', 'nuclear-medicine', 'physicist', 'viewer'] as const).filter((r) =>
      can(r, 'user:manage'),
    ),
    ['admin'],
  );
  assert.deepEqual(
    (['admin', 'surgeon', 'nuclear-medicine', 'physicist', 'viewer'] as const).filter((r) =>
      can(r, 'qc:write'),
    ),
    ['admin', 'physicist'],
  );
});

test('the generated table starts with its header and rule and has one row per permission', () => {
  // Written out by hand from docs/permissions.md, so a table without its header or rows cannot pass.
  const lines = permissionsMarkdown().split('\n');
  assert.equal(
    lines[0],
    '| permission | meaning | admin | surgeon | nuclear-medicine | physicist | viewer |',
  );
  assert.equal(lines[1], '| --- | --- | :---: | :---: | :---: | :---: | :---: |');
  assert.equal(lines.length, 2 + 13);
  assert.equal(
    lines[2],
    '| `case:read` | read cases, lesions, specimens, notes and measurements | ✓ | ✓ | ✓ | ✓ | ✓ |',
  );
});

test('permissionsOf lists what a role may do, in the order of the table (viewer and physicist from docs/permissions.md)', () => {
  assert.deepEqual(permissionsOf('viewer'), ['case:read', 'patient:read', 'live:view']);
  assert.deepEqual(permissionsOf('physicist'), [
    'case:read',
    'measurement:write',
    'patient:read',
    'probe:write',
    'qc:write',
    'live:view',
    'live:operate',
    'audit:read',
  ]);
  assert.equal(permissionsOf('admin').length, 13);
});
