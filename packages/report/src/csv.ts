// CSV in and out of the registry: read through the one CSV reader (@openrgs/csv, RFC 4180 via csv-parse), written by csv-stringify.
// - Export: one row per measurement, units in the column names.
// - Import of historic cases: one row per lesion, validated field by field; errors name the line and the
//   column; rows are keyed by (caseLabel, lesion), so importing the same file twice changes nothing.
import {
  findLesionSite,
  findTracerCode,
  LESION_SITES,
  neutraliseCsvCell,
  textProblem,
  unknownTracerMessage,
} from '@openrgs/api';
import { readCsvRecords } from '@openrgs/csv';
import { firstIssue, type Issue, issue, type Outcome } from '@openrgs/outcome';
import { stringify } from 'csv-stringify/sync';
import type { CaseRecord, ImagingStatus, LesionSite, ResectionStatus, Verdict } from './record.js';
import type { CaseOutcome, LesionRow, RegistryInput } from './registry.js';

export const MEASUREMENT_CSV_COLUMNS = [
  'caseLabel',
  'measurementId',
  'measuredAt',
  'kind',
  'siteLabel',
  'counts',
  'durationSeconds',
  'rateCps',
  'decayCorrectedRateCps',
  'decayReferenceTime',
  'ratio',
  'ratioLow',
  'ratioHigh',
  'verdict',
  'lesionId',
  'specimenId',
  // Issue 13: the evidence the screen showed when the mark was made.
  'rateLowCps',
  'rateHighCps',
  'confidencePercent',
  'provisional',
  'backgroundMeanCps',
  'backgroundSdCps',
  'backgroundSites',
  'backgroundThresholdCps',
  'decisionRule',
  'fromSeq',
  'toSeq',
  'warnings',
] as const;

export function measurementsCsv(records: readonly CaseRecord[]): string {
  const rows = records.flatMap((r) =>
    r.measurements.map((m) => [
      r.label,
      m.id,
      m.measuredAt,
      m.kind,
      m.siteLabel,
      m.counts,
      m.durationSeconds,
      m.rateCps,
      m.decayCorrectedRateCps ?? '',
      // The reference stored with the measurement: the case's may have moved since the rate was corrected.
      m.decayCorrectedRateCps === undefined ? '' : (m.decayReferenceTime ?? r.decayReferenceTime ?? ''),
      m.ratio ?? '',
      m.ratioLow ?? '',
      m.ratioHigh ?? '',
      m.verdict ?? '',
      m.lesionId ?? '',
      m.specimenId ?? '',
      m.rateLowCps ?? '',
      m.rateHighCps ?? '',
      m.confidencePercent ?? '',
      m.provisional === undefined ? '' : m.provisional ? 'yes' : 'no',
      m.background?.meanCps ?? '',
      m.background?.sdCps ?? '',
      m.background?.sites ?? '',
      m.background?.thresholdCps ?? '',
      m.background?.rule ?? '',
      m.fromSeq ?? '',
      m.toSeq ?? '',
      (m.warnings ?? []).join('; '),
    ]),
  );
  // Every text cell neutralised against formula injection (OWASP): a label "-2 cm" or "=SUM(…)" opens
  // in a spreadsheet as text, not as a formula.
  return stringify([[...MEASUREMENT_CSV_COLUMNS], ...rows.map((row) => row.map(neutraliseCsvCell))]);
}

export const HISTORIC_CSV_COLUMNS = [
  'caseLabel',
  'tracer',
  'surgeryDate',
  'lesion',
  'site',
  'imagingStatus',
  'inVivoRatio',
  'exVivoRatio',
  'rgsResult',
  'netConfirmed',
  'resectionStatus',
  'recurrence',
  'followUpDate',
] as const;
const REQUIRED = ['caseLabel', 'tracer', 'lesion', 'site', 'imagingStatus', 'resectionStatus'] as const;

