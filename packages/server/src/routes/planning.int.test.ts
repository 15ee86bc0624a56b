import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { as, errorOf, type TestApp, testApp } from '../test-support.js';

const example = join(import.meta.dirname, '../../../../examples/plan-ileal-net.json');

// Planning stores nothing: one engine is enough.
describe('planning API', () => {
  let t: TestApp;
  let plan: Record<string, unknown>;
  before(async () => {
    t = await testApp('sqlite');
    plan = JSON.parse(await readFile(example, 'utf8')) as Record<string, unknown>;
  });
  after(async () => t.close());

  test('tracer presets need sign-in', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/planning/tracers' });
    assert.equal(anonymous.statusCode, 401);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/planning/tracers',
      headers: as(t.tokens.viewer),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((res.json() as { tracers: unknown[] }).tracers.length, 4);
  });

  test('a plan returns the contract fields (computed in the worker)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/planning/plan',
      headers: as(t.tokens.surgeon),
      payload: plan,
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as {
      lesions: { label: string; detectionProbability5s: number; detectable: boolean }[];
      recommendedWindow: { fromHours: number; toHours: number };
      plannedTimingInWindow: boolean;
      window: { figureOfMerit: string; basisLesions: string[]; basisLesion: string; criterion: string };
      verdictModel: { rule: string; backgroundSites: number; spreadCv: number };
      undetectableLesions: { label: string; bestProbability: number; reason: string }[];
    };
    assert.equal(body.lesions.length, 4);
    assert.ok(body.lesions.every((l) => l.detectionProbability5s >= 0 && l.detectionProbability5s <= 1));
    assert.ok(body.recommendedWindow.fromHours > 0);
    // Issue 12: the window from detectability, its basis and the undetectable lesions (the example's
    // 600 MBq at 4–7 h — the published protocol, Hodolič 2009 — is inside).
    assert.ok(body.recommendedWindow.fromHours <= 4 && body.recommendedWindow.toHours >= 7);
    assert.equal(body.plannedTimingInWindow, true);
    assert.equal(body.window.figureOfMerit, 'correct-verdict-probability');
    assert.deepEqual(body.window.basisLesions, ['ileal primary']);
    assert.equal(body.verdictModel.rule, 'adaptive');
    assert.deepEqual(
      body.undetectableLesions.map((u) => u.label),
      ['mesenteric node', 'small serosal deposit', 'segment VI liver met'],
    );
    assert.deepEqual(
      body.lesions.map((l) => l.detectable),
      [true, false, false, false],
    );
  });

  test('an invalid plan is a 400 naming the fields', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/planning/plan',
      headers: as(t.tokens.surgeon),
      payload: { ...plan, lesions: [{ label: 'x', diameterMm: 30, depthCm: 1, uptakeRatio: 4 }], extra: 1 },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /body\.lesions\.0\.depthCm/);
    assert.match(res.body, /extra/);
    const probe = await t.app.inject({
      method: 'POST',
      url: '/api/planning/plan',
      headers: as(t.tokens.surgeon),
      payload: { ...plan, probe: 'nope' },
    });
    assert.equal(probe.statusCode, 400);
    assert.equal(errorOf(probe).path, 'body.probe');
  });

  test('plan sheet PDF', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/planning/plan.pdf',
      headers: as(t.tokens.surgeon),
      payload: plan,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('dose report with a specimen; bad role named', async () => {
    const payload = {
      tracer: plan.tracer,
      injectedActivityMBq: plan.injectedActivityMBq,
      injectedAt: plan.injectedAt,
      surgeryStart: plan.surgeryStart,
      surgeryDurationMinutes: plan.surgeryDurationMinutes,
      pregnantRoles: ['scrub-nurse'],
      specimens: [{ label: 'ileal segment', activityMBq: 0.8, massG: 120 }],
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/planning/dose',
      headers: as(t.tokens.surgeon),
      payload,
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as {
      specimens: { releaseAt: string }[];
      pregnancy: { checks: { role: string }[] };
    };
    assert.equal(body.specimens[0]?.releaseAt, '2026-03-12T02:54:00+01:00');
    assert.deepEqual(
      body.pregnancy.checks.map((c) => c.role),
      ['scrub-nurse'],
    );
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/planning/dose',
      headers: as(t.tokens.surgeon),
      payload: { ...payload, pregnantRoles: ['porter'] },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(errorOf(bad).path ?? '', /^body\.pregnantRoles\.0/);
  });
});
