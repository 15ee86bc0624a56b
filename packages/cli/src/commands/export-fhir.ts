// `rgs export fhir --case ID [--out FILE]`: the case as a FHIR R4 transaction Bundle.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildReportModel, caseToFhirBundle, renderReportPdf, validateFhir } from '@openrgs/report';
import { loadCaseRecord } from '@openrgs/server';
import { STORAGE_OPTIONS } from '@openrgs/store';
import { booleanFlag, CliError, type Command, requireString, stringFlag } from '../command.js';
import { resolveCaseId, withStore } from '../with-store.js';

export const command: Command = {
  name: 'export fhir',
  summary: 'export a case as a FHIR R4 transaction Bundle (JSON), validated before it is written',
  usage: '--case ID|LABEL [--out FILE] [--data-dir D | --database-url URL]',
  details:
    'The bundle holds the pseudonymous Patient, Procedure, MedicationAdministration (activity in MBq),\n' +
    'Device (probe), Specimen per excised piece, Observation per measurement, DiagnosticReport (with the\n' +
    'PDF report) and Provenance. It is validated against the R4 structure definitions; an invalid bundle\n' +
    'is not written and the command exits 1 naming the problems.',
  options: {
    case: { type: 'string', description: 'case id (UUID) or exact case label' },
    out: { type: 'string', description: 'file to write (default: standard output)' },
    'no-pdf': { type: 'boolean', description: 'leave the PDF report out of DiagnosticReport.presentedForm' },
    ...STORAGE_OPTIONS,
  },
  run: (io, args) =>
    withStore(io, args, async (store) => {
      const id = await resolveCaseId(store, requireString(args, 'case'));
      const record = await loadCaseRecord(store, id);
      if (!record) throw new CliError(`--case: case '${id}' disappeared while reading`);
      const exportedAt = new Date().toISOString();
      const pdf = booleanFlag(args, 'no-pdf')
        ? undefined
        : await renderReportPdf(buildReportModel(record, { generatedAt: exportedAt }));
      const bundle = caseToFhirBundle(record, { exportedAt, ...(pdf ? { reportPdf: pdf } : {}) });
      // Medplum cannot resolve the target type of urn:uuid references; everything else must be clean.
      const issues = validateFhir(bundle).filter(
        (i) => !i.message.startsWith('Invalid reference: got "urn:uuid:'),
      );
      if (issues.length > 0) {
        throw new CliError(
          `the bundle does not validate: ${issues.map((i) => `${i.expression}: ${i.message}`).join('; ')}`,
        );
      }
      const text = `${JSON.stringify(bundle, null, 2)}\n`;
      const out = stringFlag(args, 'out');
      if (out === undefined) io.stdout.write(text);
      else {
        writeFileSync(resolve(io.cwd, out), text);
        io.stderr.write(`wrote ${bundle.entry?.length ?? 0} resources to ${out}\n`);
      }
      return 0;
    }),
};
