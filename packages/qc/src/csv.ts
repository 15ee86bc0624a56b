// Strict parsing of the small measurement tables QC works from (CSV with a header line).
// A table from a dosimetry bench must never be half-read: any bad line refuses the whole file,
// and the message names the line (1-based, counting the header) and the column.
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

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses `text` whose header must name exactly `columns` (any order). Blank lines and lines
 * starting with `#` are skipped. Fields are separated by commas; quotes are not supported.
 */
export function parseCsv(text: string, columns: readonly CsvColumn[]): QcResult<CsvRow[]> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const expected = columns.map((c) => (c.optional ? `[${c.name}]` : c.name)).join(',');
  let headerIndex = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] ?? '').trim();
    if (l !== '' && !l.startsWith('#')) {
      headerIndex = i;
      break;
    }
  }
  if (headerIndex < 0) return fail('csv-empty', `the file has no header line; expected '${expected}'`);
  const header = (lines[headerIndex] ?? '').split(',').map((h) => h.trim());
  const headerLine = headerIndex + 1;
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
  const rows: CsvRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim();
    const line = i + 1;
    if (raw === '' || raw.startsWith('#')) continue;
    const fields = raw.split(',').map((f) => f.trim());
    if (fields.length !== order.length)
      return fail(
        'csv-fields',
        `line ${line}: ${fields.length} field(s), expected ${order.length} (${header.join(',')})`,
        line,
      );
    const row: CsvRow = { line };
    for (let j = 0; j < order.length; j++) {
      const column = order[j]!;
      const field = fields[j]!;
      if (column.kind === 'text') {
        if (column.oneOf && !column.oneOf.includes(field))
          return fail(
            'csv-value',
            `line ${line}: ${column.name} '${field}' is not one of ${column.oneOf.join(', ')}`,
            line,
          );
        row[column.name] = field;
        continue;
      }
      if (!NUMBER.test(field))
        return fail('csv-value', `line ${line}: ${column.name} '${field}' is not a number`, line);
      const value = Number(field);
      if (!Number.isFinite(value))
        return fail('csv-value', `line ${line}: ${column.name} '${field}' is not finite`, line);
      if (column.min !== undefined) {
        const bad = column.exclusiveMin === true ? value <= column.min : value < column.min;
        if (bad)
          return fail(
            'csv-value',
            `line ${line}: ${column.name} '${field}' must be ${column.exclusiveMin === true ? 'greater than' : 'at least'} ${column.min}`,
            line,
          );
      }
      row[column.name] = value;
    }
    rows.push(row);
  }
  if (rows.length === 0) return fail('csv-empty', `the file has a header but no data lines`);
  return ok(rows);
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
