// Strict parsing of the small measurement tables QC works from (CSV with a header line).
// A table from a dosimetry bench must never be half-read: any bad line refuses the whole file,
// and the message names the line (1-based, counting the header) and the column.

import { csvRows, numberField, oneOfField, readCsvRecords } from '@openrgs/csv';
import { firstIssue } from '@openrgs/outcome';
import { z } from 'zod';
import { fail, ok, type QcResult } from './result.js';

export interface CsvColumn {
  name: string;
  kind: 'number' | 'text';
  /** For numbers: smallest allowed value (inclusive). */
  min?: number;
  /** For numbers: the value must be greater than `min`. */
  exclusiveMin?: boolean;
  /** For text: the allowed values. */
  oneOf?: readonly string[];
  /** The column may be absent from the header (then absent from every row). */
  optional?: boolean;
}

export type CsvRow = Record<string, number | string> & { line: number };

function fieldSchema(column: CsvColumn): z.ZodType<number | string, string> {
  if (column.kind === 'text') return column.oneOf ? oneOfField(column.oneOf) : z.string();
  if (column.min === undefined) return numberField();
  return column.exclusiveMin === true
    ? numberField({ greaterThan: column.min })
    : numberField({ min: column.min });
}

/**
 * Parses `text` whose header must name exactly `columns` (any order), with the one CSV reader of
 * @openrgs/csv: RFC 4180 quoting, blank lines and lines starting with `#` skipped.
 */
export function parseCsv(text: string, columns: readonly CsvColumn[]): QcResult<CsvRow[]> {
  const expected = columns.map((c) => (c.optional ? `[${c.name}]` : c.name)).join(',');
  const read = readCsvRecords(text, { comments: true });
  if (!read.ok)
    return fail(
      'csv-syntax',
      `line ${firstIssue(read.issues).line}: ${firstIssue(read.issues).message}`,
      firstIssue(read.issues).line,
    );
  const [headerRecord, ...body] = read.value;
  if (!headerRecord) return fail('csv-empty', `the file has no header line; expected '${expected}'`);
  const header = headerRecord.fields;
  const headerLine = headerRecord.line;
  const order: CsvColumn[] = [];
  for (const name of header) {
    const column = columns.find((c) => c.name === name);
    if (!column)
      return fail(
        'csv-header',
        `line ${headerLine}: unknown column '${name}'; expected '${expected}'`,
        headerLine,
      );
    if (order.includes(column))
      return fail('csv-header', `line ${headerLine}: column '${name}' appears twice`, headerLine);
    order.push(column);
  }
  for (const column of columns) {
    if (!order.includes(column) && column.optional !== true)
      return fail(
        'csv-header',
        `line ${headerLine}: missing column '${column.name}'; expected '${expected}'`,
        headerLine,
      );
  }
  const schema = z.object(Object.fromEntries(order.map((c) => [c.name, fieldSchema(c)])));
  const checked = csvRows(body, header, schema);
  if (!checked.ok) {
    const first = checked.issues[0];
    const line = first?.line ?? headerLine;
    return fail(
      first?.column === undefined ? 'csv-fields' : 'csv-value',
      `line ${line}: ${first?.message}`,
      line,
    );
  }
  if (checked.value.length === 0) return fail('csv-empty', `the file has a header but no data lines`);
  return ok(checked.value as CsvRow[]);
}

/** Reads a numeric field of a parsed row (the parser guarantees its presence and type). */
export function num(row: CsvRow, name: string): number {
  const v = row[name];
  if (typeof v !== 'number') throw new Error(`column ${name} is not numeric in line ${row.line}`);
  return v;
}

export function text(row: CsvRow, name: string): string {
  const v = row[name];
  if (typeof v !== 'string') throw new Error(`column ${name} is not text in line ${row.line}`);
  return v;
}
