// A short real run of the benchmark: its accounting holds (nothing lost, every frame on disk).
// Figures are printed by the command itself, not asserted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../test-io.js';

test('rgs bench server --json: one JSON document; no frame lost to screens or disk', async () => {
  const run = await runCli([
    'bench',
    'server',
    '--stations',
    '2',
    '--seconds',
    '2',
    '--warmup-seconds',
    '0',
    '--posters',
    '1',
    '--json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const r = JSON.parse(run.stdout) as {
    engine: string;
    frames: {
      produced: number;
      delivered: number;
      lostToScreens: number;
      persisted: number;
      missingOnDisk: number;
    };
    paced: { measurements: { acknowledged: number; failed: number }; latencyMs: { samples: number } };
    max: { measurements: { acknowledged: number; failed: number }; latencyMs: { samples: number } };
  };
  assert.equal(r.engine, 'sqlite');
  assert.ok(r.frames.produced > 0);
  // Two screens per station; at the end of the interval a screen may be one frame behind the other.
  assert.ok(
    r.frames.delivered >= (r.frames.produced - 2) * 2,
    `${r.frames.delivered} of ${r.frames.produced} × 2`,
  );
  assert.equal(r.frames.lostToScreens, 0);
  assert.equal(r.frames.missingOnDisk, 0);
  assert.ok(r.frames.persisted >= r.frames.produced);
  for (const phase of [r.paced, r.max]) {
    assert.ok(phase.measurements.acknowledged > 0);
    assert.equal(phase.measurements.failed, 0);
    assert.ok(phase.latencyMs.samples > 0);
  }
});

test('rgs bench server: bad flags name the value', async () => {
  const run = await runCli(['bench', 'server', '--stations', '0']);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /--stations: '0' must be at least 1/);
  const url = await runCli(['bench', 'server', '--database-url', 'mysql://x']);
  assert.equal(url.code, 2);
  assert.match(url.stderr, /is not a postgres:\/\/ URL/);
});
