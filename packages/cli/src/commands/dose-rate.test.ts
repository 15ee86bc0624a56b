import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getDoseRate } from '@openrgs/physics';
import { runCli } from '../test-io.js';

test('rgs dose-rate --json: contract fields; F-18 350 MBq at 2 m = Γ·A/d² with Γ = 0.1657 (ICRP 74)', async () => {
  const run = await runCli([
    'dose-rate',
    '--nuclide',
    'F-18',
    '--activity-mbq',
    '350',
    '--distance-m',
    '2',
    '--json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { doseRateMicroSvPerHour: number; source: string };
  assert.ok(
    Math.abs(out.doseRateMicroSvPerHour - (0.16575 * 350) / 4) < 0.01,
    `${out.doseRateMicroSvPerHour}`,
  );
  assert.equal(
    out.doseRateMicroSvPerHour,
    getDoseRate({ nuclide: 'F-18', activityMBq: 350, distanceM: 2 }).doseRateMicroSvPerHour,
  );
  assert.match(out.source, /ICRP 74/);
});

test('rgs dose-rate prints text naming the quantity', async () => {
  const run = await runCli([
    'dose-rate',
    '--nuclide',
    'Tc-99m',
    '--activity-mbq',
    '500',
    '--distance-m',
    '0.5',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /H\*\(10\) rate/);
  assert.match(run.stdout, /µSv\/h/);
});

test('bad input: zero distance, negative activity, unknown nuclide → non-zero naming the value', async () => {
  const zero = await runCli(['dose-rate', '--nuclide', 'Tc-99m', '--activity-mbq', '5', '--distance-m', '0']);
  assert.notEqual(zero.code, 0);
  assert.match(zero.stderr, /--distance-m: '0' must be greater than 0/);
  const negative = await runCli([
    'dose-rate',
    '--nuclide',
    'Tc-99m',
    '--activity-mbq',
    '-5',
    '--distance-m',
    '1',
  ]);
  assert.notEqual(negative.code, 0);
  assert.match(negative.stderr, /'-5'/);
  const unknown = await runCli([
    'dose-rate',
    '--nuclide',
    'Pu-999',
    '--activity-mbq',
    '5',
    '--distance-m',
    '1',
  ]);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /Pu-999/);
});
