// Pre-op markers from the tip and their nearest hotspot: hand-worked vectors (3-4-5 triangle and an
// axis-aligned offset), computed here from the geometry, not by the code under test.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { caseLesionMarkers, placeMarkers } from './lesion-markers.js';

describe('pre-op lesion markers', () => {
  test('only lesions with a position become markers; the size gives the diameter in cm', () => {
    const markers = caseLesionMarkers([
      { id: 'a', label: 'L1', preopPositionCm: [1, 2, 3], sizeMm: 15, preopImagingStatus: 'seen' },
      { id: 'b', label: 'L2', preopPositionCm: null, sizeMm: 8, preopImagingStatus: 'seen' },
      { id: 'c', label: 'L3', preopPositionCm: [0, 0, -4], sizeMm: null, preopImagingStatus: null },
    ]);
    assert.deepEqual(markers, [
      { id: 'a', label: 'L1', source: 'case', positionCm: [1, 2, 3], diameterCm: 1.5, imaging: 'seen' },
      { id: 'c', label: 'L3', source: 'case', positionCm: [0, 0, -4], diameterCm: null, imaging: null },
    ]);
  });

  test('distance and direction from the tip, and the nearest hotspot by centre distance', () => {
    const [marker] = placeMarkers(
      [{ id: 'a', label: 'L1', source: 'case', positionCm: [0, 0, 0], diameterCm: 1, imaging: 'seen' }],
      [
        // rank 1 at (3, 4, 0) cm: 5 cm = 50 mm away (3-4-5); rank 2 at (0, 0, −1) cm: 10 mm away.
        { rank: 1, positionCm: [3, 4, 0] },
        { rank: 2, positionCm: [0, 0, -1] },
      ],
      // Tip 5 cm anterior of the marker, looking posterior (−z): the marker is 50 mm straight ahead; then
      // the tip moved 0.6 cm toward the head: 50 mm deeper and 6 mm toward the feet.
      { positionCm: [0, 0.6, 5], direction: [0, 0, -1] },
    );
    assert.deepEqual(marker?.nearestHotspot, { rank: 2, distanceMm: 10 });
    assert.equal(marker?.fromTip?.depthMm, 50);
    assert.deepEqual(marker?.fromTip?.lateralMm, [0, -6, 0]);
    // √(50² + 6²) = 50.36 mm
    assert.equal(marker?.fromTip?.distanceMm, 50.4);
    assert.equal(marker?.fromTip?.words, '50 mm deeper, 6 mm toward the feet');
  });

  test('no pose: no place from the tip; no hotspot: no nearest', () => {
    const [marker] = placeMarkers(
      [{ id: 'a', label: 'L1', source: 'case', positionCm: [0, 0, 0], diameterCm: null, imaging: null }],
      [],
      null,
    );
    assert.equal(marker?.fromTip, null);
    assert.equal(marker?.nearestHotspot, null);
  });
});
