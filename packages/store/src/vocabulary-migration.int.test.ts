// Issue 13 point 7: migration 0006 codes what a store of version 5 holds — the demo's tracer spelling
// becomes the console's canonical tracer, the lesion "Mesenteric node" at "mesentery, SMA root" becomes a
// mesenteric lymph node (it was filed under bowel), registry rows get the canonical tracer name, and an
// unknown agent keeps its text with no id. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadMigrations } from './migrate.js';
import { Store } from './store.js';
import { TEST_ENGINES, type TempTarget, tempTarget } from './testing.js';

for (const engine of TEST_ENGINES) {
  describe(`coded vocabularies migration on ${engine}`, () => {
    let temp: TempTarget | undefined;
    after(async () => temp?.cleanup());

    test('rows of version 5 are coded by 0006; nothing is lost', async () => {
      temp = await tempTarget(engine);
      const all = await loadMigrations();
      const old = await Store.open(temp.target, { migrations: all.filter((m) => m.version <= 5) });
      assert.equal(old.schemaVersion, 5);
      const at = '2026-11-20T08:00:00.000Z';
      // Written as version 5's code did: today's code also writes the audit hash chain (0009), which
      // version 5 lacks.
      const kase = { id: '00000000-0000-4000-8000-000000000010' };
      await sql`insert into cases (id, label, resection_status, created_at, created_by, updated_at)
        values (${kase.id}, 'OLD-1', 'pending', ${at}, 'test', ${at})`.execute(old.db);
      const tracer = (id: string, agent: string) =>
        sql`insert into tracer_administrations (id, case_id, agent, nuclide, activity_mbq, administered_at,
          route, created_at, created_by) values (${id}, ${kase.id}, ${agent}, 'Tc-99m', 600, ${at}, null, ${at}, 'test')`;
      await tracer('00000000-0000-4000-8000-000000000001', 'Tc-99m-EDDA/HYNIC-TOC').execute(old.db);
      await tracer('00000000-0000-4000-8000-000000000002', 'home-made agent').execute(old.db);
      await sql`insert into lesions (id, case_id, label, location, size_mm, preop_modality,
          preop_imaging_status, rgs_result, pathology_result, pathology_grade, ki67_percent, margin_status,
          pathology_note, created_at, updated_at)
        values ('00000000-0000-4000-8000-000000000003', ${kase.id}, 'Mesenteric node', 'mesentery, SMA root',
          null, null, 'not-seen', 'not-measured', 'pending', null, null, null, null, ${at}, ${at})`.execute(
        old.db,
      );
      const row = JSON.stringify({
        lesion: { tracer: 'Tc-99m-HYNIC-TOC', site: 'nodes', lesion: 'L1' },
        outcome: { tracer: 'Tc-99m-HYNIC-TOC', caseLabel: 'H1' },
      });
      await sql`insert into registry_entries (id, source, case_label, lesion, synthetic, row_json, imported_at,
          imported_by) values ('00000000-0000-4000-8000-000000000004', 'historic', 'H1', 'L1', 0, ${row}, ${at}, 'test')`.execute(
        old.db,
      );
      await old.close();

      const store = await Store.open(temp.target);
      try {
        assert.deepEqual(store.migration.applied.includes('0006-coded-vocabularies'), true);
        const detail = await store.cases.get(kase.id);
        const tracers = detail?.tracerAdministrations.map((t) => [t.agent, t.tracerId]);
        assert.deepEqual(tracers, [
          ['99mTc-EDDA/HYNIC-TOC', 'tc99m-hynic-toc'],
          ['home-made agent', null],
        ]);
        const lesion = detail?.lesions[0];
        assert.equal(lesion?.siteCode, 'mesenteric-lymph-node');
        assert.equal(lesion?.location, 'mesentery, SMA root', 'the free-text location stays as a note');
        const entries = await store.registry.entries({ includeSynthetic: true });
        assert.deepEqual(entries[0]?.row, {
          lesion: { tracer: '99mTc-EDDA/HYNIC-TOC', site: 'nodes', lesion: 'L1' },
          outcome: { tracer: '99mTc-EDDA/HYNIC-TOC', caseLabel: 'H1' },
        });
      } finally {
        await store.close();
      }
    });
  });
}
