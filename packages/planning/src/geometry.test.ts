import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { slabSensitivity, sphereSensitivity, sphereVolumeMl } from './index.js';
import { collimatedPointResponse, discOverlapArea } from './point-response.js';

describe('volume integrals (closed forms)', () => {
  test('uniform response over a 2 cm slab counts 30 cm × 30 cm disc area × 2 cm', () => {
    const got = slabSensitivity(() => 1, 0, 2);
    const expected = Math.PI * 30 * 30 * 2;
    assert.ok(Math.abs(got - expected) / expected < 1e-9);
  });

  test('exponential response exp(−μz): slab integral = πR²(1 − e^(−μT))/μ', () => {
    const mu = 0.15;
    const got = slabSensitivity((z) => Math.exp(-mu * z), 0, 10);
    const expected = (Math.PI * 900 * (1 - Math.exp(-mu * 10))) / mu;
    assert.ok(Math.abs(got - expected) / expected < 1e-3, `${got} vs ${expected}`);
  });

  test('uniform response over a sphere gives its volume πd³/6', () => {
    const got = sphereSensitivity(() => 1, 2, 3);
    assert.ok(Math.abs(got - sphereVolumeMl(2)) / sphereVolumeMl(2) < 0.01, `${got}`);
  });

  test('disc overlap: identical discs, disjoint discs, contained disc', () => {
    assert.ok(Math.abs(discOverlapArea(1, 1, 0) - Math.PI) < 1e-12);
    assert.equal(discOverlapArea(1, 1, 2.5), 0);
    assert.ok(Math.abs(discOverlapArea(2, 0.5, 0.3) - Math.PI * 0.25) < 1e-12);
    // Two unit discs one radius apart: 2π/3 − √3/2.
    assert.ok(Math.abs(discOverlapArea(1, 1, 1) - ((2 * Math.PI) / 3 - Math.sqrt(3) / 2)) < 1e-12);
  });
});

describe('collimated point response', () => {
  const response = collimatedPointResponse({ apertureRadiusCm: 0.5, collimatorLengthCm: 1 }, [
    { yieldPerDecay: 1, intrinsicEfficiency: 1, tissueMuPerCm: 0 },
  ]);
  test('on axis: 10⁶ · Ω/4π with Ω the disc solid angle at z + L', () => {
    const d = 2 + 1;
    const omega = 2 * Math.PI * (1 - d / Math.sqrt(d * d + 0.25));
    assert.ok(Math.abs(response(2, 0) - (1e6 * omega) / (4 * Math.PI)) < 1e-6);
  });
  test('off axis beyond the collimator shadow sees nothing', () => {
    // Visible only while the projected crystal overlaps the aperture: ρ·L/(z+L) < a + a·z/(z+L).
    assert.equal(response(1, 5), 0);
    assert.ok(response(1, 0.2) > 0 && response(1, 0.2) < response(1, 0));
  });
  test('tissue attenuation multiplies by exp(−μr)', () => {
    const attenuated = collimatedPointResponse({ apertureRadiusCm: 0.5, collimatorLengthCm: 1 }, [
      { yieldPerDecay: 1, intrinsicEfficiency: 1, tissueMuPerCm: 0.154 },
    ]);
    assert.ok(Math.abs(attenuated(3, 0) / response(3, 0) - Math.exp(-0.154 * 3)) < 1e-12);
  });
});
