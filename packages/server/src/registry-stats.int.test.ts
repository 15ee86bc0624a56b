// Issue 14 point 1: registry statistics run in a worker thread within time and work budgets, are cached
// until the data change, and the server keeps answering /api/health meanwhile.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LesionRow } from '@openrgs/report';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { RegistryStatsJobs, replicatesWithinBudget, STATS_WORK_BUDGET } from './domain/registry-stats-job.js';
import { as, errorOf, type TestApp, testApp } from './test-support.js';

const HEADER =
  'caseLabel,tracer,lesion,site,imagingStatus,inVivoRatio,rgsResult,netConfirmed,resectionStatus';

function historic(lesions: number): string {
  const rows = Array.from({ length: lesions }, (_, i) => {
    const tumour = i % 3 !== 0;
    const ratio = (tumour ? 2 : 1) + (i % 17) / 10;
    return `S${i},Tc-99m-EDDA/HYNIC-TOC,S${i}a,bowel,seen,${ratio.toFixed(1)},${tumour ? 'positive' : 'negative'},${tumour ? 'yes' : 'no'},R0`;
  });
  return `${HEADER}\n${rows.join('\n')}\n`;
}

test('the work budget lowers replicates for large registries, never below 100', () => {
  assert.equal(replicatesWithinBudget(1000, 100), 1000);
  assert.equal(replicatesWithinBudget(10_000, 3000), Math.floor(STATS_WORK_BUDGET / 3000));
  assert.ok(replicatesWithinBudget(10_000, 3000) < 10_000);
  assert.equal(replicatesWithinBudget(10_000, 10_000_000), 100);
});

test('a computation over its time budget is stopped and answered 503 with Retry-After', async () => {
  const jobs = new RegistryStatsJobs(1);
  const lesions: LesionRow[] = Array.from({ length: 2000 }, (_, i) => ({
    caseId: `c${i}`,
    caseLabel: `C${i}`,
    tracer: 'Tc',
    lesion: `L${i}`,
    site: 'bowel',
    imagingStatus: 'seen',
    inVivoRatio: 1 + (i % 7),
    exVivoRatio: null,
    rgsResult: 'positive',
    netConfirmed: i % 2 === 0,
    synthetic: false,
  }));
  await assert.rejects(
    jobs.get({
      version: '1',
      includeSynthetic: false,
      replicates: 10_000,
      seed: 1,
      load: async () => ({ cases: [], lesions }),
    }),
    (error: unknown) =>
      error instanceof Error &&
      'code' in error &&
      error.code === 'unavailable' &&
      /longer than/.test(error.message),
  );
});

for (const engine of TEST_ENGINES) {
  describe(`registry statistics off the request thread on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(engine);
      const imported = await t.app.inject({
        method: 'POST',
        url: '/api/registry/import',
        headers: as(t.tokens.surgeon),
        payload: { source: 'bench', csv: historic(300) },
      });
      assert.equal(imported.statusCode, 200, imported.body);
    });
    after(async () => t.close());

    test('health answers while the bootstrap runs; the answer is cached', async () => {
      const started = Date.now();
      const stats = t.app.inject({
        method: 'GET',
        url: '/api/registry/stats?replicates=2000&includeSynthetic=false',
        headers: as(t.tokens.viewer),
      });
      let statsDone = false;
      void stats.then(() => {
        statsDone = true;
      });
      await new Promise((r) => setTimeout(r, 50));
      const health = await t.app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(health.statusCode, 200);
      assert.equal(statsDone, false, 'the statistics finished before health was asked: test too small');
      const res = await stats;
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as {
        lesions: number;
        bootstrap: { replicates: number };
      };
      assert.equal(body.lesions, 300);
      assert.equal(body.bootstrap.replicates, 2000);
      const firstMs = Date.now() - started;
      const again = Date.now();
      const cached = await t.app.inject({
        method: 'GET',
        url: '/api/registry/stats?replicates=2000&includeSynthetic=false',
        headers: as(t.tokens.viewer),
      });
      assert.equal(cached.body, res.body);
      assert.ok(Date.now() - again < firstMs, 'the second answer came from the cache');
    });

    test('replicates outside 100–10000 are refused naming the parameter', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/registry/stats?replicates=1000000',
        headers: as(t.tokens.viewer),
      });
      assert.equal(res.statusCode, 400);
      assert.equal(errorOf(res).path, 'query.replicates');
    });
  });
}
