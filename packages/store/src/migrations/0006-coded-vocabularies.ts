// Issue 13 point 7: tracers and lesion sites become coded. Existing rows are migrated, nothing is dropped:
// - tracer administrations get `tracer_id` and their agent the canonical display name, when the agent is a
//   known spelling (`Tc-99m-EDDA/HYNIC-TOC` → `tc99m-hynic-toc`, `99mTc-EDDA/HYNIC-TOC`); an unknown
//   agent keeps its text and a null id (the registry shows it apart, named as recorded);
// - lesions get `site_code` from their label and location, a node word winning over the organ it lies in
//   (guessLesionSite, once, here; new lesions are coded by the user);
// - historic and synthetic registry rows get the canonical tracer name, so one agent is one group.
import { findTracerCode, guessLesionSite } from '@openrgs/api';
import { type Kysely, sql } from 'kysely';
import type { Migration } from '../migrate.js';

interface StoredRegistryRow {
  lesion?: { tracer?: unknown };
  outcome?: { tracer?: unknown };
}

function canonicalTracerName(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  return findTracerCode(text)?.display ?? text;
}

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('tracer_administrations').addColumn('tracer_id', 'text').execute();
    await db.schema.alterTable('lesions').addColumn('site_code', 'text').execute();

    const tracers = await sql<{ id: string; agent: string }>`
      select id, agent from tracer_administrations`.execute(db);
    for (const row of tracers.rows) {
      const code = findTracerCode(row.agent);
      if (code === undefined) continue;
      await sql`update tracer_administrations set tracer_id = ${code.id}, agent = ${code.display}
        where id = ${row.id}`.execute(db);
    }

    const lesions = await sql<{ id: string; label: string; location: string | null }>`
      select id, label, location from lesions`.execute(db);
    for (const row of lesions.rows) {
      await sql`update lesions set site_code = ${guessLesionSite(row.label, row.location)}
        where id = ${row.id}`.execute(db);
    }

    const entries = await sql<{ id: string; row_json: string }>`
      select id, row_json from registry_entries`.execute(db);
    for (const entry of entries.rows) {
      const row = JSON.parse(entry.row_json) as StoredRegistryRow;
      if (row.lesion) row.lesion.tracer = canonicalTracerName(row.lesion.tracer);
      if (row.outcome) row.outcome.tracer = canonicalTracerName(row.outcome.tracer);
      const json = JSON.stringify(row);
      if (json !== entry.row_json)
        await sql`update registry_entries set row_json = ${json} where id = ${entry.id}`.execute(db);
    }
  },
};
