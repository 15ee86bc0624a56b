// The simulated spectrometer station through the API (issue 15): an Open Gamma Detector emulated from its
// firmware's serial format, read by the real OGD driver, exposes its pulse-height spectrum, calibration and
// the counts in and out of each photopeak window; its frames are the in-window counts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type StationInfo, StationSpectrum } from '@openrgs/api';
import { Store } from '@openrgs/store';
import { type TempTarget, tempTarget } from '@openrgs/store/testing';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from './auth/passwords.js';
import { loadSimulatedSources } from './live/load-simulator.js';
import { createAppWithStore } from './server.js';
import { as, errorOf, PASSWORD } from './test-support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('simulated spectrometer station', () => {
  let temp: TempTarget;
  let store: Store;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let token: string;
  before(async () => {
    temp = await tempTarget('sqlite');
    store = await Store.open(temp.target);
    const sources = [
      ...(await loadSimulatedSources('spectrometer:Tc-99m', 1, 3)),
      ...(await loadSimulatedSources('spectrometer:111In', 1, 4)).map((s) =>
        Object.assign(s, { id: 'spectro-in' }),
      ),
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
    // The OGD codec closes 1 s frames on the first bytes after them, starting at the first full frame.
    await sleep(3600);
  });
  after(async () => close());

  const spectrumOf = async (id: string) => {
    const res = await app.inject({ url: `/api/stations/${id}/spectrum`, headers: as(token) });
    assert.equal(res.statusCode, 200, res.body);
    return StationSpectrum.parse(res.json());
  };

  test('Tc-99m: one 20 % window on 140.511 keV, calibration from two peaks, counts add up', async () => {
    const s = await spectrumOf('spectro-1');
    assert.equal(s.nuclide, 'Tc-99m');
    // 140.511 keV (DDEP) ± 10 %: 126.4599–154.5621 keV.
    assert.equal(s.windows.length, 1);
    assert.ok(Math.abs((s.windows[0]?.lowKeV ?? 0) - 126.4599) < 1e-3);
    assert.ok(Math.abs((s.windows[0]?.highKeV ?? 0) - 154.5621) < 1e-3);
    // The simulated detector's true response is 0.33 keV/channel from 2 keV; peaks read to 0.1 channel.
    assert.ok(Math.abs(s.calibration.keVPerChannel - 0.33) < 1e-4);
    assert.ok(Math.abs(s.calibration.offsetKeV - 2) < 0.05);
    assert.deepEqual(
      s.calibration.peaks.map((p) => p.source),
      ['Am-241', 'Cs-137'],
    );
    assert.ok(s.frames >= 2 && s.throughFrame >= s.frames, `${s.frames} frames`);
    assert.equal(s.channels.length, 4096);
    const sum = s.channels.reduce((a, b) => a + b, 0);
    assert.equal(sum, s.totalCounts);
    assert.equal(s.inWindowCounts + s.outOfWindowCounts, s.totalCounts);
    // The windows recounted here from the channels with the calibration: the driver's counts agree.
    const { keVPerChannel, offsetKeV } = s.calibration;
    const inWindow = s.channels.reduce((acc, n, ch) => {
      const e = offsetKeV + keVPerChannel * ch;
      return acc + (s.windows.some((w) => e >= w.lowKeV && e < w.highKeV) ? n : 0);
    }, 0);
    assert.equal(inWindow, s.inWindowCounts);
    assert.equal(s.windows[0]?.counts, s.inWindowCounts);
    // ~400 interactions/s above the 30 keV threshold: a frame holds hundreds of events, and the photopeak
    // (88 % unscattered, NaI τ/μ 0.84 at 140 keV) is most of them but the scatter and continuum are not nothing.
    assert.ok(
      s.totalCounts / s.seconds > 250 && s.totalCounts / s.seconds < 550,
      `${s.totalCounts}/${s.seconds}`,
    );
    const fraction = s.inWindowCounts / s.totalCounts;
    assert.ok(fraction > 0.4 && fraction < 0.85, `in-window fraction ${fraction}`);
  });

  test('In-111: a window on each photopeak, 171.28 and 245.35 keV', async () => {
    const s = await spectrumOf('spectro-in');
    assert.equal(s.nuclide, 'In-111');
    assert.deepEqual(
      s.windows.map((w) => w.lineKeV),
      [171.28, 245.35],
    );
    // 171.28 ± 10 % = 154.152–188.408; 245.35 ± 10 % = 220.815–269.885 keV.
    assert.ok(Math.abs((s.windows[1]?.lowKeV ?? 0) - 220.815) < 1e-3);
    assert.equal(
      s.windows.reduce((a, w) => a + w.counts, 0),
      s.inWindowCounts,
    );
    assert.ok((s.windows[0]?.counts ?? 0) > 0 && (s.windows[1]?.counts ?? 0) > 0);
  });

  test('the station says it has a spectrum; other stations answer 409', async () => {
    const list = (await app.inject({ url: '/api/stations', headers: as(token) })).json() as StationInfo[];
    const byId = new Map(list.map((s) => [s.id, s]));
    assert.equal(byId.get('spectro-1')?.spectrumSupported, true);
    assert.equal(byId.get('spectro-1')?.frameSeconds, 1);
    assert.equal(byId.get('spectro-1')?.probe.status, 'connected');
    assert.equal(byId.get('load-1')?.spectrumSupported, false);
    const res = await app.inject({ url: '/api/stations/load-1/spectrum', headers: as(token) });
    assert.equal(res.statusCode, 409);
    assert.match(errorOf(res).message, /not a spectroscopic probe/);
  });

  test('an unknown nuclide is refused in words', async () => {
    await assert.rejects(
      loadSimulatedSources('spectrometer:Xx-1', 1, 1),
      /spectrometer:NUCLIDE needs a nuclide/,
    );
  });
});
