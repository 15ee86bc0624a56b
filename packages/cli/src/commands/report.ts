// `rgs report --case ID --out FILE.pdf`: the case report as PDF (or printable HTML with --html).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildReportModel, renderReportHtml, renderReportPdf } from '@openrgs/report';
import { decayCorrectorFor, loadCaseRecord } from '@openrgs/server';
import { STORAGE_OPTIONS } from '@openrgs/store';
import {
  booleanFlag,
  CliError,
  type Command,
  parseIsoInstant,
  requireString,
  stringFlag,
} from '../command.js';
import { resolveCaseId, withStore } from '../with-store.js';

export const command: Command = {
  name: 'report',
  summary: 'write the case report (PDF, or printable HTML with --html)',
  usage: '--case ID|LABEL --out FILE [--html] [--reference ISO] [--data-dir D | --database-url URL]',
  options: {
    case: { type: 'string', description: 'case id (UUID) or exact case label' },
    out: { type: 'string', description: 'file to write' },
    html: { type: 'boolean', description: 'write the printable HTML view instead of PDF' },
    reference: {
      type: 'string',
      description: 'decay reference time for corrected rates, ISO-8601 with zone (default: the case’s own)',
    },
    ...STORAGE_OPTIONS,
  },
  run: (io, args) =>
    withStore(io, args, async (store) => {
      const out = resolve(io.cwd, requireString(args, 'out'));
      const reference = stringFlag(args, 'reference');
      if (reference !== undefined) parseIsoInstant(reference, '--reference');
      const id = await resolveCaseId(store, requireString(args, 'case'));
      const record = await loadCaseRecord(store, id);
      if (!record) throw new CliError(`--case: case '${id}' disappeared while reading`);
      const decayCorrect = decayCorrectorFor(record.tracer?.nuclide);
      const model = buildReportModel(record, {
        generatedAt: new Date().toISOString(),
        ...(reference !== undefined ? { decayReferenceTime: reference } : {}),
        ...(reference !== undefined && decayCorrect ? { decayCorrect } : {}),
      });
      writeFileSync(out, booleanFlag(args, 'html') ? renderReportHtml(model) : await renderReportPdf(model));
      io.stdout.write(`report written: ${out}\n`);
      return 0;
    }),
};
