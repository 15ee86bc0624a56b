// Reading a backup file a batch of rows at a time, whichever form it has: the SQLite online-backup file
// (rows iterated from the file), the PostgreSQL JSON Lines snapshot (read line by line, backup-format.ts),
// the version-1 JSON document (read whole: older backups), or a pg_dump archive (restored by pg_restore,
// pg-tools.ts). Anything else is refused with what was expected.
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import BetterSqlite3 from 'better-sqlite3';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION } from './backup-format.js';
import { StoreError } from './errors.js';
import { MIGRATIONS_TABLE } from './table-order.js';

export type Row = Record<string, unknown>;

export interface TableStream {
  table: string;
  /** The table's rows, a batch at a time; drain it before asking for the next table. */
  batches: AsyncGenerator<Row[]>;
}

export interface BackupSource {
  method: 'sqlite-online-backup' | 'postgres-json-snapshot';
  schemaVersion: number;
  /** The tables the backup holds (schema_migrations excluded). */
  tableNames: string[];
  /** True when the file dictates the order tables come in (a stream); else `tables` follows `order`. */
  fixedOrder: boolean;
  tables(order: string[]): AsyncGenerator<TableStream>;
  close(): void;
}

export type OpenedBackup = { kind: 'rows'; source: BackupSource } | { kind: 'pg_dump' };

