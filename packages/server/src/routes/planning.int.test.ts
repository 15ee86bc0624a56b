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
      lesions: {
        label: string;
        detectionProbability5s: number;
        detectionProbability5sKnownBackground: number;
        detectable: boolean;
        reasons: string[];
      }[];
      recommendedWindow: { fromHours: number; toHours: number } | null;
      plannedTimingInWindow: boolean;
      window: { ok: boolean; reason?: string };
      verdictModel: { rule: string; alpha: number; backgroundSites: number; spreadPriorBasis: string };
      undetectableLesions: { label: string; bestProbability: number; reason: string }[];
    };
    assert.equal(body.lesions.length, 4);
    assert.ok(body.lesions.every((l) => l.detectionProbability5s >= 0 && l.detectionProbability5s <= 1));
    // Issue 12: the plan assumes what the live stations do (counting DECISION_SETTINGS: adaptive, alpha
    // 5 %, the sites the engine asks for at the planned spread — 5 at CV 25 %) and the department's learnt
    // spread when the store has one — this empty store has none, and the plan says so.
    assert.equal(body.verdictModel.rule, 'adaptive');
    assert.equal(body.verdictModel.alpha, 0.05);
    assert.equal(body.verdictModel.backgroundSites, 5);
    assert.match(
      body.verdictModel.spreadPriorBasis,
      /no spread prior: too few past 99mTc-EDDA\/HYNIC-TOC cases/,
    );
    // Then the primary is likely found and the published 4–7 h lies in the window (docs/planning.md §5);
    // the three other lesions of the example are undetectable at any time.
    assert.ok(body.window.ok);
    assert.equal(body.plannedTimingInWindow, true);
    assert.deepEqual(
      body.lesions.map((l) => l.detectable),
      [true, false, false, false],
    );
    const primary = body.lesions[0];
    assert.ok(primary && primary.detectionProbability5sKnownBackground > 0.99);
    assert.ok(primary.detectionProbability5s >= 0.9, `${primary.detectionProbability5s}`);
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
    // The planning package's one issue, named at its place in the body (the whole error body).
    assert.deepEqual(Object.keys(errorOf(probe)), ['code', 'message', 'path']);
    assert.equal(errorOf(probe).code, 'validation');
    assert.match(errorOf(probe).message, /^body\.probe: /);
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
