// Tracked freehand scans on a simulated station through the API (issue 17 point 1): the server moves the
// virtual probe along a freehand sweep, pairs every frame with the pose, updates the map in a worker at
// least once a second while sweeping, and makes the final map when the scan stops. The analytic case of
// issue 17: a point source in air (the Co-57 check source of the qc-co57 scenario) — the hotspot lies at
// the source within one voxel; the oracle is the scenario's source position, not the reconstruction.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MapState, MapVolume } from '@openrgs/api';
import { findScenario } from '@openrgs/sim';
import { Store } from '@openrgs/store';
import { type TempTarget, tempTarget } from '@openrgs/store/testing';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from './auth/passwords.js';
import { loadSimulatedSources } from './live/load-simulator.js';
import { withFreehandMaps } from './live/tracked-map.js';
import { createAppWithStore } from './server.js';
import { as, errorOf, ManualSource, PASSWORD } from './test-support.js';

const SCENARIO = 'qc-co57';
const SCAN = { sweep: 'simulated-freehand', seconds: 12, voxelSizeMm: 5, depthCm: 5, seed: 3 } as const;

describe('tracked freehand scan of a simulated station', () => {
  let temp: TempTarget;
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  const tokens: Record<string, string> = {};
  const log: string[] = [];
  before(async () => {
    temp = await tempTarget('sqlite');
    store = await Store.open(temp.target);
    const sources = [
      ...withFreehandMaps(await loadSimulatedSources(SCENARIO, 1, 1), (l) => log.push(l)),
      new ManualSource('manual-1'),
    ];
    const built = await createAppWithStore(store, {
      sources,
      consoleDir: '/nonexistent',
      logError: () => {},
    });
    app = built.app;
    close = async () => {
      await app.close();
      await built.stations.close();
      await store.close();
      await temp.cleanup();
    };
    const hash = await hashPassword(PASSWORD);
    for (const role of ['surgeon', 'viewer'] as const) {
      await store.users.create(
        { userId: null, username: 'test' },
        { username: `u-${role}`, role, passwordHash: hash },
      );
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `u-${role}`, password: PASSWORD },
      });
      tokens[role] = (res.json() as { token: string }).token;
    }
  });
  after(async () => close());

  const getMap = async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/stations/sim-1/map',
      headers: as(tokens.viewer),
    });
    assert.equal(res.statusCode, 200, res.body);
    return MapState.parse(res.json());
  };

  test('bad requests are refused naming the problem', async () => {
    const idle = await getMap();
    assert.equal(idle.state, 'idle');
    assert.equal(idle.hotspots.length, 0);
    // Pre-op markers are the scenario's lesions that imaging showed.
    const scenario = findScenario(SCENARIO);
    assert.ok(scenario);
    assert.equal(idle.lesionMarkers.length, scenario.lesions.filter((l) => l.imaging !== 'not-seen').length);

    const noSeconds = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/map/scan',
      headers: as(tokens.surgeon),
      payload: { sweep: 'simulated-freehand', voxelSizeMm: 5, depthCm: 5 },
    });
    assert.equal(noSeconds.statusCode, 400);
    assert.match(errorOf(noSeconds).message, /seconds/);
    const noVoxel = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/map/scan',
      headers: as(tokens.surgeon),
      payload: { sweep: 'simulated-freehand', seconds: 10, depthCm: 5 },
    });
    assert.equal(noVoxel.statusCode, 400);
    assert.match(JSON.stringify(errorOf(noVoxel)), /voxelSizeMm/);
    const manual = await app.inject({
      method: 'POST',
      url: '/api/stations/manual-1/map/scan',
      headers: as(tokens.surgeon),
      payload: SCAN,
    });
    assert.equal(manual.statusCode, 400);
    assert.match(errorOf(manual).message, /cannot map/);
    const viewer = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/map/scan',
      headers: as(tokens.viewer),
      payload: SCAN,
    });
    assert.equal(viewer.statusCode, 403);
    const stop = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/map/stop',
      headers: as(tokens.surgeon),
    });
    assert.equal(stop.statusCode, 409);
    const volume = await app.inject({
      method: 'GET',
      url: '/api/stations/sim-1/map/volume',
      headers: as(tokens.viewer),
    });
    assert.equal(volume.statusCode, 404);
  });

  test('a simulated sweep updates the map live and ends with the final map, the hotspot at the point source', async () => {
    const started = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/map/scan',
      headers: as(tokens.surgeon),
      payload: SCAN,
    });
    assert.equal(started.statusCode, 201, started.body);
    assert.equal(MapState.parse(started.json()).state, 'scanning');
    const again = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/map/scan',
      headers: as(tokens.surgeon),
      payload: SCAN,
    });
    assert.equal(again.statusCode, 409);

    // While sweeping: the probe moves and the live map's update count grows.
    const tips = new Set<string>();
    let scanning = await getMap();
    let lastUpdates = 0;
    const seenUpdates: number[] = [];
    while (scanning.state === 'scanning') {
      if (scanning.probe) tips.add(scanning.probe.tipCm.join(','));
      if (scanning.liveUpdates !== lastUpdates) seenUpdates.push(scanning.liveUpdates);
      lastUpdates = scanning.liveUpdates;
      await new Promise((r) => setTimeout(r, 400));
      scanning = await getMap();
    }
    assert.ok(tips.size > 10, `the virtual probe moved (${tips.size} distinct tips)`);
    assert.ok(seenUpdates.length >= 3, `live updates were published during the scan: ${seenUpdates}`);

    let done = scanning;
    const deadline = Date.now() + 30_000;
    while (done.state === 'reconstructing' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      done = await getMap();
    }
    assert.equal(done.state, 'done', JSON.stringify({ ...done, hotspots: undefined }));
    assert.equal(done.final, true);
    assert.ok(done.scanSeconds >= 11.5 && done.scanSeconds < 16, `scan seconds ${done.scanSeconds}`);
    // Live updates kept coming through the scan. The goal (≥ 1 per second) is a figure — rgs bench
    // map and MapState.liveUpdatesPerSecond report it — not a timed assertion on a shared machine: here the
    // rate must only show updates did not stall (half the goal; 0.92/s was seen at load average 20 on 2 cores).
    assert.ok((done.liveUpdatesPerSecond as number) >= 0.5, `live rate ${done.liveUpdatesPerSecond}/s`);
    assert.ok((done.reconstructionSeconds as number) > 0);
    assert.equal(done.framesWithoutPose, 0);
    // 20 Hz frames for 12 s: every frame of the sweep was paired with its pose.
    assert.ok(done.framesUsed >= 200 && done.framesUsed <= 260, `frames used ${done.framesUsed}`);

    // One source, one hotspot, within one voxel (5 mm) of it.
    const scenario = findScenario(SCENARIO);
    assert.ok(scenario);
    const source = scenario.lesions[0]!.centerCm;
    assert.equal(scenario.lesions.length, 1);
    assert.equal(done.hotspots.length, 1, JSON.stringify(done.hotspots));
    const p = done.hotspots[0]!.positionCm;
    const errorCm = Math.hypot(p[0] - source[0], p[1] - source[1], p[2] - source[2]);
    assert.ok(errorCm <= SCAN.voxelSizeMm / 10, `hotspot ${p} vs source ${source}: ${errorCm * 10} mm`);
    assert.equal(done.hotspots[0]!.relativeActivity, 1);
    // Distance from the tip: recomputed here from the pose the API reports.
    const tip = done.probe!.tipCm;
    for (const h of done.hotspots) {
      const d = Math.hypot(h.positionCm[0] - tip[0], h.positionCm[1] - tip[1], h.positionCm[2] - tip[2]) * 10;
      assert.ok(Math.abs(h.fromTip!.distanceMm - d) < 0.2, `${h.fromTip!.distanceMm} vs ${d}`);
      assert.match(h.fromTip!.words, /^\d+ mm (deeper|behind the tip)/);
    }

    const volumeRes = await app.inject({
      method: 'GET',
      url: '/api/stations/sim-1/map/volume',
      headers: as(tokens.viewer),
    });
    assert.equal(volumeRes.statusCode, 200);
    const volume = MapVolume.parse(volumeRes.json());
    assert.equal(volume.final, true);
    const bytes = Buffer.from(volume.dataBase64, 'base64');
    assert.equal(bytes.length, volume.grid.dims[0] * volume.grid.dims[1] * volume.grid.dims[2]);
    assert.equal(Math.max(...bytes), 255);
    assert.deepEqual(volume.grid.dims, done.grid!.dims);
    assert.ok(
      log.some((l) => /final map in/.test(l)),
      log.join('\n'),
    );
  });

  test('a late virtual tracker (0.15 s injected): the latency is estimated from the data and reported', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/map/scan',
      headers: as(tokens.surgeon),
      payload: { sweep: 'station', voxelSizeMm: 5, depthCm: 5, trackerLatencySeconds: 0.15 },
    });
    assert.equal(refused.statusCode, 400);
    assert.match(errorOf(refused).message, /simulated freehand/);
    const injected = 0.15;
    const started = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/map/scan',
      headers: as(tokens.surgeon),
      payload: { ...SCAN, trackerLatencySeconds: injected },
    });
    assert.equal(started.statusCode, 201, started.body);
    let done = await getMap();
    const deadline = Date.now() + 60_000;
    while (done.state !== 'done' && done.state !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      done = await getMap();
    }
    assert.equal(done.state, 'done', JSON.stringify({ ...done, hotspots: undefined }));
    assert.ok(done.latencyEstimate, 'a latency estimate with the final map');
    // The oracle is the injected lag: the simulator counts each frame at the sweep's pose at the frame's
    // midpoint (beforeFrame) and the map pairs at the midpoint, so the truth is 0.15 s (before frames were
    // counted at their end's pose: 0.15 s + half a 0.05 s frame). The estimate must not be confidently wrong: either it says it is
    // reliable, and then the truth is inside its stated 95 % interval and within 0.08 s (four 0.02 s steps;
    // 0 would be outside), or it says it is unreliable, with a reason and an interval that spans its modes.
    const truth = injected;
    const l = done.latencyEstimate;
    const said = JSON.stringify(l);
    assert.ok(l.uncertaintySeconds > 0, said);
    assert.ok(l.intervalSeconds[0] <= l.latencySeconds && l.latencySeconds <= l.intervalSeconds[1], said);
    if (l.reliable) {
      assert.equal(l.reason, null);
      assert.ok(l.intervalSeconds[0] <= truth && truth <= l.intervalSeconds[1], `truth ${truth} s: ${said}`);
      assert.ok(Math.abs(l.latencySeconds - truth) <= 0.08, `truth ${truth} s: ${said}`);
    } else
      assert.ok(
        l.reason && l.uncertaintySeconds >= (l.intervalSeconds[1] - l.intervalSeconds[0]) / 2 - 0.002,
        said,
      );
  });
});
