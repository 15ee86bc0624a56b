// Sourced figures print to their precision with their unit (issue 13 point 10: "0.023414002391220663",
// "self-attenuation 0.5 1").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fmtSignificant, fmtWithUnit } from './plan-format.js';

test('three significant figures; whole numbers stay whole', () => {
  assert.equal(fmtSignificant(0.023414002391220663), '0.0234');
  assert.equal(fmtSignificant(0.5), '0.5');
  assert.equal(fmtSignificant(1.0), '1');
  assert.equal(fmtSignificant(600), '600');
  assert.equal(fmtSignificant(12.3456), '12.3');
  assert.equal(fmtSignificant(Number.NaN), '—');
});

test('a dimensionless value has no unit word; others keep theirs', () => {
  assert.equal(fmtWithUnit(0.5, '1'), '0.5');
  assert.equal(fmtWithUnit(0.5, ''), '0.5');
  assert.equal(fmtWithUnit(10.04, 'cm'), '10 cm');
  assert.equal(fmtWithUnit(1, 'mSv'), '1 mSv');
});
