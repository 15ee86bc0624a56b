// Which tables a store has, with their columns, and an order that puts every parent before its
// children (foreign keys): the order a backup writes tables in and a restore inserts them in.
import { type Kysely, sql } from 'kysely';
import { StoreError } from './errors.js';

export const MIGRATIONS_TABLE = 'schema_migrations';

/** Table → its columns in declaration order, for every base table of the current schema (sorted by name). */
export async function tableColumns(
  conn: Kysely<unknown>,
  engine: 'sqlite' | 'postgres',
): Promise<Map<string, string[]>> {
  const rows =
    engine === 'sqlite'
      ? (
          await sql<{ t: string; c: string }>`
            select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p
            where m.type = 'table' and m.name not like 'sqlite_%' order by m.name, p.cid`.execute(conn)
        ).rows
      : (
          await sql<{ t: string; c: string }>`
            select c.table_name as t, c.column_name as c from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
            order by c.table_name, c.ordinal_position`.execute(conn)
        ).rows;
  const map = new Map<string, string[]>();
  for (const { t, c } of rows) {
    const list = map.get(t) ?? [];
    list.push(c);
    map.set(t, list);
  }
  return new Map([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** child → the parents it references (foreign keys), on either engine. */
export async function foreignKeys(
  conn: Kysely<unknown>,
  engine: 'sqlite' | 'postgres',
  tables: string[],
): Promise<Map<string, Set<string>>> {
  const edges = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  if (engine === 'sqlite') {
    for (const table of tables) {
      const list = await sql<{
        table: string;
      }>`select "table" from pragma_foreign_key_list(${table})`.execute(conn);
      for (const { table: parent } of list.rows) if (parent !== table) edges.get(table)?.add(parent);
    }
  } else {
    const list = await sql<{ child: string; parent: string }>`
      select conrelid::regclass::text as child, confrelid::regclass::text as parent from pg_constraint
      where contype = 'f' and connamespace = current_schema()::regnamespace`.execute(conn);
    for (const { child, parent } of list.rows) if (child !== parent) edges.get(child)?.add(parent);
  }
  return edges;
}

/**
 * Tables with every parent before its children (Kahn's algorithm; ties alphabetical, for
 * repeatability); the migrations table is left out.
 */
export function insertionOrder(parentsOf: Map<string, Set<string>>, tables: Iterable<string>): string[] {
  const known = new Set(tables);
  const remaining = new Map([...parentsOf].filter(([t]) => t !== MIGRATIONS_TABLE && known.has(t)));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.entries()]
      .filter(([, parents]) => [...parents].every((p) => !remaining.has(p)))
      .map(([t]) => t)
      .sort();
    if (ready.length === 0) {
      throw new StoreError('internal', `foreign keys form a cycle among ${[...remaining.keys()].join(', ')}`);
    }
    for (const t of ready) {
      order.push(t);
      remaining.delete(t);
    }
  }
  return order;
}
