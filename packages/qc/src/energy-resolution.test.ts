import assert from 'node:assert/strict';
import { test } from 'node:test';
import { energyResolution } from './energy-resolution.js';

// A Tc-99m photopeak at 140.5 keV with 10 % resolution: FWHM 14.05 keV, σ = 14.05/2.35482 = 5.966 keV,
// on a sloping continuum elsewhere; 1 keV channels. A lower peak (X-rays at 20 keV) sits outside the window.
function spectrum() {
  const sigma = 14.05 / (2 * Math.sqrt(2 * Math.LN2));
  const out: { energyKeV: number; counts: number }[] = [];
  for (let e = 10; e <= 250; e++) {
    const photopeak = 50_000 * Math.exp(-((e - 140.5) ** 2) / (2 * sigma * sigma));
    const xray = 80_000 * Math.exp(-((e - 20) ** 2) / (2 * 2 * 2));
    out.push({ energyKeV: e, counts: photopeak + xray });
  }
  return out;
}

test('Tc-99m photopeak at 140.5 keV with FWHM 14.05 keV → 10.0 % energy resolution (window 100–200 keV)', () => {
  const r = energyResolution(spectrum(), { windowKeV: [100, 200], background: { kind: 'none' } });
  assert.ok(r.ok);
  assert.ok(Math.abs(r.value.peakEnergyKeV - 140.5) < 0.05, `${r.value.peakEnergyKeV}`);
  assert.ok(Math.abs(r.value.fwhmKeV - 14.05) < 0.05, `${r.value.fwhmKeV}`);
  assert.ok(Math.abs(r.value.resolutionPercent - 10) < 0.05);
});

test('without a window the largest peak (here the 20 keV X-rays) is taken: the window matters', () => {
  const r = energyResolution(spectrum(), { background: { kind: 'none' } });
  assert.ok(r.ok);
  assert.ok(Math.abs(r.value.peakEnergyKeV - 20) < 0.1);
});

test('an empty window is refused', () => {
  assert.equal(
    energyResolution(spectrum(), { windowKeV: [200, 100], background: { kind: 'none' } }).ok,
    false,
  );
});