const SQLITE_MAGIC = 'SQLite format 3\u0000';
/** pg_dump's custom-format archives begin with these five bytes. */
const PG_DUMP_MAGIC = 'PGDMP';
/** Rows per batch (and per INSERT): a dozen columns × 200 rows stays far below either engine's limit. */
export const CHUNK = 200;
/** The JSON Lines header is short; a first line longer than this is not one. */
const HEADER_PROBE_BYTES = 64 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function openBackup(file: string): OpenedBackup {
  let head: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      head = Buffer.alloc(HEADER_PROBE_BYTES);
      head = head.subarray(0, readSync(fd, head, 0, HEADER_PROBE_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new StoreError('invalid', `cannot read backup '${file}': ${(error as Error).message}`);
  }
  if (head.subarray(0, SQLITE_MAGIC.length).toString('latin1') === SQLITE_MAGIC)
    return { kind: 'rows', source: sqliteSource(file) };
  if (head.subarray(0, PG_DUMP_MAGIC.length).toString('latin1') === PG_DUMP_MAGIC) return { kind: 'pg_dump' };
  const newline = head.indexOf(0x0a);
  if (newline > 0) {
    let header: unknown;
    try {
      header = JSON.parse(head.subarray(0, newline).toString('utf8'));
    } catch {
      header = undefined;
    }
    if (isObject(header) && header.formatVersion === BACKUP_FORMAT_VERSION) {
      return { kind: 'rows', source: jsonLinesSource(file, header) };
    }
    // A version-1 document on one line that ends with a newline parses whole here: it is read below.
    if (isObject(header) && header.format === BACKUP_FORMAT && header.formatVersion !== 1) {
      throw refuser(file)(
        `formatVersion ${JSON.stringify(header.formatVersion)} (this code reads 1 and ${BACKUP_FORMAT_VERSION})`,
      );
    }
  }
  return { kind: 'rows', source: legacyJsonSource(file) };
}

const refuser = (file: string) => (why: string) =>
  new StoreError('invalid', `'${file}' is not an OpenRGS backup: ${why}`);

function sqliteSource(file: string): BackupSource {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const names = (
      db
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
        )
        .all() as { name: string }[]
    ).map((n) => n.name);
    if (!names.includes(MIGRATIONS_TABLE)) {
      throw new StoreError(
        'invalid',
        `'${file}' is a SQLite database but not an OpenRGS store (no ${MIGRATIONS_TABLE})`,
      );
    }
    const version = db.prepare(`select max(version) as v from ${MIGRATIONS_TABLE}`).get() as {
      v: number | null;
    };
    const tableNames = names.filter((n) => n !== MIGRATIONS_TABLE);
    return {
      method: 'sqlite-online-backup',
      schemaVersion: Number(version.v ?? 0),
      tableNames,
      fixedOrder: false,
      async *tables(order) {
        for (const table of order) {
          if (!tableNames.includes(table)) continue;
          const statement = db.prepare(`select * from "${table.replaceAll('"', '""')}"`);
          yield {
            table,
            batches: (async function* () {
              let batch: Row[] = [];
              for (const row of statement.iterate() as IterableIterator<Row>) {
                batch.push(row);
                if (batch.length >= CHUNK) {
                  yield batch;
                  batch = [];
                }
              }
              if (batch.length > 0) yield batch;
            })(),
          };
        }
      },
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

function jsonLinesSource(file: string, header: Record<string, unknown>): BackupSource {
  const refuse = refuser(file);
  if (header.format !== BACKUP_FORMAT) throw refuse(`no 'format': '${BACKUP_FORMAT}'`);
  if (!Number.isInteger(header.schemaVersion) || (header.schemaVersion as number) < 1) {
    throw refuse(`schemaVersion ${JSON.stringify(header.schemaVersion)} is not a positive whole number`);
  }
  if (!Array.isArray(header.tables) || header.tables.some((t) => typeof t !== 'string')) {
    throw refuse("the header's 'tables' is not a list of table names");
  }
  const listed = header.tables as string[];
  const tableNames = listed.filter((t) => t !== MIGRATIONS_TABLE);
  let input: ReturnType<typeof createReadStream> | undefined;
  return {
    method: 'postgres-json-snapshot',
    schemaVersion: header.schemaVersion as number,
    tableNames,
    fixedOrder: true,
    async *tables() {
      input = createReadStream(file, { encoding: 'utf8' });
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
      let lineNo = 0;
      const next = async (): Promise<unknown> => {
        for (;;) {
          const read = await lines.next();
          if (read.done) return undefined;
          lineNo += 1;
          if (read.value === '') continue;
          try {
            return JSON.parse(read.value) as unknown;
          } catch (error) {
            throw refuse(`line ${lineNo} is not JSON (${(error as Error).message})`);
          }
        }
      };
      const truncated = (where: string) =>
        refuse(`it ends at line ${lineNo} ${where}, without its end-of-backup line: the file is truncated`);
      await next(); // the header, read already
      const seen: Record<string, number> = {};
      for (;;) {
        const item = await next();
        if (item === undefined) throw truncated('between tables');
        if (isObject(item) && item.complete === true) {
          const declared = isObject(item.tables) ? item.tables : {};
          for (const [table, n] of Object.entries(seen)) {
            if (declared[table] !== n)
              throw refuse(
                `the end-of-backup line counts ${String(declared[table])} rows in '${table}', the file holds ${n}`,
              );
          }
          if ((await next()) !== undefined) throw refuse(`line ${lineNo} follows the end-of-backup line`);
          // A table the header lists (or the end line counts) without its section would be restored empty,
          // without a word: its rows are missing from the file.
          const absent = [...listed, ...Object.keys(declared)].find((t) => !Object.hasOwn(seen, t));
          if (absent !== undefined) {
            throw refuse(
              `the file has no section for table '${absent}', which its ${listed.includes(absent) ? 'header lists' : 'end-of-backup line counts'}: its rows are missing`,
            );
          }
          return;
        }
        if (
          !isObject(item) ||
          typeof item.table !== 'string' ||
          !Array.isArray(item.columns) ||
          item.columns.some((c) => typeof c !== 'string')
        ) {
          throw refuse(`line ${lineNo}: expected a table line {"table": …, "columns": […]}`);
        }
        const table = item.table;
        const columns = item.columns as string[];
        if (!listed.includes(table))
          throw refuse(`line ${lineNo}: table '${table}' is not in the header's list`);
        if (Object.hasOwn(seen, table)) throw refuse(`line ${lineNo}: table '${table}' comes a second time`);
        let drained = false;
        yield {
          table,
          batches: (async function* () {
            let batch: Row[] = [];
            let n = 0;
            for (;;) {
              const value = await next();
              if (value === undefined) throw truncated(`inside table '${table}' after ${n} rows`);
              if (Array.isArray(value)) {
                if (value.length !== columns.length) {
                  throw refuse(
                    `line ${lineNo}: a row of '${table}' has ${value.length} values for ${columns.length} columns`,
                  );
                }
                batch.push(Object.fromEntries(columns.map((c, i) => [c, value[i]])));
                n += 1;
                if (batch.length >= CHUNK) {
                  yield batch;
                  batch = [];
                }
                continue;
              }
              if (isObject(value) && value.end === table) {
                if (value.rows !== n) {
                  throw refuse(
                    `line ${lineNo}: table '${table}' ends saying ${String(value.rows)} rows, the file holds ${n}`,
                  );
                }
                if (batch.length > 0) yield batch;
                seen[table] = n;
                drained = true;
                return;
              }
              throw refuse(`line ${lineNo}: expected a row of '${table}' or its end line`);
            }
          })(),
        };
        if (!drained) throw new StoreError('internal', `table '${table}' was not read to its end`);
      }
    },
    close: () => input?.destroy(),
  };
}

/** Version 1: one JSON document, read whole (backups written before streaming). */
function legacyJsonSource(file: string): BackupSource {
  const refuse = refuser(file);
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw refuse(`neither a SQLite database nor JSON (${(error as Error).message})`);
  }
  const doc = document as Record<string, unknown>;
  if (!isObject(document) || doc.format !== BACKUP_FORMAT) throw refuse(`no 'format': '${BACKUP_FORMAT}'`);
  if (doc.formatVersion !== 1) {
    throw refuse(
      `formatVersion ${JSON.stringify(doc.formatVersion)} (this code reads 1 and ${BACKUP_FORMAT_VERSION})`,
    );
  }
  if (!Number.isInteger(doc.schemaVersion) || (doc.schemaVersion as number) < 1) {
    throw refuse(`schemaVersion ${JSON.stringify(doc.schemaVersion)} is not a positive whole number`);
  }
  if (!isObject(doc.tables)) throw refuse("'tables' is not an object of row arrays");
  const tables: Record<string, Row[]> = {};
  for (const [name, rows] of Object.entries(doc.tables)) {
    if (!Array.isArray(rows) || rows.some((r) => !isObject(r))) {
      throw refuse(`table '${name}' is not an array of rows`);
    }
    if (name !== MIGRATIONS_TABLE) tables[name] = rows as Row[];
  }
  return {
    method: 'postgres-json-snapshot',
    schemaVersion: doc.schemaVersion as number,
    tableNames: Object.keys(tables),
    fixedOrder: false,
    async *tables(order) {
      for (const table of order) {
        const rows = tables[table];
        if (rows === undefined) continue;
        yield {
          table,
          batches: (async function* () {
            for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK);
          })(),
        };
      }
    },
    close: () => {},
  };
}
