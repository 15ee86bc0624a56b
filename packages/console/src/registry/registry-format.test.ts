import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkReferenceTime,
  issueLocation,
  localIsoWithZone,
  logAxis,
  logPosition,
  operatingPoint,
  percent,
  proportionText,
  whoGradeForKi67,
} from './registry-format.js';

describe('proportionText', () => {
  test('estimate with the exact interval (35/82: Clopper-Pearson 31.8–54.1 %)', () => {
    // Values as the server computes them for 35/82 (registry demo); rounding to whole percent.
    const p = {
      successes: 35,
      total: 82,
      estimate: 35 / 82,
      low: 0.31815573533325037,
      high: 0.5409459716262537,
    };
    assert.equal(proportionText(p), '43 % (32–54 %)');
  });
  test('one decimal near the ends, where whole percent would read 100 %', () => {
    const p = {
      successes: 51,
      total: 52,
      estimate: 51 / 52,
      low: 0.8974464553478823,
      high: 0.9995132375845079,
    };
    assert.equal(proportionText(p), '98.1 % (90–99.95 %)');
  });
  test('nothing to divide reads as a dash', () => {
    assert.equal(proportionText({ successes: 0, total: 0, estimate: null, low: null, high: null }), '—');
  });
  test('0 and 1 are exact, not rounded bounds', () => {
    assert.equal(percent(0), '0 %');
    assert.equal(percent(1), '100 %');
    assert.equal(percent(0.0004), '0.04 %');
    assert.equal(percent(0.95), '95 %');
  });
});

describe('operatingPoint', () => {
  // Hand-worked: tumour T/B 3, 2, 1.2; normal 1.6, 1.0. Rule "positive when T/B ≥ t".
  const points = [
    { threshold: null, sensitivity: 0, falsePositiveRate: 0 },
    { threshold: 3, sensitivity: 1 / 3, falsePositiveRate: 0 },
    { threshold: 2, sensitivity: 2 / 3, falsePositiveRate: 0 },
    { threshold: 1.6, sensitivity: 2 / 3, falsePositiveRate: 0.5 },
    { threshold: 1.2, sensitivity: 1, falsePositiveRate: 0.5 },
    { threshold: 1, sensitivity: 1, falsePositiveRate: 1 },
  ];
  test('T/B ≥ 1.5 calls 3, 2 and 1.6 positive: sensitivity 2/3, FPR 1/2', () => {
    assert.deepEqual(operatingPoint(points, 1.5), { sensitivity: 2 / 3, falsePositiveRate: 0.5 });
  });
  test('T/B ≥ 2 includes the lesion at exactly 2', () => {
    assert.deepEqual(operatingPoint(points, 2), { sensitivity: 2 / 3, falsePositiveRate: 0 });
  });
  test('a cut-off above every value calls nothing positive', () => {
    assert.deepEqual(operatingPoint(points, 10), { sensitivity: 0, falsePositiveRate: 0 });
  });
  test('a cut-off below every value calls everything positive', () => {
    assert.deepEqual(operatingPoint(points, 0.5), { sensitivity: 1, falsePositiveRate: 1 });
  });
});

describe('logAxis', () => {
  test('covers the data with 1-2-5 ticks', () => {
    const axis = logAxis(0.533, 316.9);
    assert.equal(axis.low, 0.5);
    assert.equal(axis.high, 500);
    assert.deepEqual(axis.ticks, [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]);
  });
  test('a single value still gets a span', () => {
    const axis = logAxis(2, 2);
    assert.equal(axis.low, 2);
    assert.equal(axis.high, 5);
  });
  test('refuses non-positive values (a log axis has no zero)', () => {
    assert.throws(() => logAxis(0, 1), RangeError);
  });
  test('positions: the geometric middle lands in the middle', () => {
    assert.equal(logPosition(Math.sqrt(10), 1, 10, 0, 100), 50);
    assert.equal(logPosition(1, 1, 10, 0, 100), 0);
  });
});

describe('issueLocation', () => {
  test('line and column from the server path', () => {
    assert.deepEqual(issueLocation('body.csv:line 3:site'), { line: 3, column: 'site' });
    assert.deepEqual(issueLocation('body.csv:line 12'), { line: 12, column: null });
    assert.deepEqual(issueLocation('body.source'), { line: null, column: null });
  });
});

describe('checkReferenceTime', () => {
  test('empty means the server default (the tracer administration)', () => {
    assert.deepEqual(checkReferenceTime('  '), { ok: true, value: null });
  });
  test('accepts what the server accepts', () => {
    for (const t of ['2026-11-26T12:00:00+01:00', '2026-11-26T12:00:00Z', '2026-11-26T12:00:00.250-05:00'])
      assert.deepEqual(checkReferenceTime(t), { ok: true, value: t });
  });
  test('refuses, naming the problem', () => {
    const cases: [string, RegExp][] = [
      ['2026-11-26T12:00:00', /zone/],
      ['2026-11-26T12:00+01:00', /seconds/],
      ['2026-02-30T12:00:00Z', /calendar date/],
      ['2026-11-26T24:00:00Z', /time of day/],
      ['2026-11-26T12:00:00+15:00', /UTC offset/],
      ['yesterday', /ISO-8601/],
    ];
    for (const [text, pattern] of cases) {
      const result = checkReferenceTime(text);
      assert.equal(result.ok, false, text);
      if (!result.ok) assert.match(result.message, pattern);
    }
  });
  test('the local time it suggests passes its own check and names the same instant', () => {
    const now = new Date(Date.UTC(2026, 10, 26, 13, 30, 5));
    const text = localIsoWithZone(now);
    assert.equal(checkReferenceTime(text).ok, true);
    assert.equal(Date.parse(text), now.getTime());
  });
});

describe('whoGradeForKi67 (WHO 2019 GEP-NET grading, Nagtegaal 2020 Table 1)', () => {
  test('G1 < 3 %, G2 3–20 %, G3 > 20 %', () => {
    assert.equal(whoGradeForKi67(0), 'G1');
    assert.equal(whoGradeForKi67(2.9), 'G1');
    assert.equal(whoGradeForKi67(3), 'G2');
    assert.equal(whoGradeForKi67(20), 'G2');
    assert.equal(whoGradeForKi67(20.5), 'G3');
  });
});
