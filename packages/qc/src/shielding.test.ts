import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeShielding } from './shielding.js';

// Hand-worked: front 1,000,000 counts/10 s = 100,000 cps; background 600 counts/100 s = 6 cps;
// side A 1,360 counts/100 s = 13.6 cps → net 7.6 cps → leak 7.6e-5 → shielding 99.9924 %;
// side B 2,600/100 s → net 20 cps → 99.98 % (the worst side); back 700/100 s → net 1 cps → 99.999 %.
const COUNTS = [
  { position: 'front', counts: 1_000_000, seconds: 10, line: 2 },
  { position: 'background', counts: 600, seconds: 100, line: 3 },
  { position: 'side', counts: 1360, seconds: 100, line: 4 },
  { position: 'side', counts: 2600, seconds: 100, line: 5 },
  { position: 'back', counts: 700, seconds: 100, line: 6 },
] as const;

test('percent shielding = 100 (1 − side/front) with background subtracted; worst side reported', () => {
  const r = computeShielding(COUNTS);
  assert.ok(r.ok);
  assert.ok(Math.abs(r.value.frontNetCps - 99994) < 1e-9);
  const [a, b, back] = r.value.rows;
  assert.ok(Math.abs(a!.shieldingPercent - 100 * (1 - 7.6 / 99994)) < 1e-9);
  assert.ok(Math.abs(b!.shieldingPercent - 100 * (1 - 20 / 99994)) < 1e-9);
  assert.ok(Math.abs(back!.shieldingPercent - 100 * (1 - 1 / 99994)) < 1e-9);
  assert.equal(r.value.worstSide?.source, 'line 5');
  assert.equal(r.value.worstBack?.source, 'line 6');
  // 95 % interval of side B: σ_side = √(2600/100² + 600/100²) = 0.5657 cps (front term negligible);
  // ±1.96 × 0.5657 / 99994 × 100 = ±0.00111 %.
  const half = (b!.shielding95Percent[1] - b!.shielding95Percent[0]) / 2;
  assert.ok(Math.abs(half - (1.96 * Math.sqrt(0.26 + 0.06) * 100) / 99994) < 2e-5, `${half}`);
  assert.deepEqual(r.value.warnings, []);
});

test('without a background count, warns that shielding is under-stated', () => {
  const r = computeShielding(COUNTS.filter((c) => c.position !== 'background'));
  assert.ok(r.ok);
  assert.ok(r.value.warnings[0]?.includes('no background'));
});

test('refuses a set without a front count, or without side/back counts', () => {
  assert.equal(computeShielding(COUNTS.filter((c) => c.position !== 'front')).ok, false);
  const onlyFront = computeShielding(COUNTS.filter((c) => c.position === 'front'));
  assert.ok(!onlyFront.ok && onlyFront.issues[0]?.code === 'missing-side');
});
