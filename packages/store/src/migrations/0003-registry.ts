// The registry (issue 9): follow-up entries per case (date, recurrence), and lesion rows of historic
// cases imported from CSV (or generated as the synthetic demo registry), keyed by (source, case, lesion)
// so importing the same file twice changes nothing.
import type { Kysely } from 'kysely';
import type { Migration } from '../migrate.js';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    const s = db.schema;
    await s
      .createTable('follow_ups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('recurrence', 'integer', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await s.createIndex('follow_ups_case').on('follow_ups').columns(['case_id', 'date']).execute();

    await s
      .createTable('registry_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('case_label', 'text', (c) => c.notNull())
      .addColumn('lesion', 'text', (c) => c.notNull())
      .addColumn('synthetic', 'integer', (c) => c.notNull())
      .addColumn('row_json', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('imported_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('registry_entries_key', ['source', 'case_label', 'lesion'])
      .execute();
  },
};
