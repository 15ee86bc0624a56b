import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { comptonEdgeKeV, comptonScatteredKeV, photopeakWindows } from './energy-window.js';

describe('photopeak windows per nuclide (lines from LNHB/DDEP)', () => {
  test('Tc-99m, 20 % window: 140.511 × (1 ∓ 0.10) = 126.460–154.562 keV (hand-worked)', () => {
    const result = photopeakWindows('Tc-99m', { widthPercent: 20 });
    assert.ok(result.ok);
    assert.equal(result.value.length, 1);
    const [w] = result.value;
    assert.ok(w);
    assert.ok(Math.abs(w.lowKeV - 126.4599) < 1e-3 && Math.abs(w.highKeV - 154.5621) < 1e-3);
  });
  test('In-111: two windows, at 171.28 and 245.35 keV (KRI 2006); Ga-68: 511 keV only (1077 keV is 3.2 %)', () => {
    const indium = photopeakWindows('In-111', { widthPercent: 20 });
    assert.ok(indium.ok);
    assert.deepEqual(
      indium.value.map((w) => w.lineKeV),
      [171.28, 245.35],
    );
    const gallium = photopeakWindows('Ga-68', { widthPercent: 20 });
    assert.ok(gallium.ok);
    assert.deepEqual(
      gallium.value.map((w) => w.lineKeV),
      [511],
    );
  });
  test('bad width and unknown nuclide are refused with a reason', () => {
    assert.deepEqual(photopeakWindows('Tc-99m', { widthPercent: 0 }), {
      ok: false,
      issues: [
        { kind: 'invalid', code: 'invalid_window', message: 'window width 0 % is not within (0, 100)' },
      ],
    });
    assert.deepEqual(photopeakWindows('Tc-99m', { widthPercent: 100 }), {
      ok: false,
      issues: [
        { kind: 'invalid', code: 'invalid_window', message: 'window width 100 % is not within (0, 100)' },
      ],
    });
    const unknown = photopeakWindows('Xx-1', { widthPercent: 20 });
    assert.ok(!unknown.ok);
    assert.equal(unknown.issues[0]?.code, 'unknown_nuclide');
    assert.match(unknown.issues[0]?.message ?? '', /^unknown nuclide 'Xx-1'; known: /);
  });
});

describe('which lines get a window', () => {
  // LNHB/DDEP Ba-133 (evaluation KRI 2015): gamma lines with ≥ 5 % per decay above 50 keV are 80.9979 (33.31 %),
  // 276.3989 (7.13 %), 302.8508 (18.31 %), 356.0129 (62.05 %) and 383.8485 keV (8.94 %).
  test('Ba-133: five windows, ascending in energy', () => {
    const r = photopeakWindows('Ba-133', { widthPercent: 10 });
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.map((w) => w.lineKeV),
      [80.9979, 276.3989, 302.8508, 356.0129, 383.8485],
    );
  });
  // I-125's only gamma line is 35.4922 keV (6.63 %, LNHB/DDEP, evaluation CEA/LNE-LNHB 2010): below the default 50 keV floor.
  test('I-125: no window by default (35.49 keV is under 50 keV); with a 30 keV floor, 35.49 ± 5 %', () => {
    assert.deepEqual(photopeakWindows('I-125', { widthPercent: 10 }), {
      ok: false,
      issues: [{ kind: 'invalid', code: 'no_photopeak', message: 'I-125 has no photopeak to window' }],
    });
    const low = photopeakWindows('I-125', { widthPercent: 10, minEnergyKeV: 30 });
    assert.ok(low.ok);
    assert.equal(low.value.length, 1);
    const [w] = low.value;
    // 35.4922 × 0.95 = 33.71759, × 1.05 = 37.26681.
    assert.ok(
      w &&
        w.lineKeV === 35.4922 &&
        Math.abs(w.lowKeV - 33.71759) < 1e-5 &&
        Math.abs(w.highKeV - 37.26681) < 1e-5,
    );
  });
  test('a 99.9 % window is accepted: 140.511 × (1 ∓ 0.4995)', () => {
    const r = photopeakWindows('Tc-99m', { widthPercent: 99.9 });
    assert.ok(r.ok && Math.abs((r.value[0]?.lowKeV ?? 0) - 70.3257) < 1e-3);
  });
});

describe('Compton kinematics', () => {
  // Cs-137 661.657 keV: Compton edge 477.3 keV and backscatter peak 184.3 keV, the textbook values
  // (Knoll, Radiation Detection and Measurement, 4th ed., Fig. 10.4 discussion; also NIST/ANSI N42.14).
  test('Cs-137: Compton edge 477.3 keV, backscatter 184.3 keV', () => {
    assert.ok(Math.abs(comptonEdgeKeV(661.657) - 477.3) < 0.1);
    assert.ok(Math.abs(comptonScatteredKeV(661.657, Math.PI) - 184.3) < 0.1);
  });
  test('Tc-99m 140.5 keV scattered through 90° carries 110.2 keV (E/(1+E/511)); forward scatter keeps it all', () => {
    assert.ok(Math.abs(comptonScatteredKeV(140.511, Math.PI / 2) - 140.511 / (1 + 140.511 / 510.999)) < 1e-3);
    assert.ok(Math.abs(comptonScatteredKeV(140.511, Math.PI / 2) - 110.2) < 0.1);
    assert.equal(comptonScatteredKeV(140.511, 0), 140.511);
  });
});
