// `rgs backup --out FILE`: a consistent snapshot of the whole record, while the server keeps running.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { backup, STORAGE_OPTIONS, StoreError } from '@openrgs/store';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  requireString,
  stringFlag,
  writeResult,
} from '../command.js';
import { withStore } from '../with-store.js';

export const command: Command = {
  name: 'backup',
  summary: 'write a consistent snapshot of the store to a file (safe while the server runs)',
  usage: '--out FILE [--data-dir D | --database-url URL] [--format pg_dump] [--force]',
  details:
    'SQLite: SQLite’s online backup API; FILE is a SQLite database (open it with --data-dir on a copy).\n' +
    'PostgreSQL: every table read in one REPEATABLE READ, READ ONLY transaction (one snapshot) and\n' +
    'streamed to FILE row by row as JSON Lines (format openrgs-backup version 2, with the schema\n' +
    'version): memory stays flat however large the store. --format pg_dump runs pg_dump instead (custom\n' +
    'format, the store’s schema; needs pg_dump on PATH or RGS_PG_DUMP) for sites whose routine expects\n' +
    'pg_dump/pg_restore; rgs restore reads either. For whole-cluster backups use the hospital’s\n' +
    'PostgreSQL tooling (base backups) as well.',
  options: {
    out: { type: 'string', description: 'file to write (refused if it exists, unless --force)' },
    format: {
      type: 'string',
      description: 'pg_dump: a pg_dump custom-format archive (PostgreSQL only); default: the engine’s own',
    },
    force: { type: 'boolean', description: 'overwrite FILE if it exists' },
    ...STORAGE_OPTIONS,
    json: JSON_OPTION,
  },
  run: async (io, args) => {
    const out = resolve(io.cwd, requireString(args, 'out'));
    const format = stringFlag(args, 'format');
    if (format !== undefined && format !== 'pg_dump') {
      throw new CliError(
        `--format: '${format}' is not a backup format (pg_dump, or leave it out for the default)`,
        2,
      );
    }
    if (existsSync(out) && !booleanFlag(args, 'force')) {
      throw new CliError(`--out: '${out}' exists; choose another file or add --force`, 2);
    }
    return withStore(io, args, async (store) => {
      try {
        const result = await backup(store, out, {
          ...(format === 'pg_dump' ? { format: 'pg_dump' } : {}),
          env: io.env,
        });
        writeResult(io, booleanFlag(args, 'json'), result, () =>
          result.method === 'sqlite-online-backup'
            ? `backup written: ${out} (SQLite online backup, ${result.pages} pages, schema version ${result.schemaVersion})`
            : result.method === 'postgres-pg-dump'
              ? `backup written: ${out} (pg_dump custom-format archive, schema version ${result.schemaVersion})`
              : `backup written: ${out} (PostgreSQL snapshot streamed as JSON Lines, one repeatable-read transaction, ` +
                `${Object.values(result.tables ?? {}).reduce((a, b) => a + b, 0)} rows in ${Object.keys(result.tables ?? {}).length} tables, ` +
                `schema version ${result.schemaVersion})`,
        );
        return 0;
      } catch (error) {
        const usage =
          error instanceof StoreError && (error.code === 'tool-missing' || error.code === 'invalid');
        throw new CliError(`backup failed: ${(error as Error).message}`, usage ? 2 : 1);
      }
    });
  },
};
