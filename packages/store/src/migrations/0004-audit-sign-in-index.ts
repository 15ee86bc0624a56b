// Sign-ins are throttled from the audit log (failed and successful sign-ins per username, recent first),
// so that every server process and every restart sees the same count: an index for that lookup.
import type { Kysely } from 'kysely';
import type { Migration } from '../migrate.js';

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('audit_actor_action_at')
      .on('audit_log')
      .columns(['actor_username', 'action', 'at'])
      .execute();
  },
};
