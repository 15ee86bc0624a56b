// Simulated stations through the API: the virtual patient streams LiveStates; the console's demo can
// move the probe and draw the body map; a constant-rate Poisson station for load tests.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LiveState } from '@openrgs/api';
import { Store } from '@openrgs/store';
import { type TempTarget, tempTarget } from '@openrgs/store/testing';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { hashPassword } from './auth/passwords.js';
import { loadSimulatedSources } from './live/load-simulator.js';
import { createAppWithStore } from './server.js';
import { as, PASSWORD } from './test-support.js';

describe('simulated stations', () => {
  let temp: TempTarget;
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let token: string;
  before(async () => {
    temp = await tempTarget('sqlite');
    store = await Store.open(temp.target);
    const sources = [
      ...(await loadSimulatedSources('ileal-primary-occult-node', 1, 7)),
      ...(await loadSimulatedSources('poisson:200', 1, 1)).map((s) => Object.assign(s, { id: 'load-1' })),
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
    await store.users.create(
      { userId: null, username: 'test' },
      { username: 'op', role: 'surgeon', passwordHash: await hashPassword(PASSWORD) },
    );
    token = (
      (
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'op', password: PASSWORD },
        })
      ).json() as { token: string }
    ).token;
    await app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => close());

  test('a simulated station streams LiveStates from the virtual patient at 20 Hz', async () => {
    const port = (app.server.address() as { port: number }).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/live?token=${token}&stationId=sim-1`);
    const states = await new Promise<LiveState[]>((resolve, reject) => {
      const got: LiveState[] = [];
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as { type: string };
        if (m.type === 'live') got.push(LiveState.parse(m));
        if (got.length === 3) resolve(got);
      });
      ws.on('error', reject);
    });
    ws.close();
    for (const s of states) assert.equal(s.frame.durationSeconds, 0.05);
    assert.equal(states[1]!.seq, states[0]!.seq + 1);
  });

  test('stations list tells which can be moved; pose and body map for the demo', async () => {
    const list = (await app.inject({ url: '/api/stations', headers: as(token) })).json() as {
      id: string;
      poseSupported: boolean;
      scenario: string;
    }[];
    assert.deepEqual(
      list.map((s) => [s.id, s.poseSupported, s.scenario]),
      [
        ['sim-1', true, 'ileal-primary-occult-node'],
        ['load-1', false, 'poisson:200'],
      ],
    );
    const map = (await app.inject({ url: '/api/stations/sim-1/body-map', headers: as(token) })).json() as {
      lesions: unknown[];
      surveyPlaneZCm: number;
    };
    assert.ok(map.lesions.length > 0);
    const moved = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/pose',
      headers: as(token),
      payload: { positionCm: [1, 2, map.surveyPlaneZCm], direction: [0, 0, -1] },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual((moved.json() as { pose: { positionCm: number[] } }).pose.positionCm, [
      1,
      2,
      map.surveyPlaneZCm,
    ]);
    // A screen opened now reads where the probe is (the body map draws its marker before the mouse moves).
    const now = await app.inject({ url: '/api/stations/sim-1/pose', headers: as(token) });
    assert.equal(now.statusCode, 200, now.body);
    assert.deepEqual((now.json() as { pose: { positionCm: number[] } }).pose.positionCm, [
      1,
      2,
      map.surveyPlaneZCm,
    ]);
    const noPose = await app.inject({ url: '/api/stations/load-1/pose', headers: as(token) });
    assert.equal(noPose.statusCode, 409);
    const zero = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/pose',
      headers: as(token),
      payload: { positionCm: [0, 0, 0], direction: [0, 0, 0] },
    });
    assert.equal(zero.statusCode, 400);
    assert.equal((zero.json() as { error: { path: string } }).error.path, 'body.direction');
    const probe = await app.inject({
      method: 'POST',
      url: '/api/stations/load-1/pose',
      headers: as(token),
      payload: { positionCm: [0, 0, 0], direction: [0, 0, -1] },
    });
    assert.equal(probe.statusCode, 409);
  });

  test('settings: the scenario sets the nuclide; the integration mode can be chosen', async () => {
    const got = (await app.inject({ url: '/api/stations/sim-1/settings', headers: as(token) })).json() as {
      nuclidePreset: string;
      integrationMode: string;
      integrationModes: { id: string }[];
    };
    assert.equal(got.nuclidePreset, 'Ga-68');
    assert.equal(got.integrationMode, 'adaptive');
    assert.ok(got.integrationModes.some((m) => m.id === 'window-1s'));
    const put = await app.inject({
      method: 'PUT',
      url: '/api/stations/sim-1/settings',
      headers: as(token),
      payload: { integrationMode: 'window-1s' },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal((put.json() as { integrationMode: string }).integrationMode, 'window-1s');
    const nuclide = await app.inject({
      method: 'PUT',
      url: '/api/stations/sim-1/settings',
      headers: as(token),
      payload: { nuclidePreset: 'Tc-99m' },
    });
    assert.equal(nuclide.statusCode, 409);
    assert.equal((nuclide.json() as { error: { path: string } }).error.path, 'body.nuclidePreset');
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/stations/sim-1/settings',
      headers: as(token),
      payload: { integrationMode: 'window-3s' },
    });
    assert.equal(bad.statusCode, 400);
  });

  test('unknown scenarios and bad poisson rates are refused with the reason', async () => {
    await assert.rejects(
      loadSimulatedSources('no-such-scenario', 1),
      /unknown scenario 'no-such-scenario' \(known: /,
    );
    await assert.rejects(loadSimulatedSources('poisson:abc', 1), /poisson:RATE needs a rate in cps/);
  });
});
