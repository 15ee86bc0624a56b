import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runBench } from './bench.js';

const small = { backgroundsCps: [200], ratios: [2], cvs: [0, 0.3], trials: 30, seed: 9 };

describe('bench (Monte Carlo of the rules)', () => {
  test('is a pure function of its seed', () => {
    assert.deepEqual(runBench(small), runBench(small));
    assert.notDeepEqual(runBench(small).knownBackground, runBench({ ...small, seed: 10 }).knownBackground);
  });

  test('reports every rule, Wald and the matched fixed-time test; figures are sane', () => {
    const r = runBench(small);
    const row = r.knownBackground[0]!;
    assert.deepEqual(
      row.rules.map((x) => x.rule),
      ['sprt', 'adaptive', 'fixed', 'currie', 'ratio', 'k-sigma'],
    );
    // 200 vs 400 cps in 0.1 s frames: 20 vs 40 expected counts, one frame decides (exact α 3.4 %).
    assert.ok(row.exactAlpha <= 0.05 && row.exactBeta <= 0.05);
    assert.equal(row.fixedSeconds, 0.1);
    assert.ok(row.waldSecondsNormal > 0 && row.waldSecondsNormal < 0.1);
    const sprt = row.rules[0]!;
    assert.ok(Math.abs(sprt.meanSecondsNormal - 0.1) < 1e-9, 'decided in the first frame');
    assert.equal(r.varyingTissue.length, 2);
    assert.ok(r.varyingTissue.every((v) => v.meanThresholdRatio >= 1));
  });
});
