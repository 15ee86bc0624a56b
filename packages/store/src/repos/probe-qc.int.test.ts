import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Store } from '../store.js';
import { TEST_ENGINES, type TempTarget, tempTarget } from '../testing.js';
import type { NewQcCheck, ProbeQcProfileInput } from './probe-qc.js';

const actor = { userId: null, username: 'physicist.a' };

const PROFILE: ProbeQcProfileInput = {
  detectorMaterial: 'CdZnTe',
  energyWindows: [{ label: 'Tc-99m', lowerKeV: 120, upperKeV: null }],
  deadTimeSeconds: 4e-6,
  referenceSource: {
    nuclide: 'Co-57',
    activityMBq: 0.185,
    calibratedAt: '2026-01-01T12:00:00+01:00',
    serial: 'CS-77',
  },
  baselineCpsPerMBq: 5000,
  baselineMeasuredAt: '2026-01-02T09:00:00Z',
  constancyTolerance: { warnPercent: 5, failPercent: 10 },
  constancyCountSeconds: 10,
  maxBackgroundCps: 10,
  referenceBackgroundCps: 1.5,
  manufacturerFigures: { sensitivityCpsPerMBq: 20000, angularFwhmDeg: 40 },
  baselineFigures: { sensitivityCpsPerMBq: 12500 },
};

function check(at: string, result: 'pass' | 'warn' | 'fail', deviationPercent = 0): NewQcCheck {
  return {
    checkedAt: at,
    nuclide: 'Co-57',
    sourceActivityMBq: 0.185,
    sourceCalibratedAt: '2026-01-01T11:00:00Z',
    baselineCpsPerMBq: 5000,
    measuredCounts: 4625,
    countSeconds: 10,
    backgroundCounts: null,
    backgroundSeconds: null,
    expectedCps: 462.5,
    measuredCps: 462.5 * (1 + deviationPercent / 100),
    deviationPercent,
    countingUncertaintyPercent: 1.47,
    warnPercent: 5,
    failPercent: 10,
    constancyResult: result,
    backgroundResult: null,
    checklist: { 'visual-inspection': 'ok', battery: 'ok', cable: 'ok', audio: 'ok' },
    checklistResult: 'pass',
    result,
    detail: { reasons: ['within-tolerance'] },
    note: null,
  };
}

