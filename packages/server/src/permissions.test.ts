import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { can, PERMISSIONS, permissionsMarkdown } from './permissions.js';

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
