// `rgs registry import --file FILE.csv [--source NAME]`: historic cases into the registry.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { HISTORIC_CSV_COLUMNS } from '@openrgs/report';
import { importHistoricCsv } from '@openrgs/server';
import { STORAGE_OPTIONS } from '@openrgs/store';
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
  name: 'registry import',
  summary: 'import historic cases from CSV (validated, idempotent; errors name the line)',
  usage: '--file FILE.csv [--source NAME] [--json] [--data-dir D | --database-url URL]',
  details: `One row per lesion. Columns: ${HISTORIC_CSV_COLUMNS.join(', ')}.\nRows are keyed by (source, caseLabel, lesion): importing the same file again changes nothing.`,
  options: {
    file: { type: 'string', description: 'the CSV file' },
    source: { type: 'string', description: 'name of the data source (default: the file name)' },
    ...STORAGE_OPTIONS,
    json: JSON_OPTION,
  },
  run: async (io, args) => {
    const file = resolve(io.cwd, requireString(args, 'file'));
    let csv: string;
    try {
      csv = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(`--file: cannot read '${file}': ${(error as Error).message}`);
    }
    const source = stringFlag(args, 'source') ?? basename(file);
    return withStore(io, args, async (store) => {
      const imported = await importHistoricCsv(
        store,
        { userId: null, username: 'rgs registry import' },
        source,
        csv,
      );
      if (!imported.ok) {
        for (const i of imported.issues)
          io.stderr.write(`${file}:${i.line}${i.column ? ` (${i.column})` : ''}: ${i.message}\n`);
        throw new CliError(`${imported.issues.length} problem(s) in ${file}; nothing was imported`);
      }
      const r = imported.value;
      writeResult(
        io,
        booleanFlag(args, 'json'),
        r,
        () => `${source}: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged lesion rows`,
      );
      return 0;
    });
  },
};
