// Issue 13 (point 3): a server restart mid-case does not drop the live session. The station resumes into
// the same case and live session, with the current site's label and kind, the case's background and the
// QC override already given — nothing is retyped, no new session is started — and frame numbers continue
// after the last one on disk. On SQLite and PostgreSQL, restarting the whole server (HTTP, stations, store).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LiveState, Measurement, StationInfo } from '@openrgs/api';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { as, type TestApp, testApp } from './test-support.js';
import { LiveTestClient } from './ws-test-client.js';

for (const engine of TEST_ENGINES) {
  describe(`live session across a server restart on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(engine);
    });
    after(async () => t.close());

    const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url, headers: as(t.tokens.surgeon, headers), payload });
    const subscribe = async (): Promise<LiveTestClient> => {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.server.address() as { port: number };
      const c = await LiveTestClient.open(
        `ws://127.0.0.1:${port}/api/live?token=${t.tokens.surgeon}&stationId=test-1`,
      );
      await c.next('subscribed');
      return c;
    };
    const lastOf = async (c: LiveTestClient, frames: number): Promise<LiveState> => {
      let state = LiveState.parse(await c.next('live'));
      for (let i = 1; i < frames; i += 1) state = LiveState.parse(await c.next('live'));
      return state;
    };

    test('same case, session, site, background and QC override after the restart; frames continue', async () => {
      const probe = (
        await t.app.inject({
          method: 'POST',
          url: '/api/probes',
          headers: as(t.tokens.admin),
          payload: { name: 'OR-1 probe', detector: 'gamma' },
        })
      ).json() as { id: string };
      const caseId = ((await post('/api/cases', { label: 'RESTART-1' })).json() as { id: string }).id;
      const reason = 'check source away for calibration; verified on the phantom this morning';
      assert.equal((await post(`/api/probes/${probe.id}/qc/overrides`, { caseId, reason })).statusCode, 201);
      const started = await post('/api/stations/test-1/sessions', { caseId, probeId: probe.id });
      assert.equal(started.statusCode, 201, started.body);
      const sessionId = (started.json() as { id: string }).id;

      let c = await subscribe();
      for (let i = 0; i < 3; i += 1) {
        await post('/api/stations/test-1/site', { siteLabel: `Background ${i + 1}`, kind: 'background' });
        for (let f = 0; f < 40; f += 1) t.source.push(5);
        const shown = await lastOf(c, 40);
        const rec = await post(
          '/api/stations/test-1/measurements',
          { kind: 'background', toSeq: shown.seq, fromSeq: shown.siteFromSeq },
          { 'idempotency-key': `restart-bg-${i}` },
        );
        assert.equal(rec.statusCode, 201, rec.body);
      }
      await post('/api/stations/test-1/site', { siteLabel: 'Site 5', kind: 'in-vivo' });
      for (let f = 0; f < 10; f += 1) t.source.push(15);
      const before = await lastOf(c, 10);
      assert.equal(before.background?.sites, 3);
      c.close();

      await t.restart();

      const station = StationInfo.parse(
        (await t.app.inject({ url: '/api/stations/test-1', headers: as(t.tokens.viewer) })).json(),
      );
      assert.equal(station.session?.liveSessionId, sessionId, 'the same live session goes on');
      assert.equal(station.session?.caseId, caseId);
      assert.equal(station.session?.siteLabel, 'Site 5');
      assert.equal(station.session?.siteKind, 'in-vivo');
      assert.ok((station.session?.siteFromSeq ?? 0) > before.seq, 'frame numbers continue after the last');

      c = await subscribe();
      for (let f = 0; f < 30; f += 1) t.source.push(15);
      const after = await lastOf(c, 30);
      assert.ok(after.seq > before.seq);
      assert.equal(after.siteFromSeq, station.session?.siteFromSeq);
      assert.equal(after.siteCounts, 450, 'the site counts from the first frame after the restart');
      assert.deepEqual(after.background, before.background, 'the case background is back in the engine');
      const rec = await post(
        '/api/stations/test-1/measurements',
        { kind: 'in-vivo', toSeq: after.seq, fromSeq: after.siteFromSeq },
        { 'idempotency-key': 'restart-lesion-1' },
      );
      assert.equal(rec.statusCode, 201, rec.body);
      const m = Measurement.parse(rec.json());
      assert.equal(m.liveSessionId, sessionId);
      assert.equal(m.siteLabel, 'Site 5');
      assert.equal(m.counts, 450);
      assert.equal(m.verdict, after.verdict);
      c.close();

      // Frames of both processes are on disk under the one session, none overwritten.
      const detail = (
        await t.app.inject({ url: `/api/live-sessions/${sessionId}`, headers: as(t.tokens.viewer) })
      ).json() as { frameCount: number; endedAt: string | null; siteMarks: Array<{ siteLabel: string }> };
      assert.equal(detail.frameCount, 3 * 40 + 10 + 30);
      assert.equal(detail.endedAt, null);
      assert.deepEqual(
        detail.siteMarks.map((mark) => mark.siteLabel),
        ['Background 1', 'Background 2', 'Background 3', 'Site 5', 'Site 5'],
      );
      const audit = (
        await t.app.inject({ url: `/api/audit?caseId=${caseId}`, headers: as(t.tokens.admin) })
      ).json() as Array<{ action: string }>;
      assert.ok(audit.some((a) => a.action === 'live-session.resume'));
      assert.equal(audit.filter((a) => a.action === 'live-session.start').length, 1, 'no new session');
      assert.equal(audit.filter((a) => /override/.test(a.action)).length, 1, 'no second override');
    });
  });
}
