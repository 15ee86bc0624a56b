// Peaks of a map (hotspot candidates): a maximum on the grid's side faces is activity from beyond the
// scanned region soaking into the edge voxels, not a candidate. Hand-built maps; the expected peaks are
// read off the voxels set here.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VoxelGrid } from './grid.js';
import { findPeaks } from './hotspots.js';

const grid: VoxelGrid = { originCm: [0, 0, 0], voxelSizeCm: 1, dims: [7, 7, 3] };
const at = (i: number, j: number, k: number) => i + 7 * (j + 7 * k);
const base = { smoothingSigmaCm: 0, thresholdFraction: 0.1, minSeparationCm: 1.5, radiusCm: 1 };

describe('findPeaks', () => {
  const map = new Float64Array(7 * 7 * 3);
  map[at(3, 3, 1)] = 1; // interior source
  map[at(0, 2, 1)] = 5; // brighter, on the x = 0 side face

  test('with side faces skipped, the interior maximum is the only candidate and sets the threshold', () => {
    const peaks = findPeaks(grid, map, { ...base, skipSideFaces: true });
    assert.equal(peaks.length, 1);
    assert.deepEqual(peaks[0]?.positionCm, [3, 3, 1]);
    assert.equal(peaks[0]?.peakFraction, 1);
  });

  test('without, the side-face maximum comes first', () => {
    const peaks = findPeaks(grid, map, { ...base, skipSideFaces: false });
    assert.equal(peaks.length, 2);
    assert.deepEqual(peaks[0]?.positionCm, [0, 2, 1]);
  });
});
