// Issue 14 point 11: unique identifiers are compared by a look-alike key (NFKC, then the Unicode TS #39
// confusable skeleton), so `P-eba51c` and Cyrillic `Р-eba51c`, NFC and NFD "café", full-width digits
// are one identifier. Existing pseudonyms, probe names and usernames get their keys here; should two
// existing ones already look alike, the later one's key is made distinct (both stay readable, the next
// look-alike is refused) and the migration says which.
import { identifierKey } from '@openrgs/api';
import { type Kysely, sql } from 'kysely';
import type { Migration } from '../migrate.js';

const SOURCES = [
  { kind: 'patient-pseudonym', table: 'patients', column: 'pseudonym' },
  { kind: 'probe-name', table: 'probes', column: 'name' },
  { kind: 'username', table: 'users', column: 'username' },
] as const;

export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('identifier_keys')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('identifier_keys_pk', ['kind', 'key'])
      .execute();
    await db.schema
      .createIndex('identifier_keys_entity')
      .on('identifier_keys')
      .columns(['kind', 'entity_id'])
      .unique()
      .execute();
    for (const { kind, table, column } of SOURCES) {
      const rows = await sql<{ id: string; value: string }>`
        select id, ${sql.ref(column)} as value from ${sql.table(table)} order by created_at, id`.execute(db);
      const seen = new Set<string>();
      for (const row of rows.rows) {
        let key = identifierKey(row.value);
        if (seen.has(key)) {
          process.stderr.write(
            `migration 0008: ${kind} '${row.value}' looks like an earlier one; both kept, new look-alikes refused\n`,
          );
          key = `${key} #duplicate ${row.id}`;
        }
        seen.add(key);
        await sql`insert into identifier_keys (kind, key, entity_id, value)
          values (${kind}, ${key}, ${row.id}, ${row.value})`.execute(db);
      }
    }
  },
};
