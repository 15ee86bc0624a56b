import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom } from '@openrgs/numeric';
import { ClockAligner } from './clock-alignment.js';

describe('device-to-host clock alignment', () => {
  test('no readings: no estimate', () => {
    assert.equal(new ClockAligner().toHostMs(1), undefined);
  });

  test('constant offset with positive latency noise: offset from the least-delayed reading', () => {
    // Device clock starts at host 5000 ms; each reading arrives 2…12 ms late (seeded noise).
    const random = createRandom(1);
    const aligner = new ClockAligner();
    for (let i = 0; i < 100; i++) aligner.observe(i * 0.1, 5000 + i * 100 + 2 + 10 * random.nextFloat());
    const e = aligner.current();
    assert.ok(e);
    assert.ok(Math.abs(e.offsetMs - 5002) < 1, `offset ${e.offsetMs}`);
    assert.equal(e.driftPpm, 0, 'span under 10 s: drift not estimated');
    assert.ok(Math.abs((aligner.toHostMs(20) ?? 0) - 25002) < 1);
  });

  test('drift of +50 ppm over 10 minutes is measured within ±5 ppm and mapped within 3 ms', () => {
    const random = createRandom(2);
    const aligner = new ClockAligner();
    const driftPpm = 50;
    for (let s = 0; s <= 600; s += 2) {
      const hostMs = 1000 + s * 1000 * (1 + driftPpm / 1e6) + 1 + 5 * random.nextFloat();
      aligner.observe(s, hostMs);
    }
    const e = aligner.current();
    assert.ok(e);
    assert.ok(Math.abs(e.driftPpm - driftPpm) < 5, `drift ${e.driftPpm} ppm`);
    const predicted = aligner.toHostMs(600) ?? 0;
    const truth = 1000 + 600_000 * (1 + driftPpm / 1e6) + 1;
    assert.ok(Math.abs(predicted - truth) < 3, `mapped ${predicted} vs ${truth}`);
  });

  test('an absurd slope (device clock jumping) is not taken as drift', () => {
    const aligner = new ClockAligner();
    aligner.observe(0, 0);
    aligner.observe(20, 40_000); // 1,000,000 ppm
    assert.equal(aligner.current()?.driftPpm, 0);
  });

  test('reset forgets everything (a device restarted)', () => {
    const aligner = new ClockAligner();
    aligner.observe(1, 1000);
    aligner.reset();
    assert.equal(aligner.current(), undefined);
  });
});
