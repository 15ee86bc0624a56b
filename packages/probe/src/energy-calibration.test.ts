import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linearCalibration } from './energy-calibration.js';

describe('linear energy calibration from known peaks', () => {
  // Hand-worked: Tc-99m 140.511 keV at channel 420 and Cs-137 661.657 keV at channel 2000:
  // gain = (661.657 − 140.511)/(2000 − 420) = 0.329839 keV/ch; offset = 140.511 − 420 × gain = 1.9784 keV.
  test('two peaks give the line through them', () => {
    const c = linearCalibration([
      { channel: 420, energyKeV: 140.511 },
      { channel: 2000, energyKeV: 661.657 },
    ]);
    assert.ok(c.ok);
    assert.ok(Math.abs(c.value.keVPerChannel - 0.329839) < 1e-6);
    assert.ok(Math.abs(c.value.offsetKeV - 1.9784) < 1e-3);
  });
  test('one peak, equal channels or falling energy are refused with the reason', () => {
    assert.deepEqual(linearCalibration([{ channel: 1, energyKeV: 140 }]), {
      ok: false,
      issues: [
        { kind: 'invalid', code: 'too-few-peaks', message: 'an energy calibration needs at least two peaks' },
      ],
    });
    assert.equal(
      linearCalibration([
        { channel: 5, energyKeV: 140 },
        { channel: 5, energyKeV: 662 },
      ]).ok,
      false,
    );
    assert.equal(
      linearCalibration([
        { channel: 5, energyKeV: 662 },
        { channel: 50, energyKeV: 140 },
      ]).ok,
      false,
    );
  });
});
