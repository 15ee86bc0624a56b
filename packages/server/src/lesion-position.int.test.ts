// A lesion's pre-op position through the API (issue 17, display part 3): bad input is refused with a 400
// naming the field (and changes nothing); a good one is stored, read back, changed and cleared — on both
// engines. Then the 3D map of a simulated station recording into the case shows it as a `case` marker
// with its distance from the probe tip (checked against the tip the same answer reports).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MapState } from '@openrgs/api';
import { Store, StoreError } from '@openrgs/store';
import { TEST_ENGINES, type TempTarget, tempTarget } from '@openrgs/store/testing';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from './auth/passwords.js';
import { loadSimulatedSources } from './live/load-simulator.js';
import { withFreehandMaps } from './live/tracked-map.js';
import { createAppWithStore } from './server.js';
import { as, errorOf, PASSWORD, type TestApp, testApp } from './test-support.js';

for (const engine of TEST_ENGINES) {
  describe(`lesion pre-op position through the API on ${engine}`, () => {
    let t: TestApp;
    let caseId: string;
    before(async () => {
      t = await testApp(engine);
      const kase = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: as(t.tokens.surgeon),
        payload: { label: 'POS-API' },
      });
      caseId = (kase.json() as { id: string }).id;
    });
    after(async () => t.close());

    const post = (payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/lesions`,
        headers: as(t.tokens.surgeon),
        payload: payload as Record<string, unknown>,
      });

    test('bad positions are refused with a 400 naming the field, and nothing is stored', async () => {
      const cases: Array<[unknown, string, RegExp]> = [
        [[1, 2], 'body.preopPositionCm', /\[x, y, z\] in cm/],
        [[1, 2, 3, 4], 'body.preopPositionCm', /\[x, y, z\] in cm/],
        [{ x: 1, y: 2, z: 3 }, 'body.preopPositionCm', /\[x, y, z\] in cm/],
        ['1,2,3', 'body.preopPositionCm', /\[x, y, z\] in cm/],
        [[1, '2', 3], 'body.preopPositionCm.1', /y coordinate must be a finite number \(cm\)/],
        [[1, 2, null], 'body.preopPositionCm.2', /z coordinate must be a finite number \(cm\)/],
        [[250, 0, 0], 'body.preopPositionCm.0', /x coordinate must be within ±200 cm.*in mm/],
        [[0, -200.5, 0], 'body.preopPositionCm.1', /y coordinate must be within ±200 cm/],
      ];
      for (const [position, path, message] of cases) {
        const res = await post({ label: 'L-bad', preopPositionCm: position });
        assert.equal(res.statusCode, 400, `${JSON.stringify(position)}: ${res.body}`);
        const error = errorOf(res);
        assert.equal(error.path, path, `${JSON.stringify(position)}: ${res.body}`);
        assert.match(error.message, message, `${JSON.stringify(position)}: ${res.body}`);
      }
      // 1e999 is valid JSON that parses to Infinity: refused, not stored as null.
      const infinite = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/lesions`,
        headers: { ...as(t.tokens.surgeon), 'content-type': 'application/json' },
        payload: '{"label":"L-inf","preopPositionCm":[1e999,0,0]}',
      });
      assert.equal(infinite.statusCode, 400, infinite.body);
      assert.equal(errorOf(infinite).path, 'body.preopPositionCm.0');
      assert.match(errorOf(infinite).message, /x coordinate must be a finite number \(cm\)/);
      const detail = await t.store.cases.get(caseId);
      assert.equal(detail?.lesions.length, 0);
    });

    test('a position is stored, read back, changed (bad change refused) and cleared', async () => {
      const created = await post({ label: 'L1', sizeMm: 12, preopPositionCm: [-4.5, 12.25, 3] });
      assert.equal(created.statusCode, 201, created.body);
      const lesion = created.json() as { id: string; preopPositionCm: unknown };
      assert.deepEqual(lesion.preopPositionCm, [-4.5, 12.25, 3]);
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}`,
        headers: as(t.tokens.viewer),
      });
      assert.deepEqual(
        (read.json() as { lesions: { preopPositionCm: unknown }[] }).lesions[0]?.preopPositionCm,
        [-4.5, 12.25, 3],
      );
      const patch = (payload: Record<string, unknown>) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/cases/${caseId}/lesions/${lesion.id}`,
          headers: as(t.tokens.surgeon),
          payload,
        });
      const bad = await patch({ preopPositionCm: [0, 0, 1000] });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(errorOf(bad).path, 'body.preopPositionCm.2');
      const moved = await patch({ preopPositionCm: [0, 1, 2] });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual((moved.json() as { preopPositionCm: unknown }).preopPositionCm, [0, 1, 2]);
      const cleared = await patch({ preopPositionCm: null });
      assert.equal(cleared.statusCode, 200, cleared.body);
      assert.equal((cleared.json() as { preopPositionCm: unknown }).preopPositionCm, null);
    });
  });
}

