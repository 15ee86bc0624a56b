// The POINT lists `--igtl-serve` sends 3D Slicer: pre-op markers and hotspots in the IMAGE/TRANSFORM frame
// (patient cm → RAS mm: R = −x, A = z, S = y, worked by hand below), with the console's colours, and the
// pre-op list sent when it changes, not on every read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IgtlPoint, IgtlServer } from '@openrgs/probe';
import { ManualSource } from '../test-support.js';
import { hotspotPoints, markerPoints, pointName } from './igtl-points.js';
import type { PlainMarker } from './lesion-markers.js';
import { TrackedMap } from './tracked-map.js';

const petNode: PlainMarker = {
  id: 'l1',
  label: 'PET node',
  source: 'case',
  positionCm: [1, 2, 3],
  diameterCm: 1.1,
  imaging: 'seen',
};

test('a case marker: its label, RAS mm (1, 2, 3) cm → (−10, 30, 20) mm, its diameter in mm, purple', () => {
  const [p] = markerPoints([petNode, { ...petNode, source: 'scenario', diameterCm: null }]);
  assert.deepEqual(p, {
    name: 'PET node',
    group: 'Pre-op lesion',
    // #CC79A7
    rgba: [204, 121, 167, 255],
    positionMm: [-10, 30, 20],
    diameterMm: 11,
    owner: 'OpenRGSMap',
  });
  const [, scenario] = markerPoints([petNode, { ...petNode, source: 'scenario', diameterCm: null }]);
  assert.equal(scenario?.group, 'Scenario lesion');
  // #37D67A
  assert.deepEqual(scenario?.rgba, [55, 214, 122, 255]);
  assert.equal(scenario?.diameterMm, 0, 'no size recorded: 0 (point.md: "Diameter can be 0")');
});

test('point names: accents dropped, other non-ASCII as ?, at most 63 characters', () => {
  assert.equal(pointName('Lésion hépatique'), 'Lesion hepatique');
  assert.equal(pointName('Knoten ✓ 2'), 'Knoten ? 2');
  assert.equal(pointName('n'.repeat(80)).length, 63);
});

test('hotspots: named by rank and relative activity, the strongest cyan, the fitted sphere diameter (0: a point)', () => {
  const points = hotspotPoints([
    { positionCm: [0.5, -1, -2], relativeActivity: 1, diameterMm: 12.5 },
    { positionCm: [0, 0, 0], relativeActivity: 0.424, diameterMm: 0 },
  ]);
  assert.deepEqual(
    points.map((p) => [p.name, p.rgba, p.positionMm, p.diameterMm]),
    [
      ['Hotspot 1 (100 %)', [0x22, 0xd3, 0xee, 255], [-5, -20, -10], 12.5],
      ['Hotspot 2 (42 %)', [0x67, 0xa8, 0xff, 255], [0, 0, 0], 0],
    ],
  );
});

function fakeServer() {
  const sent: Array<{ device: string; points: readonly IgtlPoint[] }> = [];
  const server: IgtlServer = {
    port: 0,
    clients: () => 1,
    sendImage: () => {},
    sendTransform: () => {},
    sendPoints: (device, points) => sent.push({ device, points }),
    close: async () => {},
  };
  return { server, sent };
}

test('the pre-op list goes out when 3D Slicer is served and whenever the markers change, not when unchanged', () => {
  const map = new TrackedMap(new ManualSource('probe-1'), {
    probeId: 'csi-14mm',
    nuclide: 'Tc-99m',
    medium: { kind: 'air' },
    simulation: null,
    updateIntervalMs: 500,
    log: () => {},
  });
  const { server, sent } = fakeServer();
  map.setCaseMarkers([petNode]);
  assert.equal(sent.length, 0, 'nothing before --igtl-serve');
  map.serveIgtl(server);
  assert.deepEqual(
    sent.map((s) => [s.device, s.points.map((p) => p.positionMm)]),
    [['OpenRGSPreop', [[-10, 30, 20]]]],
  );
  map.setCaseMarkers([{ ...petNode }]);
  assert.equal(sent.length, 1, 'the same markers read again are not sent again');
  map.setCaseMarkers([{ ...petNode, positionCm: [1, 2, 4] }]);
  assert.deepEqual(sent.at(-1)?.points[0]?.positionMm, [-10, 40, 20]);
  map.setCaseMarkers([]);
  assert.deepEqual(sent.at(-1), { device: 'OpenRGSPreop', points: [] });
  assert.equal(sent.length, 3);
});
