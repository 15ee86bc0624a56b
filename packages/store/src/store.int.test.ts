import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { backup } from './backup.js';
import { loadMigrations } from './migrate.js';
import type { MeasurementDerived, MeasurementInput } from './repos/measurements.js';
import { Store } from './store.js';
import { TEST_ENGINES, type TempTarget, tempTarget } from './testing.js';

const actor = { userId: null, username: 'test' };

function derive(_ctx: unknown, input: MeasurementInput): MeasurementDerived {
  return {
    rateCps: input.counts / input.durationSeconds,
    rateLowCps: null,
    rateHighCps: null,
    decayCorrectedRateCps: null,
    decayReferenceTime: null,
    nuclide: null,
    halfLifeSeconds: null,
    backgroundModel: null,
    ratio: null,
    verdict: 'undecided',
    evidence: 'test',
  };
}

const input: MeasurementInput = {
  kind: 'in-vivo',
  siteLabel: 'ileum',
  counts: 120,
  durationSeconds: 2,
  measuredAt: '2026-11-26T09:00:00.000Z',
  source: 'manual',
};

for (const engine of TEST_ENGINES) {
  describe(`store on ${engine}`, () => {
    let temp: TempTarget;
    let store: Store;
    before(async () => {
      temp = await tempTarget(engine);
      store = await Store.open(temp.target);
    });
    after(async () => {
      await store.close();
      await temp.cleanup();
    });

    test('migrations run once and record their version', async () => {
      const known = await loadMigrations();
      assert.ok(known.length >= 1);
      assert.equal(store.schemaVersion, Math.max(...known.map((m) => m.version)));
      const again = await Store.open(temp.target);
      assert.deepEqual(again.migration.applied, []);
      await again.close();
    });

    test('a database newer than the code is refused with a clear message', async () => {
      await sql`insert into schema_migrations (version, name, applied_at) values (9999, '9999-from-the-future', 'x')`.execute(
        store.db.withoutPlugins() as unknown as Kysely<unknown>,
      );
      await assert.rejects(Store.open(temp.target), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'schema-too-new');
        assert.match(error.message, /schema version 9999/);
        assert.match(error.message, /upgrade OpenRGS/);
        return true;
      });
      await sql`delete from schema_migrations where version = 9999`.execute(
        store.db.withoutPlugins() as unknown as Kysely<unknown>,
      );
    });

    test('measurements are idempotent per case and key; another body with the key is refused', async () => {
      const kase = await store.cases.create(actor, { label: 'case A' });
      const request = { caseId: kase.id, idempotencyKey: 'k1', requestHash: 'h1', input, derive };
      const first = await store.measurements.record(actor, request);
      const second = await store.measurements.record(actor, request);
      assert.equal(first.created, true);
      assert.equal(second.created, false);
      assert.equal(second.measurement.id, first.measurement.id);
      assert.equal(first.measurement.rateCps, 60);
      await assert.rejects(store.measurements.record(actor, { ...request, requestHash: 'h2' }), {
        code: 'idempotency-mismatch',
      });
      const other = await store.cases.create(actor, { label: 'case B' });
      const elsewhere = await store.measurements.record(actor, { ...request, caseId: other.id });
      assert.equal(elsewhere.created, true, 'keys are unique per case, not globally');
      assert.equal((await store.measurements.list(kase.id)).length, 1);
    });

    test("a lesion's RGS result follows its in vivo verdicts (positive if any; negative if all), audited", async () => {
      const kase = await store.cases.create(actor, { label: 'rgs result' });
      const lesion = await store.caseItems.addLesion(actor, kase.id, { label: 'node' });
      assert.equal(lesion.rgsResult, 'not-measured');
      const verdictOf =
        (verdict: 'positive' | 'negative' | 'undecided') => (ctx: unknown, i: MeasurementInput) => ({
          ...derive(ctx, i),
          verdict,
        });
      const post = (key: string, verdict: 'positive' | 'negative' | 'undecided') =>
        store.measurements.record(actor, {
          caseId: kase.id,
          idempotencyKey: key,
          requestHash: key,
          input: { ...input, lesionId: lesion.id },
          derive: verdictOf(verdict),
        });
      const rgsOf = async () =>
        (await store.cases.get(kase.id))?.lesions.find((l) => l.id === lesion.id)?.rgsResult;
      await post('n1', 'negative');
      assert.equal(await rgsOf(), 'negative');
      await post('u1', 'undecided');
      assert.equal(await rgsOf(), 'undecided');
      const positive = await post('p1', 'positive');
      assert.equal(await rgsOf(), 'positive');
      await store.measurements.link(actor, kase.id, positive.measurement.id, { lesionId: null });
      assert.equal(await rgsOf(), 'undecided', 'unlinking the positive count takes its verdict away');
      const audit = await store.audit.list({ caseId: kase.id, limit: 100 });
      assert.equal(audit.filter((a) => a.action === 'lesion.rgs-result').length, 4);
    });

    test('concurrent records with one key create exactly one measurement', async () => {
      const kase = await store.cases.create(actor, { label: 'race' });
      const request = { caseId: kase.id, idempotencyKey: 'same', requestHash: 'h', input, derive };
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.measurements.record(actor, request)),
      );
      assert.equal(new Set(results.map((r) => r.measurement.id)).size, 1);
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal((await store.measurements.list(kase.id)).length, 1);
    });

    test('every change is audited with before and after; the audit log refuses UPDATE and DELETE', async () => {
      const kase = await store.cases.create(actor, { label: 'audited' });
      await store.cases.update(actor, kase.id, { resectionStatus: 'R1' });
      const records = await store.audit.list({ caseId: kase.id, limit: 10 });
      assert.deepEqual(
        records.map((r) => r.action),
        ['case.create', 'case.update'],
      );
      const update = records[1]!;
      assert.equal((update.before as { resectionStatus: string }).resectionStatus, 'pending');
      assert.equal((update.after as { resectionStatus: string }).resectionStatus, 'R1');
      const raw = store.db.withoutPlugins() as unknown as Kysely<unknown>;
      await assert.rejects(sql`update audit_log set action = 'x'`.execute(raw), /append-only/);
      await assert.rejects(sql`delete from audit_log`.execute(raw), /append-only/);
      assert.equal((await store.audit.list({ caseId: kase.id, limit: 10 })).length, 2);
    });

    test('a signed-off case refuses changes until reopened', async () => {
      const kase = await store.cases.create(actor, { label: 'to sign' });
      await store.cases.signOff(actor, kase.id, 'findings complete');
      await assert.rejects(store.caseItems.addNote(actor, kase.id, 'late'), { code: 'case-signed-off' });
      await assert.rejects(
        store.measurements.record(actor, {
          caseId: kase.id,
          idempotencyKey: 'x',
          requestHash: 'h',
          input,
          derive,
        }),
        { code: 'case-signed-off' },
      );
      await store.cases.reopen(actor, kase.id, 'pathology added');
      await store.caseItems.addNote(actor, kase.id, 'pathology: G1');
      assert.equal((await store.cases.get(kase.id))?.notes.length, 1);
    });

    test('pathology and the final R status are audited addenda on a signed-off case; the rest stays locked', async () => {
      const kase = await store.cases.create(actor, { label: 'addendum' });
      const lesion = await store.caseItems.addLesion(actor, kase.id, { label: 'ileal primary' });
      await store.cases.signOff(actor, kase.id, 'intraoperative findings complete');
      const updated = await store.caseItems.updateLesion(actor, kase.id, lesion.id, {
        pathologyResult: 'net-confirmed',
        pathologyGrade: 'G2',
        ki67Percent: 4,
        marginStatus: 'clear',
      });
      assert.equal(updated.pathologyResult, 'net-confirmed');
      assert.equal(
        (await store.cases.update(actor, kase.id, { resectionStatus: 'R0' })).resectionStatus,
        'R0',
      );
      await assert.rejects(store.caseItems.updateLesion(actor, kase.id, lesion.id, { label: 'renamed' }), {
        code: 'case-signed-off',
      });
      await assert.rejects(store.cases.update(actor, kase.id, { label: 'renamed', resectionStatus: 'R1' }), {
        code: 'case-signed-off',
      });
      const actions = (await store.audit.list({ caseId: kase.id, limit: 50 })).map((a) => a.action);
      assert.ok(actions.includes('lesion.pathology-addendum'), actions.join());
      assert.ok(actions.includes('case.resection-status-addendum'), actions.join());
    });

    test('frames append in batches and are counted', async () => {
      const kase = await store.cases.create(actor, { label: 'live' });
      const session = await store.live.start(actor, {
        caseId: kase.id,
        stationId: 'sim-1',
        probeId: null,
        probeName: 'sim',
      });
      const frames = Array.from({ length: 1234 }, (_, seq) => ({
        liveSessionId: session.id,
        seq,
        startSeconds: seq * 0.05,
        durationSeconds: 0.05,
        counts: seq % 7,
        liveTimeSeconds: null,
        receivedAtMs: 1_800_000_000_000 + seq * 50,
      }));
      await store.live.appendFrames(frames);
      const detail = await store.live.get(session.id);
      assert.equal(detail?.frameCount, 1234);
      assert.equal(detail?.lastSeq, 1233);
      const page = await store.live.frames(session.id, 1000, 10);
      assert.equal(page[0]?.seq, 1000);
      assert.equal(page[0]?.counts, 1000 % 7);
      assert.equal(page[0]?.receivedAtMs, 1_800_000_000_000 + 1000 * 50);
    });

    test('backup writes a consistent snapshot', async () => {
      const file = `${engine === 'sqlite' ? (temp.flag as { dataDir: string }).dataDir : '/tmp'}/backup-${Date.now()}-${engine}`;
      const result = await backup(store, file);
      assert.ok(existsSync(file));
      assert.equal(result.schemaVersion, store.schemaVersion);
      if (engine === 'sqlite') {
        const copy = await Store.open({ engine: 'sqlite', file });
        assert.ok((await copy.cases.list(100)).length >= 1);
        await copy.close();
      } else {
        assert.ok((result.tables?.cases ?? 0) >= 1);
      }
    });
  });
}
