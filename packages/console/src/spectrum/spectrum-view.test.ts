import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  calibrationText,
  displayRangeKeV,
  inWindowPercentText,
  rebin,
  windowRangeText,
} from './spectrum-view.js';

describe('spectrum view', () => {
  test('range: 1.5 × the top window edge, up to a multiple of 50 keV', () => {
    // Tc-99m 20 %: top 154.56 → 231.8 → 250; In-111: 269.89 → 404.8 → 450; Ga-68: 562.1 → 843.2 → 850.
    assert.equal(displayRangeKeV([{ highKeV: 154.5621 }]), 250);
    assert.equal(displayRangeKeV([{ highKeV: 188.408 }, { highKeV: 269.885 }]), 450);
    assert.equal(displayRangeKeV([{ highKeV: 562.1 }]), 850);
    assert.equal(displayRangeKeV([]), 100);
  });

  test('rebin by calibrated energy: 0.5 keV/channel from 1 keV into 10 keV bars', () => {
    const channels = new Array<number>(40).fill(0);
    channels[0] = 3; // 1 keV → bar 0
    channels[18] = 2; // 10 keV → bar 1
    channels[17] = 1; // 9.5 keV → bar 0
    channels[39] = 5; // 20.5 keV → beyond 20 keV, left out
    const bars = rebin(channels, { keVPerChannel: 0.5, offsetKeV: 1 }, 20, 2);
    assert.deepEqual(bars, [
      { lowKeV: 0, highKeV: 10, counts: 4 },
      { lowKeV: 10, highKeV: 20, counts: 2 },
    ]);
  });

  test('figures in words', () => {
    assert.equal(windowRangeText({ lowKeV: 126.4599, highKeV: 154.5621 }), '126.5–154.6 keV');
    assert.equal(inWindowPercentText({ inWindowCounts: 734, totalCounts: 1000 }), '73.4 %');
    assert.equal(inWindowPercentText({ inWindowCounts: 0, totalCounts: 0 }), '—');
    assert.equal(
      calibrationText({ keVPerChannel: 0.33, offsetKeV: 2.04 }),
      'E = 0.3300 keV/channel × channel + 2.04 keV',
    );
    assert.equal(
      calibrationText({ keVPerChannel: 0.5, offsetKeV: -1.5 }),
      'E = 0.5000 keV/channel × channel − 1.50 keV',
    );
  });
});
