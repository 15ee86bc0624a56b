import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../test-io.js';

// Hand-worked: Ga-68 (T½ 67.83 min, LNHB PTB 2011), 150 MBq, 60 min later:
// 150 · 2^(−60/67.83) = 150 · 0.541651 = 81.248 MBq.
test('rgs decay --json: Ga-68 150 MBq after 1 h → 81.248 MBq, factor 0.541651, 3600 s', async () => {
  const run = await runCli([
    'decay',
    '--nuclide',
    'Ga-68',
    '--activity-mbq',
    '150',
    '--from',
    '2026-03-01T08:00:00+01:00',
    '--to',
    '2026-03-01T08:00:00Z',
    '--json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { activityMBq: number; decayFactor: number; elapsedSeconds: number };
  assert.equal(out.elapsedSeconds, 3600);
  assert.ok(Math.abs(out.decayFactor - 0.541651) < 1e-6, `${out.decayFactor}`);
  assert.ok(Math.abs(out.activityMBq - 81.248) < 1e-3, `${out.activityMBq}`);
});

test('rgs decay back in time gives a factor above 1 and no cumulated activity', async () => {
  const run = await runCli([
    'decay',
    '--nuclide=tc99m',
    '--activity-mbq=100',
    '--from=2026-03-01T14:00:24.120Z',
    '--to=2026-03-01T08:00:00Z',
    '--json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { activityMBq: number; cumulatedActivityMBqHours: number | null };
  assert.ok(Math.abs(out.activityMBq - 200) < 1e-9, `${out.activityMBq}`);
  assert.equal(out.cumulatedActivityMBqHours, null);
});

test('bad input: no zone, negative activity, unknown nuclide, garbage number → non-zero, value named', async () => {
  const base = ['decay', '--nuclide', 'Tc-99m', '--activity-mbq', '100', '--to', '2026-03-01T09:00:00Z'];
  const noZone = await runCli([...base, '--from', '2026-03-01T08:00:00']);
  assert.notEqual(noZone.code, 0);
  assert.match(noZone.stderr, /--from: '2026-03-01T08:00:00' is not an ISO-8601 time with a zone/);

  const negative = await runCli([
    'decay',
    '--nuclide',
    'Tc-99m',
    '--activity-mbq',
    '-5',
    '--from',
    '2026-03-01T08:00:00Z',
    '--to',
    '2026-03-01T09:00:00Z',
  ]);
  assert.notEqual(negative.code, 0);
  assert.match(negative.stderr, /--activity-mbq: '-5' must be at least 0/);

  const unknown = await runCli([
    'decay',
    '--nuclide',
    'Zz-9',
    '--activity-mbq',
    '1',
    '--from',
    '2026-03-01T08:00Z',
    '--to',
    '2026-03-01T09:00Z',
  ]);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /unknown nuclide 'Zz-9'/);

  const garbage = await runCli([...base, '--from', '2026-03-01T08:00Z', '--activity-mbq', '12abc']);
  assert.notEqual(garbage.code, 0);
  assert.match(garbage.stderr, /'12abc' is not a number/);

  const impossible = await runCli([...base, '--from', '2026-02-30T08:00:00Z']);
  assert.notEqual(impossible.code, 0);
  assert.match(impossible.stderr, /2026-02-30T08:00:00Z/);
});
