import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstIssue } from '@openrgs/outcome';
import { buildFastResponse, fastCpsPerMBq } from './fast-response.js';
import { physics } from './physics-adapter.js';
import { findProbePreset } from './probe-presets.js';
import { createProbeResponse, pointSourceCpsPerMBq } from './response.js';
import { buildResponseTable, tableCpsPerMBq, tableLineCpsPerMBq } from './response-table.js';

test('the tables reproduce the exact quadrature within 3 % in front of the probe and 10 % beside and behind it', () => {
  const made = createProbeResponse({
    probe: findProbePreset('cdte-11mm')!,
    nuclide: 'In-111',
    tissue: 'soft-tissue',
    physics,
  });
  if (!made.ok) throw new Error(firstIssue(made.issues).message);
  const table = buildResponseTable(made.value);
  const fast = buildFastResponse(table, (rho, z, line) => tableLineCpsPerMBq(table, rho, z, line));
  const points: Array<[number, number, number, number]> = [
    // ρ, z, tissue path (cm), tolerance
    [0, 0.5, 0.5, 0.03],
    [0.3, 1.7, 1.7, 0.03],
    [0, 4.3, 4.3, 0.03],
    [1.1, 7.7, 7.8, 0.03],
    [0.2, 23, 23, 0.03],
    [4, -1.2, 4.2, 0.1],
    [6.3, -9, 11, 0.1],
    [30, 45, 54, 0.1],
  ];
  for (const [rho, z, path, tolerance] of points) {
    const exact = pointSourceCpsPerMBq(made.value, rho, z, path);
    const logTable = tableCpsPerMBq(table, rho, z, path);
    const quick = fastCpsPerMBq(fast, rho, z, path);
    assert.ok(
      Math.abs(logTable / exact - 1) < tolerance,
      `log table at (${rho}, ${z}): ${logTable} vs ${exact}`,
    );
    assert.ok(Math.abs(quick / exact - 1) < tolerance, `fast table at (${rho}, ${z}): ${quick} vs ${exact}`);
  }
});
