// Issue 12: a background site the outlier check flags is left out of the normal-tissue model until the
// team keeps or drops it. Each decision is a row (who, when, keep or drop); the latest per case and site
// label is in force. Rows are never changed: a new decision is a new row, and each one is audited.
import type { Kysely } from 'kysely';
import type { Migration } from '../migrate.js';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('background_site_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('site_label', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('background_site_decisions_case')
      .on('background_site_decisions')
      .columns(['case_id', 'decided_at'])
      .execute();
  },
};
