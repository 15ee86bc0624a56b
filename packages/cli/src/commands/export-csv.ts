// `rgs export csv --case ID [--out FILE]`: the measurements of a case (or of every case) as CSV.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CaseRecord } from '@openrgs/report';
import { measurementsCsv } from '@openrgs/report';
import { loadCaseRecord } from '@openrgs/server';
import { STORAGE_OPTIONS } from '@openrgs/store';
import { booleanFlag, CliError, type Command, stringFlag } from '../command.js';
import { resolveCaseId, withStore } from '../with-store.js';

export const command: Command = {
  name: 'export csv',
  summary: 'export measurements as CSV (one row per measurement, units in the column names)',
  usage: '(--case ID|LABEL | --all) [--out FILE] [--data-dir D | --database-url URL]',
  options: {
    case: { type: 'string', description: 'case id (UUID) or exact case label' },
    all: { type: 'boolean', description: 'every case (up to 500, newest first)' },
    out: { type: 'string', description: 'file to write (default: standard output)' },
    ...STORAGE_OPTIONS,
  },
  run: (io, args) =>
    withStore(io, args, async (store) => {
      const one = stringFlag(args, 'case');
      if ((one === undefined) === !booleanFlag(args, 'all'))
        throw new CliError('give exactly one of --case or --all', 2);
      const ids =
        one !== undefined
          ? [await resolveCaseId(store, one)]
          : (await store.cases.list(500)).map((c) => c.id);
      const records: CaseRecord[] = [];
      for (const id of ids) {
        const r = await loadCaseRecord(store, id);
        if (r) records.push(r);
      }
      const csv = measurementsCsv(records);
      const out = stringFlag(args, 'out');
      if (out === undefined) io.stdout.write(csv);
      else writeFileSync(resolve(io.cwd, out), csv);
      return 0;
    }),
};
