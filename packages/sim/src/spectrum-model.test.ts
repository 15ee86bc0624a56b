import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom } from './random.js';
import { fwhmKeV, sampleDetectedEnergyKeV } from './spectrum-model.js';

describe('spectrum model: photopeak with detector resolution, plus scatter continuum', () => {
  // NaI(Tl) 7 % FWHM at 662 keV (Knoll, Radiation Detection and Measurement, 4th ed., §10.III.B).
  // Hand-worked: FWHM(662) = 0.07 × 662 = 46.34 keV; FWHM(140.511) = 0.07 × √(662 × 140.511) = 21.35 keV.
  test('FWHM scales as √E from the 662 keV figure', () => {
    assert.ok(Math.abs(fwhmKeV(662, 0.07) - 46.34) < 0.01);
    assert.ok(Math.abs(fwhmKeV(140.511, 0.07) - 21.35) < 0.01);
  });

  test('no scatter: 20 000 Tc-99m events centre on 140.5 keV with σ = 21.35/2.3548 = 9.07 keV', () => {
    const random = createRandom(7);
    const model = { lines: [{ energyKeV: 140.511, weight: 1 }], fwhmFractionAt662: 0.07, scatterFraction: 0 };
    const n = 20000;
    const xs = Array.from({ length: n }, () => sampleDetectedEnergyKeV(model, () => random.nextFloat()));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    assert.ok(Math.abs(mean - 140.511) < 0.3, `mean ${mean}`); // 4 × σ/√n = 0.26
    assert.ok(Math.abs(sd - 9.07) < 0.2, `sd ${sd}`);
  });

  test('scatter lies between the 180° backscatter energy and the line (140.5 → 90.7 keV)', () => {
    const random = createRandom(11);
    // A near-perfect detector, to see the kinematics: E'(180°) = 140.511/(1 + 2·140.511/510.999) = 90.66 keV.
    const model = { lines: [{ energyKeV: 140.511, weight: 1 }], fwhmFractionAt662: 1e-6, scatterFraction: 1 };
    const xs = Array.from({ length: 5000 }, () => sampleDetectedEnergyKeV(model, () => random.nextFloat()));
    assert.ok(Math.min(...xs) > 90.6 && Math.max(...xs) <= 140.52);
    assert.ok(Math.min(...xs) < 91.5, 'backscatter end reached');
  });
});
