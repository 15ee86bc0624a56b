import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kleinNishinaCrossSectionCm2, physics } from './physics-adapter.js';
import {
  comptonScatteredEnergyKeV,
  cosThetaMaxForThreshold,
  inWindowScatterFraction,
  kleinNishinaFractionBelow,
} from './scatter.js';

describe('Compton kinematics and Klein–Nishina (Evans, The Atomic Nucleus, ch. 23)', () => {
  test('scattered energies: 140.5 keV at 90° → 110.2 keV; 511 keV backscatter → 170.3 keV', () => {
    assert.ok(Math.abs(comptonScatteredEnergyKeV(140.511, 0) - 110.25) < 0.05);
    assert.ok(Math.abs(comptonScatteredEnergyKeV(510.99895, -1) - 170.33) < 0.01);
    assert.equal(comptonScatteredEnergyKeV(140.5, 1), 140.5);
  });

  test('threshold angle inverts the Compton formula', () => {
    const cos = cosThetaMaxForThreshold(140.5, 120);
    assert.ok(Math.abs(comptonScatteredEnergyKeV(140.5, cos) - 120) < 1e-9);
    assert.equal(cosThetaMaxForThreshold(140.5, 150), 1);
    assert.equal(cosThetaMaxForThreshold(140.5, 10), -1);
  });

  test('total cross-section: Thomson limit 0.6652 b and 0.2866 b at 511 keV', () => {
    assert.ok(Math.abs(kleinNishinaCrossSectionCm2(0.01) / 0.66524587e-24 - 1) < 2e-3);
    assert.ok(Math.abs(kleinNishinaCrossSectionCm2(510.99895) / 0.2866e-24 - 1) < 2e-3);
  });

  test('angular fractions: whole sphere 1; half (forward hemisphere) in the Thomson limit; forward-peaked at 511 keV', () => {
    assert.ok(Math.abs(kleinNishinaFractionBelow(140, -1) - 1) < 1e-9);
    assert.ok(Math.abs(kleinNishinaFractionBelow(0.01, 0) - 0.5) < 1e-3);
    assert.ok(kleinNishinaFractionBelow(511, 0) > 0.6);
  });

  test('water: Klein–Nishina incoherent part is nearly all of NIST μ at 511 keV, and μ_pe + μ_coh grows at low energy', () => {
    const high = physics.attenuation('water', 511);
    const low = physics.attenuation('water', 60);
    assert.ok(high.incoherentPerCm / high.totalPerCm > 0.97 && high.incoherentPerCm <= high.totalPerCm);
    assert.ok(low.photoelectricPerCm / low.totalPerCm > high.photoelectricPerCm / high.totalPerCm);
  });

  test('in-window scatter slope: 0 when the window starts above the photopeak; larger for a lower threshold', () => {
    const w = physics.attenuation('water', 140.5);
    const parts = {
      energyKeV: 140.5,
      incoherentPerCm: w.incoherentPerCm,
      coherentPerCm: w.coherentPerCm,
      totalPerCm: w.totalPerCm,
    };
    assert.equal(inWindowScatterFraction({ ...parts, windowLowerKeV: 141 }), 0);
    const narrow = inWindowScatterFraction({ ...parts, windowLowerKeV: 126 });
    const wide = inWindowScatterFraction({ ...parts, windowLowerKeV: 100 });
    assert.ok(narrow > 0 && wide > narrow && wide < 1);
  });
});
