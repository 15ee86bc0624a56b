// Issue 17 (display, part 3): migration 0010 gives lesions a pre-op position (three columns, cm, the map's
// patient frame). A lesion of version 9 keeps every field and has no position; a position is written,
// read back exactly (extreme finite values included), changed and cleared as one [x, y, z], and each
// change is audited as the api shows it. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadMigrations } from './migrate.js';
import { Store } from './store.js';
import { TEST_ENGINES, type TempTarget, tempTarget } from './testing.js';

const actor = { userId: null, username: 'position-test' };

for (const engine of TEST_ENGINES) {
  describe(`lesion pre-op position on ${engine}`, () => {
    const temps: TempTarget[] = [];
    after(async () => {
      for (const t of temps) await t.cleanup();
    });

    test('0010 adds the position to a lesion of version 9 without changing anything else', async () => {
      const temp = await tempTarget(engine);
      temps.push(temp);
      const all = await loadMigrations();
      const old = await Store.open(temp.target, { migrations: all.filter((m) => m.version <= 9) });
      assert.equal(old.schemaVersion, 9);
      // Written as version 9's code did (today's repository writes the new columns).
      const at = '2026-11-20T08:00:00.000Z';
      const kase = await old.cases.create(actor, { label: 'OLD-POS' });
      const lesionId = '00000000-0000-4000-8000-000000000017';
      await sql`insert into lesions (id, case_id, label, site_code, location, size_mm, preop_modality,
          preop_imaging_status, rgs_result, pathology_result, pathology_grade, ki67_percent, margin_status,
          pathology_note, created_at, updated_at)
        values (${lesionId}, ${kase.id}, 'Ileal primary', 'small-bowel', 'terminal ileum', 14, 'PET/CT',
          'seen', 'not-measured', 'pending', null, null, null, null, ${at}, ${at})`.execute(old.db);
      await old.close();
      const store = await Store.open(temp.target);
      try {
        assert.ok(store.migration.applied.includes('0010-lesion-preop-position'));
        const read = (await store.cases.get(kase.id))?.lesions[0];
        assert.deepEqual(read, {
          id: lesionId,
          caseId: kase.id,
          label: 'Ileal primary',
          siteCode: 'small-bowel',
          location: 'terminal ileum',
          sizeMm: 14,
          preopModality: 'PET/CT',
          preopImagingStatus: 'seen',
          preopPositionCm: null,
          rgsResult: 'not-measured',
          pathologyResult: 'pending',
          pathologyGrade: null,
          ki67Percent: null,
          marginStatus: null,
          pathologyNote: null,
          createdAt: at,
          updatedAt: at,
        });
        // (The store's Kysely maps the snake_case columns to camelCase.)
        const columns = await sql<Record<string, unknown>>`
          select preop_position_cm_x, preop_position_cm_y, preop_position_cm_z from lesions`.execute(
          store.db,
        );
        assert.deepEqual(columns.rows, [
          { preopPositionCmX: null, preopPositionCmY: null, preopPositionCmZ: null },
        ]);
      } finally {
        await store.close();
      }
    });

    test('a position is stored, read back exactly, changed, cleared and audited as [x, y, z]', async () => {
      const temp = await tempTarget(engine);
      temps.push(temp);
      const store = await Store.open(temp.target);
      try {
        const kase = await store.cases.create(actor, { label: 'POS-1' });
        const position: [number, number, number] = [-3.25, 0.1 + 0.2, -1e-310];
        const lesion = await store.caseItems.addLesion(actor, kase.id, {
          label: 'Mesenteric node',
          preopPositionCm: position,
        });
        assert.deepEqual(lesion.preopPositionCm, position);
        const read = (await store.cases.get(kase.id))?.lesions[0];
        assert.deepEqual(read?.preopPositionCm, [-3.25, 0.30000000000000004, -1e-310]);

        const moved = await store.caseItems.updateLesion(actor, kase.id, lesion.id, {
          preopPositionCm: [Number.MAX_VALUE, -Number.MIN_VALUE, 199.999],
        });
        assert.deepEqual(moved.preopPositionCm, [Number.MAX_VALUE, -Number.MIN_VALUE, 199.999]);
        assert.deepEqual(
          (await store.cases.get(kase.id))?.lesions[0]?.preopPositionCm,
          moved.preopPositionCm,
        );

        // The same position again changes nothing (no audit record); another field leaves it alone.
        const auditBefore = await store.audit.list({ caseId: kase.id, limit: 1000 });
        await store.caseItems.updateLesion(actor, kase.id, lesion.id, {
          preopPositionCm: [Number.MAX_VALUE, -Number.MIN_VALUE, 199.999],
        });
        assert.equal((await store.audit.list({ caseId: kase.id, limit: 1000 })).length, auditBefore.length);
        const relabelled = await store.caseItems.updateLesion(actor, kase.id, lesion.id, { sizeMm: 9 });
        assert.deepEqual(relabelled.preopPositionCm, moved.preopPositionCm);

        const cleared = await store.caseItems.updateLesion(actor, kase.id, lesion.id, {
          preopPositionCm: null,
        });
        assert.equal(cleared.preopPositionCm, null);
        assert.equal((await store.cases.get(kase.id))?.lesions[0]?.preopPositionCm, null);
        assert.deepEqual(await store.caseItems.lesions(kase.id), [cleared]);
        assert.deepEqual(await store.caseItems.lesions('00000000-0000-4000-8000-00000000ffff'), []);

        const audit = await store.audit.list({ caseId: kase.id, limit: 1000 });
        const lesionAudit = audit.filter((a) => a.entityId === lesion.id);
        assert.deepEqual(
          lesionAudit.map((a) => [a.action, (a.after as { preopPositionCm?: unknown }).preopPositionCm]),
          [
            ['lesion.create', [-3.25, 0.1 + 0.2, -1e-310]],
            ['lesion.update', [Number.MAX_VALUE, -Number.MIN_VALUE, 199.999]],
            ['lesion.update', [Number.MAX_VALUE, -Number.MIN_VALUE, 199.999]],
            ['lesion.update', null],
          ],
        );
      } finally {
        await store.close();
      }
    });
  });
}
