import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Store } from './store.js';
import { TEST_ENGINES, type TempTarget, tempTarget } from './testing.js';

const actor = { userId: null, username: 'test' };

for (const engine of TEST_ENGINES) {
  describe(`registry on ${engine}`, () => {
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

    test('importing the same rows twice changes nothing; a changed row is updated; both are audited', async () => {
      const rows = [
        { caseLabel: 'A', lesion: 'A1', row: { inVivoRatio: 3.1 } },
        { caseLabel: 'A', lesion: 'A2', row: { inVivoRatio: 1.4 } },
      ];
      assert.deepEqual(await store.registry.importRows(actor, 'hospital.csv', false, rows), {
        source: 'hospital.csv',
        inserted: 2,
        updated: 0,
        unchanged: 0,
      });
      assert.deepEqual(await store.registry.importRows(actor, 'hospital.csv', false, rows), {
        source: 'hospital.csv',
        inserted: 0,
        updated: 0,
        unchanged: 2,
      });
      const changed = [{ caseLabel: 'A', lesion: 'A2', row: { inVivoRatio: 1.5 } }];
      assert.equal((await store.registry.importRows(actor, 'hospital.csv', false, changed)).updated, 1);
      const entries = await store.registry.entries({ includeSynthetic: true });
      assert.equal(entries.length, 2);
      assert.deepEqual(entries.find((e) => e.lesion === 'A2')?.row, { inVivoRatio: 1.5 });
      const audit = await store.audit.list({ limit: 50 });
      assert.equal(audit.filter((a) => a.action === 'registry.import').length, 2);
    });

    test('synthetic rows are kept apart and can be left out', async () => {
      await store.registry.importRows(actor, 'synthetic-demo', true, [
        { caseLabel: 'S', lesion: 'S1', row: {} },
      ]);
      assert.equal(
        (await store.registry.entries({ includeSynthetic: false })).every((e) => !e.synthetic),
        true,
      );
      assert.deepEqual(await store.registry.count(), { total: 3, synthetic: 1 });
    });

    test('follow-ups belong to an existing case and are audited', async () => {
      const created = await store.cases.create(actor, { label: 'FU-1' });
      const fu = await store.registry.addFollowUp(actor, created.id, {
        date: '2027-05-01',
        recurrence: false,
      });
      assert.equal(fu.recurrence, false);
      assert.deepEqual(
        (await store.registry.followUps(created.id)).map((f) => f.date),
        ['2027-05-01'],
      );
      await assert.rejects(
        store.registry.addFollowUp(actor, '00000000-0000-4000-8000-000000000000', {
          date: '2027-05-01',
          recurrence: true,
        }),
        /does not exist/,
      );
    });
  });
}