describe('pre-op markers of the case in the 3D map of a simulated station', () => {
  let temp: TempTarget;
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let token = '';
  before(async () => {
    temp = await tempTarget('sqlite');
    store = await Store.open(temp.target);
    const sources = withFreehandMaps(await loadSimulatedSources('qc-co57', 1, 1), () => {});
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
      { username: 'u-surgeon', role: 'surgeon', passwordHash: await hashPassword(PASSWORD) },
    );
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'u-surgeon', password: PASSWORD },
    });
    token = (login.json() as { token: string }).token;
  });
  after(async () => close());

  test('a lesion with a position is a case marker with its distance from the tip; without a session, none', async () => {
    const h = as(token);
    const getMap = async () => {
      const res = await app.inject({ method: 'GET', url: '/api/stations/sim-1/map', headers: h });
      assert.equal(res.statusCode, 200, res.body);
      return MapState.parse(res.json());
    };
    const kase = (
      await app.inject({ method: 'POST', url: '/api/cases', headers: h, payload: { label: 'MAP-POS' } })
    ).json() as { id: string };
    const lesion = await app.inject({
      method: 'POST',
      url: `/api/cases/${kase.id}/lesions`,
      headers: h,
      payload: {
        label: 'Expected node',
        sizeMm: 10,
        preopImagingStatus: 'seen',
        preopPositionCm: [2, -3, -4],
      },
    });
    assert.equal(lesion.statusCode, 201, lesion.body);
    await app.inject({
      method: 'POST',
      url: `/api/cases/${kase.id}/lesions`,
      headers: h,
      payload: { label: 'No position' },
    });
    assert.equal((await getMap()).lesionMarkers.filter((m) => m.source === 'case').length, 0);

    const session = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/sessions',
      headers: h,
      payload: { caseId: kase.id },
    });
    assert.equal(session.statusCode, 201, session.body);
    const pose = await app.inject({
      method: 'POST',
      url: '/api/stations/sim-1/pose',
      headers: h,
      payload: { positionCm: [2, -3, 1], direction: [0, 0, -1] },
    });
    assert.equal(pose.statusCode, 200, pose.body);
    const state = await getMap();
    const mine = state.lesionMarkers.filter((m) => m.source === 'case');
    assert.equal(mine.length, 1, JSON.stringify(state.lesionMarkers));
    const marker = mine[0];
    assert.equal(marker?.label, 'Expected node');
    assert.equal(marker?.diameterCm, 1);
    assert.equal(marker?.imaging, 'seen');
    // The tip 5 cm anterior of the lesion, looking posterior: 50 mm straight ahead.
    assert.deepEqual(state.probe, { tipCm: [2, -3, 1], direction: [0, 0, -1] });
    assert.equal(marker?.fromTip?.distanceMm, 50);
    assert.equal(marker?.fromTip?.words, '50 mm deeper');
    assert.equal(marker?.nearestHotspot, null, 'no scan, no hotspot');
    assert.equal(state.caseMarkersError, null);

    // The storage cannot be read: the map is still answered, without the case's markers, saying why.
    const lesions = store.caseItems.lesions;
    store.caseItems.lesions = async () => {
      throw new StoreError('storage-unavailable', 'the database is not answering');
    };
    try {
      const degraded = await getMap();
      assert.deepEqual(
        degraded.lesionMarkers.filter((m) => m.source === 'case'),
        [],
      );
      assert.match(
        degraded.caseMarkersError ?? '',
        /pre-op lesion positions could not be read \(the database is not answering\)/,
      );
      assert.deepEqual(degraded.probe, state.probe, 'the rest of the map is answered');
    } finally {
      store.caseItems.lesions = lesions;
    }
  });
});
