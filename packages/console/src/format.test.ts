import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decayedActivityMBq, HALF_LIFE_SECONDS } from './decay.js';
import { formatConfidence, formatRate, formatRatio, formatSeconds, holdStillText } from './format.js';

describe('format', () => {
  test('rates: whole numbers from 100 cps, decimals below', () => {
    assert.equal(formatRate(1234.4), '1,234');
    assert.equal(formatRate(45.26), '45.3');
    assert.equal(formatRate(3.456), '3.46');
    assert.equal(formatRate(Number.NaN), '—');
  });
  test('confidence: rounded down to 0.1 %, never shown as 100 %', () => {
    assert.equal(formatConfidence(99.96), '99.9 %');
    assert.equal(formatConfidence(99.2), '99.2 %');
    assert.equal(formatConfidence(95.04), '95.0 %');
    assert.equal(formatConfidence(100), '> 99.9 %');
    assert.equal(formatConfidence(0), '0.0 %');
  });
  test('ratios', () => {
    assert.equal(formatRatio(2.456), '2.46');
    assert.equal(formatRatio(43.61), '43.6');
  });
  test('seconds', () => {
    assert.equal(formatSeconds(0.64), '0.6 s');
    assert.equal(formatSeconds(75), '75 s');
    assert.equal(formatSeconds(3 * 3600 + 125), '3 h 2 min');
  });
  test('hold-still hint rounds up and never says 0 s', () => {
    assert.equal(holdStillText(0.2), 'hold still about 1 s');
    assert.equal(holdStillText(2.1), 'hold still about 3 s');
    assert.match(holdStillText(400), /more than a minute/);
  });
});

describe('decay', () => {
  // Exponential decay law: one half-life leaves half, two leave a quarter (Tc-99m T½ 6.0067 h, LNHB).
  test('half-lives are the LNHB values the physics package carries', () => {
    assert.ok(Math.abs(HALF_LIFE_SECONDS['Tc-99m'] / 3600 - 6.0067) < 1e-9);
    assert.ok(Math.abs(HALF_LIFE_SECONDS['Ga-68'] / 60 - 67.83) < 1e-9);
  });
  test('one and two half-lives of Tc-99m', () => {
    const t = HALF_LIFE_SECONDS['Tc-99m'];
    assert.ok(Math.abs(decayedActivityMBq(600, t, t) - 300) < 1e-9);
    assert.ok(Math.abs(decayedActivityMBq(600, 2 * t, t) - 150) < 1e-9);
  });
  test('550 MBq of Tc-99m 4 h before surgery leaves about 346.7 MBq (hand-worked: 550·2^(−4/6.0067))', () => {
    assert.ok(Math.abs(decayedActivityMBq(550, 4 * 3600, HALF_LIFE_SECONDS['Tc-99m']) - 346.66) < 0.01);
  });
});
