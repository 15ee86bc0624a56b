// Live sessions end to end over a real socket: subscribe, LiveState per frame (validated against the
// api contract), start a session, mark sites, record from the live counts, frames on disk, silence.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LiveServerMessage, LiveState } from '@openrgs/api';
import { TEST_ENGINES } from '@openrgs/store/testing';
import WebSocket from 'ws';
import { as, type TestApp, testApp } from './test-support.js';

class Client {
  private readonly queue: unknown[] = [];
  private waiter: (() => void) | null = null;
  closed: { code: number } | null = null;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.queue.push(JSON.parse(data.toString()));
      this.waiter?.();
    });
    ws.on('close', (code) => {
      this.closed = { code };
      this.waiter?.();
    });
  }
  static async open(url: string): Promise<Client> {
    const ws = new WebSocket(url);
    const client = new Client(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }
  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }
  /** Next message of a type (earlier ones of other types are skipped). */
  async next<T = Record<string, unknown>>(type: string): Promise<T> {
    for (;;) {
      const i = this.queue.findIndex((m) => (m as { type: string }).type === type);
      if (i >= 0) return this.queue.splice(i, 1)[0] as T;
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) before a '${type}' message`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
      this.waiter = null;
    }
  }
  async closedCode(): Promise<number> {
    while (!this.closed) {
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
    return this.closed.code;
  }
}

for (const engine of TEST_ENGINES) {
  describe(`live over WebSocket on ${engine}`, () => {
    let t: TestApp;
    let base: string;
    let fakeNowMs = Date.now();
    before(async () => {
      t = await testApp(engine, { now: () => new Date(fakeNowMs) });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const address = t.app.server.address() as { port: number };
      base = `127.0.0.1:${address.port}`;
    });
    after(async () => t.close());

    test('token in the query: ready, subscribed, one LiveState per frame in seq order', async () => {
      const c = await Client.open(`ws://${base}/api/live?token=${t.tokens.viewer}&stationId=test-1`);
      const ready = await c.next<{ stations: { id: string }[] }>('ready');
      assert.deepEqual(
        ready.stations.map((s) => s.id),
        ['test-1'],
      );
      await c.next('subscribed');
      for (let i = 0; i < 5; i += 1) t.source.push(3);
      const seqs: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const live = LiveState.parse(await c.next('live'));
        assert.equal(live.stationId, 'test-1');
        assert.equal(live.frame.counts, 3);
        seqs.push(live.seq);
      }
      assert.deepEqual(seqs, [seqs[0], seqs[0]! + 1, seqs[0]! + 2, seqs[0]! + 3, seqs[0]! + 4]);
      c.ws.close();
    });

    test('auth by first message; a bad token closes with 1008; anything else first closes with 1008', async () => {
      const early = await Client.open(`ws://${base}/api/live`);
      early.send({ type: 'subscribe', stationId: 'test-1' });
      const err = await early.next<{ error: { code: string } }>('error');
      assert.equal(err.error.code, 'unauthenticated');
      assert.equal(await early.closedCode(), 1008);
      const c = await Client.open(`ws://${base}/api/live`);
      c.send({ type: 'auth', token: t.tokens.surgeon });
      await c.next('ready');
      c.send({ type: 'subscribe', stationId: 'nope' });
      assert.equal((await c.next<{ error: { code: string } }>('error')).error.code, 'not-found');
      c.send({ type: 'bogus' });
      assert.equal((await c.next<{ error: { code: string } }>('error')).error.code, 'validation');
      c.ws.close();
      const bad = await Client.open(`ws://${base}/api/live?token=rgs_${'x'.repeat(43)}`);
      assert.equal(await bad.closedCode(), 1008);
    });

    test('session: background site, lesion site, live records with verdict, frames on disk', async () => {
      const kase = (
        await t.app.inject({
          method: 'POST',
          url: '/api/cases',
          headers: as(t.tokens.surgeon),
          payload: { label: 'live case' },
        })
      ).json() as { id: string };
      const c = await Client.open(`ws://${base}/api/live?token=${t.tokens.surgeon}&stationId=test-1`);
      await c.next('subscribed');
      const started = await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/sessions',
        headers: as(t.tokens.surgeon),
        payload: { caseId: kase.id },
      });
      assert.equal(started.statusCode, 201, started.body);
      const session = started.json() as { id: string };
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/sessions',
        headers: as(t.tokens.surgeon),
        payload: { caseId: kase.id },
      });
      assert.equal(again.statusCode, 409);
      const station = LiveServerMessage.parse(await c.next('station'));
      assert.equal(station.type === 'station' && station.station.session?.caseId, kase.id);

      // Three background sites of 2 s each at ~100 cps (200 counts / 2 s).
      let pushed = 0;
      for (const [i, counts] of [190, 205, 210].entries()) {
        const mark = await t.app.inject({
          method: 'POST',
          url: '/api/stations/test-1/site',
          headers: as(t.tokens.surgeon),
          payload: { siteLabel: `bowel wall ${i + 1}`, kind: 'background' },
        });
        assert.equal(mark.statusCode, 201, mark.body);
        for (let f = 0; f < 40; f += 1)
          t.source.push(f < counts % 40 ? Math.ceil(counts / 40) : Math.floor(counts / 40));
        pushed += 40;
        const rec = await t.app.inject({
          method: 'POST',
          url: '/api/stations/test-1/measurements',
          headers: as(t.tokens.surgeon, { 'idempotency-key': `bg-${i}-0000` }),
          payload: { kind: 'background' },
        });
        assert.equal(rec.statusCode, 201, rec.body);
        const m = rec.json() as {
          counts: number;
          durationSeconds: number;
          siteLabel: string;
          verdict: string;
          fromSeq: number;
          toSeq: number;
        };
        assert.equal(m.siteLabel, `bowel wall ${i + 1}`);
        // The mark's answer names the first frame of the site: the one the measurement starts from.
        assert.equal((mark.json() as { fromSeq: number }).fromSeq, m.fromSeq);
        assert.ok(Math.abs(m.durationSeconds - 2) < 1e-9, `site seconds ${m.durationSeconds}`);
        assert.equal(m.toSeq - m.fromSeq + 1, 40);
        assert.equal(m.verdict, 'undecided');
      }
      // A hot lesion: ~1000 cps for 2 s — the engine, now with a background, decides positive.
      await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/site',
        headers: as(t.tokens.surgeon),
        payload: { siteLabel: 'mesenteric node', kind: 'in-vivo' },
      });
      for (let f = 0; f < 40; f += 1) t.source.push(50);
      pushed += 40;
      // Read up to the last hot frame (the queue still holds the frames of the background sites).
      let lastLive = LiveState.parse(await c.next('live'));
      while (!(lastLive.frame.counts === 50 && Math.abs((lastLive.siteSeconds ?? 0) - 2) < 1e-9)) {
        lastLive = LiveState.parse(await c.next('live'));
      }
      assert.equal(lastLive.background?.sites, 3, 'the three background sites reached the live engine');
      const hot = await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/measurements',
        headers: as(t.tokens.surgeon, { 'idempotency-key': 'hot-node-0001' }),
        payload: { kind: 'in-vivo' },
      });
      assert.equal(hot.statusCode, 201, hot.body);
      const m = hot.json() as {
        verdict: string;
        ratio: number;
        backgroundModel: { sites: number };
        counts: number;
        source: string;
      };
      assert.equal(m.source, 'live');
      assert.equal(m.counts, 2000);
      assert.equal(m.verdict, 'positive');
      assert.equal(m.backgroundModel.sites, 3);
      assert.ok(m.ratio > 5, `T/B ${m.ratio}`);
      const replay = await t.app.inject({
        method: 'POST',
        url: '/api/stations/test-1/measurements',
        headers: as(t.tokens.surgeon, { 'idempotency-key': 'hot-node-0001' }),
        payload: { kind: 'in-vivo' },
      });
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal((replay.json() as { id: string }).id, (hot.json() as { id: string }).id);

      const ended = await t.app.inject({
        method: 'POST',
        url: `/api/live-sessions/${session.id}/end`,
        headers: as(t.tokens.surgeon),
      });
      assert.equal(ended.statusCode, 200, ended.body);
      const detail = (
        await t.app.inject({ url: `/api/live-sessions/${session.id}`, headers: as(t.tokens.viewer) })
      ).json() as { frameCount: number; siteMarks: unknown[]; endedAt: string };
      assert.equal(detail.frameCount, pushed, 'every frame of the session is on disk');
      assert.equal(detail.siteMarks.length, 4);
      assert.ok(detail.endedAt);
      const frames = (
        await t.app.inject({
          url: `/api/live-sessions/${session.id}/frames?limit=5`,
          headers: as(t.tokens.viewer),
        })
      ).json() as unknown[];
      assert.equal(frames.length, 5);
      c.ws.close();
    });

    test('integration mode: a fixed 1 s window shows the last second of counts', async () => {
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/stations/test-1/settings',
        headers: as(t.tokens.surgeon),
        payload: { integrationMode: 'window-1s' },
      });
      assert.equal(put.statusCode, 200, put.body);
      const c = await Client.open(`ws://${base}/api/live?token=${t.tokens.viewer}&stationId=test-1`);
      await c.next('subscribed');
      for (let f = 0; f < 20; f += 1) t.source.push(2);
      for (let f = 0; f < 20; f += 1) t.source.push(3);
      let live = LiveState.parse(await c.next('live'));
      for (let i = 1; i < 40; i += 1) live = LiveState.parse(await c.next('live'));
      // Last 1 s = 20 frames of 3 counts → 60 cps.
      assert.ok(Math.abs(live.rateCps - 60) < 1e-9, `${live.rateCps}`);
      await t.app.inject({
        method: 'PUT',
        url: '/api/stations/test-1/settings',
        headers: as(t.tokens.surgeon),
        payload: { integrationMode: 'adaptive' },
      });
      c.ws.close();
    });

    test('a station that stops sending is shown silent at once, and connected again on the next frame', async () => {
      const c = await Client.open(`ws://${base}/api/live?token=${t.tokens.viewer}&stationId=test-1`);
      await c.next('subscribed');
      t.source.push(1);
      await c.next('live');
      fakeNowMs += 1500;
      t.stations.get('test-1').checkSilence();
      const silent = LiveServerMessage.parse(await c.next('station'));
      assert.equal(silent.type === 'station' && silent.station.probe.status, 'silent');
      t.source.push(1);
      const back = LiveServerMessage.parse(await c.next('station'));
      assert.equal(back.type === 'station' && back.station.probe.status, 'connected');
      c.ws.close();
    });
  });
}