/** A problem of the historic file (@openrgs/outcome's Issue, kind `invalid`): always on a line (the header is 1). */
export type CsvIssue = Issue & { line: number };

export type HistoricImport = Outcome<RegistryInput, CsvIssue>;

/** Why a historic file was refused (the issue's code). */
type CsvIssueCode =
  | 'unreadable'
  | 'bad-text'
  | 'empty'
  | 'unknown-column'
  | 'missing-column'
  | 'field-count'
  | 'bad-value';

function csvIssue(code: CsvIssueCode, line: number, message: string, column?: string): CsvIssue {
  return { ...issue('invalid', code, message, { line, column }), line };
}

const SITES: readonly LesionSite[] = ['bowel', 'pancreas', 'nodes', 'liver', 'other'];
const IMAGING: readonly ImagingStatus[] = ['seen', 'indeterminate', 'not-seen'];
const VERDICTS: readonly Verdict[] = ['positive', 'negative', 'undecided'];
const RESECTION: readonly ResectionStatus[] = ['R0', 'R1', 'R2', 'pending'];

export function parseHistoricCsv(text: string, source: string): HistoricImport {
  // The one CSV reader (@openrgs/csv): RFC 4180 records, each with the line it starts on, so a blank line
  // or a quoted line break does not shift the lines named below.
  const read = readCsvRecords(text);
  if (!read.ok)
    return {
      ok: false,
      issues: [csvIssue('unreadable', firstIssue(read.issues).line, firstIssue(read.issues).message)],
    };
  // One text policy (as at the API edge): cells in NFC; controls, bidi controls, lone surrogates refused.
  const hygiene: CsvIssue[] = [];
  const headerCells = read.value[0]?.fields ?? [];
  const records = read.value.map(({ line, fields }) => ({
    line,
    cells: fields.map((cell, column) => {
      const problem = textProblem(cell, false);
      if (problem !== undefined)
        hygiene.push(csvIssue('bad-text', line, problem, headerCells[column] ?? `column ${column + 1}`));
      return cell.normalize('NFC');
    }),
  }));
  if (hygiene.length > 0) return { ok: false, issues: hygiene };
  const [headerRecord, ...body] = records;
  if (!headerRecord)
    return { ok: false, issues: [csvIssue('empty', 1, 'the file is empty: expected a header line')] };
  const header = headerRecord.cells;
  const issues: CsvIssue[] = [];
  const known = new Set<string>(HISTORIC_CSV_COLUMNS);
  for (const name of header)
    if (!known.has(name))
      issues.push(
        csvIssue(
          'unknown-column',
          1,
          `unknown column '${name}' (known: ${HISTORIC_CSV_COLUMNS.join(', ')})`,
          name,
        ),
      );
  for (const name of REQUIRED)
    if (!header.includes(name))
      issues.push(csvIssue('missing-column', 1, `missing required column '${name}'`, name));
  if (issues.length > 0) return { ok: false, issues };

  const cases = new Map<string, CaseOutcome>();
  const lesions = new Map<string, LesionRow>();
  for (const { line, cells } of body) {
    if (cells.length !== header.length) {
      issues.push(
        csvIssue(
          'field-count',
          line,
          `${cells.length} field${cells.length === 1 ? '' : 's'}, expected ${header.length} (${header.join(',')})`,
        ),
      );
      continue;
    }
    const get = (name: string): string => cells[header.indexOf(name)] ?? '';
    const bad = (column: string, message: string): void =>
      void issues.push(csvIssue('bad-value', line, message, column));
    const oneOf = <T extends string>(
      column: string,
      allowed: readonly T[],
      optional = false,
    ): T | undefined => {
      const v = get(column);
      if (v === '' && optional) return undefined;
      if (!(allowed as readonly string[]).includes(v)) {
        bad(column, `'${v}' is not one of ${allowed.join(', ')}`);
        return undefined;
      }
      return v as T;
    };
    const ratio = (column: string): number | null => {
      const v = get(column);
      if (v === '') return null;
      const n = Number(v);
      if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0) || n > 10000) {
        bad(column, `'${v}' is not a tumour-to-background ratio (a positive number)`);
        return null;
      }
      return n;
    };
    const yesNo = (column: string): boolean | null => {
      const v = get(column).toLowerCase();
      if (v === '') return null;
      if (['yes', 'true', '1'].includes(v)) return true;
      if (['no', 'false', '0'].includes(v)) return false;
      bad(column, `'${get(column)}' is not yes or no`);
      return null;
    };
    const date = (column: string): string | undefined => {
      const v = get(column);
      if (v === '') return undefined;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) {
        bad(column, `'${v}' is not a date YYYY-MM-DD`);
        return undefined;
      }
      return v;
    };
    const caseLabel = get('caseLabel');
    const lesion = get('lesion');
    // Historic spellings map onto the one canonical tracer; an unknown one is refused with the list.
    const tracerText = get('tracer');
    const tracerCode = tracerText === '' ? undefined : findTracerCode(tracerText);
    const tracer = tracerCode?.display ?? '';
    if (caseLabel === '') bad('caseLabel', 'is empty');
    if (lesion === '') bad('lesion', 'is empty');
    if (tracerText === '') bad('tracer', 'is empty');
    else if (tracerCode === undefined) bad('tracer', unknownTracerMessage(tracerText));
    // A registry group, or a coded site (counted in its group).
    const siteText = get('site');
    const coded = findLesionSite(siteText);
    const site = coded ? coded.group : oneOf('site', SITES);
    if (!coded && site === undefined) {
      issues.pop();
      bad(
        'site',
        `'${siteText}' is not one of ${SITES.join(', ')} nor a coded site (${LESION_SITES.map((s) => s.code).join(', ')})`,
      );
    }
    const imagingStatus = oneOf('imagingStatus', IMAGING);
    const rgsResult = oneOf('rgsResult', VERDICTS, true);
    const resectionStatus = oneOf('resectionStatus', RESECTION);
    const inVivoRatio = ratio('inVivoRatio');
    const exVivoRatio = ratio('exVivoRatio');
    const netConfirmed = yesNo('netConfirmed');
    const recurrence = yesNo('recurrence');
    date('surgeryDate');
    const followUpDate = date('followUpDate');
    if (recurrence !== null && followUpDate === undefined)
      bad('followUpDate', 'is needed when recurrence is given');
    if (caseLabel === '' || lesion === '' || tracer === '' || !site || !imagingStatus || !resectionStatus)
      continue;

    const caseId = `${source}:${caseLabel}`;
    const existing = cases.get(caseId);
    if (existing && (existing.tracer !== tracer || existing.resectionStatus !== resectionStatus)) {
      bad(
        'caseLabel',
        `case '${caseLabel}' appears with a different tracer or resection status than on an earlier line`,
      );
      continue;
    }
    const outcome: CaseOutcome = existing ?? {
      caseId,
      caseLabel,
      tracer,
      resectionStatus,
      followUps: [],
      synthetic: false,
    };
    if (
      followUpDate !== undefined &&
      recurrence !== null &&
      !outcome.followUps.some((f) => f.date === followUpDate)
    ) {
      outcome.followUps.push({ date: followUpDate, recurrence });
    }
    cases.set(caseId, outcome);
    const key = `${caseId}\u0000${lesion}`;
    if (lesions.has(key)) {
      bad('lesion', `lesion '${lesion}' of case '${caseLabel}' appears twice`);
      continue;
    }
    lesions.set(key, {
      caseId,
      caseLabel,
      tracer,
      site,
      lesion,
      imagingStatus,
      inVivoRatio,
      exVivoRatio,
      rgsResult: rgsResult ?? null,
      netConfirmed,
      synthetic: false,
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: { cases: [...cases.values()], lesions: [...lesions.values()] } };
}
