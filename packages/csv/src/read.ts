// The one CSV reader of OpenRGS: RFC 4180 records by csv-parse (quoted fields, "" for a quote, LF or CRLF,
// optional UTF-8 BOM, blank lines skipped, optionally `#` comment lines), then each row checked by a zod
// schema. Every problem names the 1-based line of the file (the header is line 1 when it comes first) and,
// for a value, the column.
import { type Issue, type Outcome, issue as outcomeIssue } from '@openrgs/outcome';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';

/**
 * A problem of a CSV file (@openrgs/outcome's Issue, kind `invalid`): `line` the 1-based line where the
 * record starts, `column` the column's name from the header when the problem is one value.
 */
export type CsvIssue = Issue & { line: number };

/** Why a file or a row was refused (the issue's code). */
export type CsvIssueCode =
  | 'unclosed-quote'
  | 'quote-in-field'
  | 'text-after-quote'
  | 'unreadable'
  | 'field-count'
  | 'bad-value';

function csvIssue(code: CsvIssueCode, line: number, message: string, column?: string): CsvIssue {
  return { ...outcomeIssue('invalid', code, message, { line, column }), line };
}

export interface CsvRecord {
  line: number;
  fields: string[];
}

export type CsvRecords = Outcome<CsvRecord[], CsvIssue>;

export interface ReadOptions {
  /** Skip lines that start with `#` (QC tables and data sources carry comments). Default false. */
  comments?: boolean;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** Splits CSV text into records of fields, each with the line it starts on. */
export function readCsvRecords(text: string, options: ReadOptions = {}): CsvRecords {
  let lastLine = 0;
  let parsed: ParsedRecord[];
  try {
    parsed = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
      ...(options.comments === true ? { comment: '#', comment_no_infix: true } : {}),
      on_record: (record, context) => {
        lastLine = context.lines;
        return record;
      },
    }) as unknown as ParsedRecord[];
  } catch (error) {
    return { ok: false, issues: [parseProblem(error, text, lastLine, options)] };
  }
  return {
    ok: true,
    value: parsed.map(({ record, info }) => ({
      // csv-parse counts the line a record ends on; a quoted field may hold line breaks.
      line: info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0),
      fields: record,
    })),
  };
}

function parseProblem(error: unknown, text: string, lastLine: number, options: ReadOptions): CsvIssue {
  const e = error as { code?: string; lines?: number; message?: string };
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      // csv-parse reports the end of the text; the quote opened on the first record line after the last
      // complete record.
      return csvIssue(
        'unclosed-quote',
        nextRecordLine(text, lastLine, options),
        'a quoted field is not closed (a field that opens with " must end with ")',
      );
    case 'INVALID_OPENING_QUOTE':
      return csvIssue(
        'quote-in-field',
        e.lines ?? lastLine + 1,
        'a quote in the middle of a field (quote the whole field and double inner quotes: "a ""b""")',
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return csvIssue('text-after-quote', e.lines ?? lastLine + 1, 'text after a closing quote');
    default:
      return csvIssue('unreadable', e.lines ?? lastLine + 1, e.message ?? String(error));
  }
}

function nextRecordLine(text: string, after: number, options: ReadOptions): number {
  const lines = text.split('\n');
  for (let i = after; i < lines.length; i++) {
    const l = (lines[i] ?? '').trim();
    if (l === '' || (options.comments === true && l.startsWith('#'))) continue;
    return i + 1;
  }
  return after + 1;
}

export type CsvRows<T> = Outcome<Array<T & { line: number }>, CsvIssue>;

/**
 * Checks records against named columns and a zod schema of one row (an object keyed by column name, each
 * value the field's text). A record with the wrong number of fields, or a value the schema refuses, is an
 * issue naming the line and column: "counts 'abc' is not a number".
 */
export function csvRows<S extends z.ZodType<object, Record<string, string | undefined>>>(
  records: readonly CsvRecord[],
  columns: readonly string[],
  schema: S,
): CsvRows<z.output<S>> {
  const issues: CsvIssue[] = [];
  const rows: Array<z.output<S> & { line: number }> = [];
  for (const { line, fields } of records) {
    if (fields.length !== columns.length) {
      issues.push(
        csvIssue(
          'field-count',
          line,
          `${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${columns.length} (${columns.join(',')})`,
        ),
      );
      continue;
    }
    const raw: Record<string, string> = {};
    columns.forEach((name, i) => {
      raw[name] = fields[i] ?? '';
    });
    const checked = schema.safeParse(raw);
    if (checked.success) {
      rows.push({ ...checked.data, line });
      continue;
    }
    for (const issue of checked.error.issues) {
      const column = String(issue.path[0] ?? '');
      const value = raw[column];
      issues.push(
        value === undefined
          ? csvIssue('bad-value', line, issue.message)
          : csvIssue('bad-value', line, `${column} '${value}' ${issue.message}`, column),
      );
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: rows };
}