for (const engine of TEST_ENGINES) {
  describe(`probe QC records on ${engine}`, () => {
    let temp: TempTarget;
    let store: Store;
    let probeId: string;
    before(async () => {
      temp = await tempTarget(engine);
      store = await Store.open(temp.target);
      probeId = (await store.probes.create(actor, { name: `P-${engine}`, detector: 'gamma' })).id;
    });
    after(async () => {
      await store.close();
      await temp.cleanup();
    });

    test('a probe has no QC profile until one is put; put then get round-trips (times in UTC)', async () => {
      assert.equal(await store.probeQc.getProfile(probeId), null);
      const saved = await store.probeQc.putProfile(actor, probeId, PROFILE);
      const got = await store.probeQc.getProfile(probeId);
      assert.deepEqual(got, saved);
      assert.equal(got?.referenceSource?.calibratedAt, '2026-01-01T11:00:00.000Z');
      assert.equal(got?.referenceSource?.activityMBq, 0.185);
      assert.deepEqual(got?.energyWindows, PROFILE.energyWindows);
      const changed = await store.probeQc.putProfile(actor, probeId, { ...PROFILE, deadTimeSeconds: 5e-6 });
      assert.equal(changed.deadTimeSeconds, 5e-6);
      const audit = await store.db
        .selectFrom('auditLog')
        .select(['action', 'beforeJson'])
        .where('action', '=', 'probe-qc.profile')
        .execute();
      assert.equal(audit.length, 2);
      assert.equal(audit[0]?.beforeJson, null);
      assert.ok(audit[1]?.beforeJson?.includes('0.000004'));
    });

    test('checks are kept in time order; the probe QC state follows the latest valid check', async () => {
      await store.probeQc.recordCheck(actor, probeId, check('2026-11-25T07:00:00Z', 'pass'));
      const failed = await store.probeQc.recordCheck(
        actor,
        probeId,
        check('2026-11-26T07:00:00Z', 'fail', -13),
      );
      await store.probeQc.recordCheck(actor, probeId, check('2026-11-24T07:00:00Z', 'warn', 6));
      const list = await store.probeQc.listChecks(probeId);
      assert.deepEqual(
        list.map((c) => c.checkedAt),
        ['2026-11-24T07:00:00.000Z', '2026-11-25T07:00:00.000Z', '2026-11-26T07:00:00.000Z'],
      );
      assert.equal(list[0]?.deviationPercent, 6);
      assert.equal(list[2]?.measuredCounts, 4625);
      assert.deepEqual(list[0]?.checklist, check('x', 'pass').checklist);
      let probe = await store.probes.get(probeId);
      assert.equal(probe?.qcStatus, 'fail');
      assert.equal(probe?.qcCheckedAt, '2026-11-26T07:00:00.000Z');

      // Voiding the failed check (entered against the wrong probe, say) restores the previous state.
      const voided = await store.probeQc.voidCheck(actor, failed.id, 'counted with the wrong source');
      assert.equal(voided.voidReason, 'counted with the wrong source');
      probe = await store.probes.get(probeId);
      assert.equal(probe?.qcStatus, 'pass');
      assert.equal((await store.probeQc.listChecks(probeId)).length, 2);
      assert.equal((await store.probeQc.listChecks(probeId, { includeVoided: true })).length, 3);
      await assert.rejects(store.probeQc.voidCheck(actor, failed.id, 'again'), /already voided/);
      const range = await store.probeQc.listChecks(probeId, {
        from: '2026-11-25T00:00:00Z',
        to: '2026-11-25T23:59:59Z',
      });
      assert.equal(range.length, 1);
    });

    test('NEMA test records keep the CSV verbatim and the criterion verdict', async () => {
      const csv = 'positionMm,counts\n-2,10\n0,100\n2,10\n';
      const t = await store.probeQc.recordTest(actor, probeId, {
        test: 'resolution',
        purpose: 'acceptance',
        performedAt: '2026-01-02T10:00:00+01:00',
        dataCsv: csv,
        options: { background: { kind: 'none' } },
        summary: { fwhmMm: 18.8 },
        mainValue: 18.8,
        mainUnit: 'mm',
        meetsCriterion: true,
        note: null,
      });
      const [got] = await store.probeQc.listTests(probeId, { test: 'resolution' });
      assert.deepEqual(got, t);
      assert.equal(got?.dataCsv, csv);
      assert.equal(got?.meetsCriterion, true);
      assert.deepEqual(await store.probeQc.listTests(probeId, { test: 'angular' }), []);
    });

    test('an override needs a reason, names an existing case, and lands in the audit log with the case', async () => {
      const c = await store.cases.create(actor, { label: 'QC override case' });
      await assert.rejects(
        store.probeQc.recordOverride(actor, probeId, { caseId: c.id, reason: 'ok', gate: {} }),
        /reason/,
      );
      await assert.rejects(
        store.probeQc.recordOverride(actor, probeId, {
          caseId: '00000000-0000-4000-8000-000000000000',
          reason: 'urgent case',
          gate: {},
        }),
        /does not exist/,
      );
      const o = await store.probeQc.recordOverride(actor, probeId, {
        caseId: c.id,
        reason: 'second probe broken; check source missing today',
        gate: { state: 'override-required', reasons: ['no-passing-check-today'] },
      });
      assert.deepEqual(await store.probeQc.listOverrides({ caseId: c.id }), [o]);
      const audit = await store.db
        .selectFrom('auditLog')
        .select(['action', 'caseId'])
        .where('action', '=', 'probe-qc.override')
        .execute();
      assert.deepEqual(audit, [{ action: 'probe-qc.override', caseId: c.id }]);
    });

    test('unknown probes are refused as not-found', async () => {
      const ghost = '00000000-0000-4000-8000-000000000001';
      await assert.rejects(store.probeQc.getProfile(ghost), /probe '.*' does not exist/);
      await assert.rejects(
        store.probeQc.recordCheck(actor, ghost, check('2026-11-26T07:00:00Z', 'pass')),
        /does not exist/,
      );
      await assert.rejects(
        store.probeQc.recordCheck(actor, probeId, check('yesterday', 'pass')),
        /not a valid instant/,
      );
    });
  });
}
