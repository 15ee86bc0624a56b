import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithReferences, PURCHASER_CRITERIA } from './criteria.js';

test('purchaser criteria (Klinikum Augsburg via Crystal Photonics): > 5,000 cps/MBq, < 40°, < 25 mm, > 99.9 %', () => {
  const byQ = Object.fromEntries(PURCHASER_CRITERIA.map((c) => [c.quantity, [c.kind, c.limit]]));
  assert.deepEqual(byQ, {
    sensitivityCpsPerMBq: ['min', 5000],
    angularFwhmDeg: ['max', 40],
    spatialFwhmMm: ['max', 25],
    sideShieldingPercent: ['min', 99.9],
  });
});

test('a probe at 4,800 cps/MBq and 22 mm: fails sensitivity, meets resolution; change from baseline signed by "better"', () => {
  const rows = compareWithReferences({
    measured: { sensitivityCpsPerMBq: 4800, spatialFwhmMm: 22 },
    baseline: { sensitivityCpsPerMBq: 6000, spatialFwhmMm: 20 },
    manufacturer: { sensitivityCpsPerMBq: 20000, spatialFwhmMm: 17 },
  });
  const s = rows.find((r) => r.quantity === 'sensitivityCpsPerMBq')!;
  assert.equal(s.meetsCriterion, false);
  assert.ok(Math.abs(s.changeFromBaselinePercent! + 20) < 1e-12);
  assert.equal(s.worseThanBaseline, true);
  assert.equal(s.meetsManufacturer, false);
  const f = rows.find((r) => r.quantity === 'spatialFwhmMm')!;
  assert.equal(f.meetsCriterion, true);
  assert.equal(f.worseThanBaseline, true, 'a wider FWHM is worse');
  assert.equal(f.meetsManufacturer, false);
});

test('quantities without a criterion are compared with baseline only', () => {
  const [r] = compareWithReferences({
    measured: { energyResolutionPercent: 9 },
    baseline: { energyResolutionPercent: 10 },
  });
  assert.equal(r?.criterion, null);
  assert.equal(r?.meetsCriterion, null);
  assert.equal(r?.worseThanBaseline, false);
});
