// `rgs restore --from FILE`: a backup (`rgs backup`) into an EMPTY store, on either engine.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { restore, STORAGE_OPTIONS, StoreError, storageFromFlags } from '@openrgs/store';
import { booleanFlag, CliError, type Command, JSON_OPTION, requireString, writeResult } from '../command.js';

export const command: Command = {
  name: 'restore',
  summary: 'restore a backup (rgs backup) into an empty store, then bring it to this version',
  usage: '--from FILE [--data-dir D | --database-url URL] [--json]',
  details:
    'FILE is any form rgs backup writes: a SQLite backup file or a PostgreSQL JSON snapshot (either\n' +
    'restores into either engine: a SQLite backup can seed a hospital PostgreSQL database; rows are\n' +
    'read and inserted a batch at a time), or a pg_dump archive (--format pg_dump), which pg_restore\n' +
    'puts into PostgreSQL only, into the schema it was taken from (needs pg_restore on PATH). The target\n' +
    'must hold no records: restore never merges into or overwrites a record. The store is first built at\n' +
    'the backup’s schema version, the rows go in in one transaction (parents before children), then the\n' +
    'usual migrations bring it to this version. Stop the server on the target before restoring.',
  options: {
    from: { type: 'string', description: 'the backup file' },
    ...STORAGE_OPTIONS,
    json: JSON_OPTION,
  },
  run: async (io, args) => {
    const file = resolve(io.cwd, requireString(args, 'from'));
    if (!existsSync(file)) throw new CliError(`--from: '${file}' does not exist`, 2);
    const target = storageFromFlags(args.values, io.env, io.cwd);
    let result: Awaited<ReturnType<typeof restore>>;
    try {
      result = await restore(target, file, { env: io.env });
    } catch (error) {
      if (error instanceof StoreError && error.code === 'tool-missing')
        throw new CliError(`restore failed: ${error.message}`, 2);
      if (error instanceof StoreError) throw new CliError(`restore refused: ${error.message}`);
      throw new CliError(`restore failed: ${(error as Error).message}`);
    }
    const rows = Object.values(result.tables).reduce((a, b) => a + b, 0);
    writeResult(io, booleanFlag(args, 'json'), result, () =>
      result.method === 'postgres-pg-dump'
        ? `restored ${file} through pg_restore (pg_dump archive, schema version ${result.backupSchemaVersion}; ` +
          `the store is now at version ${result.schemaVersion})`
        : `restored ${rows} rows in ${Object.keys(result.tables).length} tables from ${file} ` +
          `(${{ 'sqlite-online-backup': 'SQLite backup', 'postgres-json-snapshot': 'PostgreSQL JSON snapshot', 'postgres-pg-dump': 'pg_dump archive, through pg_restore' }[result.method]}, ` +
          `schema version ${result.backupSchemaVersion}; the store is now at version ${result.schemaVersion})`,
    );
    return 0;
  },
};
