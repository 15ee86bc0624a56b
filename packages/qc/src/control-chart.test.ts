import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { controlChart } from './control-chart.js';

const DAY = 86400_000;
const series = (values: number[]) => values.map((value, i) => ({ atMs: i * DAY, value, id: `q${i}` }));

// Baseline of 20 alternating values ±1 around 0: mean 0, every moving range 2, so
// σ = MR̄ / d2 = 2 / 1.128 = 1.7730 (Montgomery §6.4, d2 for n = 2 from Appendix VI).
const BASE = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 1 : -1));
const SIGMA = 2 / 1.128;

describe('controlChart (Shewhart individuals chart, Western Electric rules)', () => {
  test('centre 0 and σ = 2/1.128 from the moving range; limits at ±2σ and ±3σ; tolerance bands carried', () => {
    const r = controlChart(series(BASE), { tolerance: { warnPercent: 5, failPercent: 10 } });
    assert.ok(r.ok);
    const l = r.value.limits!;
    assert.ok(Math.abs(l.centre) < 1e-12);
    assert.ok(Math.abs(l.sigma - SIGMA) < 1e-12);
    assert.ok(Math.abs(l.action[1] - 3 * SIGMA) < 1e-12 && Math.abs(l.warning[0] + 2 * SIGMA) < 1e-12);
    assert.deepEqual(r.value.toleranceBands, { warn: [-5, 5], fail: [-10, 10] });
    assert.deepEqual(r.value.violations, []);
  });

  test('rule 1: a point at 3.1σ after the baseline', () => {
    const r = controlChart(series([...BASE, 3.1 * SIGMA]));
    assert.ok(r.ok);
    assert.deepEqual(r.value.points[20]?.rules, [1]);
    assert.equal(r.value.violations[0]?.index, 20);
  });

  test('rule 2: two of three beyond 2σ on the same side (2.5σ, 0, 2.2σ); not when on opposite sides', () => {
    const r = controlChart(series([...BASE, 2.5 * SIGMA, 0, 2.2 * SIGMA]));
    assert.ok(r.ok);
    assert.deepEqual(r.value.points[22]?.rules, [2]);
    const opposite = controlChart(series([...BASE, 2.5 * SIGMA, 0, -2.2 * SIGMA]));
    assert.ok(opposite.ok);
    assert.deepEqual(opposite.value.violations, []);
  });

  test('rule 3: four of five beyond 1σ on the same side', () => {
    const r = controlChart(
      series([...BASE, -1.5 * SIGMA, -1.2 * SIGMA, -0.2 * SIGMA, -1.1 * SIGMA, -1.3 * SIGMA]),
    );
    assert.ok(r.ok);
    assert.deepEqual(r.value.points[24]?.rules, [3]);
    assert.equal(r.value.violations.length, 1);
  });

  test('rule 4: a drift of eight small points above the centre, none beyond 1σ', () => {
    const drift = Array.from({ length: 8 }, () => 0.5 * SIGMA);
    const r = controlChart(series([...BASE, ...drift]));
    assert.ok(r.ok);
    assert.deepEqual(r.value.points[27]?.rules, [4]);
    assert.deepEqual(r.value.points[26]?.rules, []);
  });

  test('fewer than 5 points: no limits, a warning, tolerance bands still given', () => {
    const r = controlChart(series([0, 1, 2]), { tolerance: { warnPercent: 5, failPercent: 10 } });
    assert.ok(r.ok);
    assert.equal(r.value.limits, null);
    assert.ok(r.value.warnings[0]?.includes('at least 5'));
    assert.ok(r.value.toleranceBands);
  });

  test('no checks yet: an empty chart that says why, with the tolerance bands (issue 13)', () => {
    const r = controlChart([], { tolerance: { warnPercent: 5, failPercent: 10 } });
    assert.ok(r.ok, r.ok ? '' : r.issues[0]?.message);
    assert.deepEqual(r.value.points, []);
    assert.equal(r.value.limits, null);
    assert.match(r.value.warnings[0] ?? '', /no constancy checks recorded yet/);
    assert.deepEqual(r.value.toleranceBands?.fail, [-10, 10]);
  });

  test('points are charted in time order whatever the input order; non-finite values refused', () => {
    const s = series([...BASE, 3.1 * SIGMA]).reverse();
    const r = controlChart(s);
    assert.ok(r.ok);
    assert.equal(r.value.points[0]?.id, 'q0');
    assert.equal(controlChart([{ atMs: 0, value: Number.NaN }]).ok, false);
  });
});
