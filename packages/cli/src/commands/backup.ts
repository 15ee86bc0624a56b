// `rgs backup --out FILE`: a consistent snapshot of the whole record, while the server keeps running.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { backup, STORAGE_OPTIONS } from '@openrgs/store';
import { booleanFlag, CliError, type Command, JSON_OPTION, requireString, writeResult } from '../command.js';
import { withStore } from '../with-store.js';

export const command: Command = {
  name: 'backup',
  summary: 'write a consistent snapshot of the store to a file (safe while the server runs)',
  usage: '--out FILE [--data-dir D | --database-url URL] [--force]',
  details:
    'SQLite: SQLite’s online backup API; FILE is a SQLite database (open it with --data-dir on a copy).\n' +
    'PostgreSQL: every table read in one REPEATABLE READ, READ ONLY transaction (one snapshot) and\n' +
    'written as a JSON document (format openrgs-backup, with the schema version). For whole-cluster\n' +
    'backups use the hospital’s PostgreSQL tooling (pg_dump / base backups) as well.',
  options: {
    out: { type: 'string', description: 'file to write (refused if it exists, unless --force)' },
    force: { type: 'boolean', description: 'overwrite FILE if it exists' },
    ...STORAGE_OPTIONS,
    json: JSON_OPTION,
  },
  run: async (io, args) => {
    const out = resolve(io.cwd, requireString(args, 'out'));
    if (existsSync(out) && !booleanFlag(args, 'force')) {
      throw new CliError(`--out: '${out}' exists; choose another file or add --force`, 2);
    }
    return withStore(io, args, async (store) => {
      try {
        const result = await backup(store, out);
        writeResult(io, booleanFlag(args, 'json'), result, () =>
          result.method === 'sqlite-online-backup'
            ? `backup written: ${out} (SQLite online backup, ${result.pages} pages, schema version ${result.schemaVersion})`
            : `backup written: ${out} (PostgreSQL snapshot as JSON, one repeatable-read transaction, ` +
              `${Object.values(result.tables ?? {}).reduce((a, b) => a + b, 0)} rows in ${Object.keys(result.tables ?? {}).length} tables, ` +
              `schema version ${result.schemaVersion})`,
        );
        return 0;
      } catch (error) {
        throw new CliError(`backup failed: ${(error as Error).message}`);
      }
    });
  },
};
