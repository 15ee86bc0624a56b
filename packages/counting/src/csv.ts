// Strict CSV readers for count frames and background sites (pure: text in, rows or an error naming the
// line out). RFC 4180 fields (quotes allowed, "" for a quote), comma separator, LF or CRLF line ends,
// optional UTF-8 BOM, blank lines ignored. The header must be exactly as documented.
import type { BackgroundSite } from './background-model.js';
import type { CountFrame } from './frame.js';

export type CsvResult<T> = { ok: true; rows: T } | { ok: false; line: number; message: string };

export interface StreamFrames {
  /** The stream's name from the `stream` column; null when the file has no such column. */
  stream: string | null;
  frames: Array<CountFrame & { line: number }>;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Splits CSV text into records of fields, each with its 1-based line number. */
export function parseCsvRecords(text: string): CsvResult<Array<{ line: number; fields: string[] }>> {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: Array<{ line: number; fields: string[] }> = [];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    if (raw.trim() === '') continue;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let wasQuoted = false;
    for (let j = 0; j < raw.length; j++) {
      const ch = raw[j]!;
      if (quoted) {
        if (ch === '"' && raw[j + 1] === '"') {
          field += '"';
          j++;
        } else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"') {
        if (field.trim() !== '' || wasQuoted)
          return { ok: false, line: i + 1, message: 'a quote in the middle of a field' };
        quoted = true;
        wasQuoted = true;
        field = '';
      } else if (ch === ',') {
        fields.push(wasQuoted ? field : field.trim());
        field = '';
        wasQuoted = false;
      } else if (wasQuoted) {
        if (ch.trim() !== '') return { ok: false, line: i + 1, message: 'text after a closing quote' };
      } else field += ch;
    }
    if (quoted) return { ok: false, line: i + 1, message: 'a quoted field is not closed on its line' };
    fields.push(wasQuoted ? field : field.trim());
    records.push({ line: i + 1, fields });
  }
  return { ok: true, rows: records };
}

function number(
  text: string,
  name: string,
  line: number,
  options: { integer?: boolean; positive?: boolean; min?: number },
) {
  if (!NUMBER.test(text))
    return { error: { ok: false as const, line, message: `${name} '${text}' is not a number` } };
  const value = Number(text);
  if (!Number.isFinite(value))
    return { error: { ok: false as const, line, message: `${name} '${text}' is not finite` } };
  if (options.integer && !Number.isInteger(value)) {
    return { error: { ok: false as const, line, message: `${name} '${text}' is not a whole number` } };
  }
  if (options.positive && !(value > 0))
    return { error: { ok: false as const, line, message: `${name} '${text}' must be > 0` } };
  if (options.min !== undefined && value < options.min) {
    return { error: { ok: false as const, line, message: `${name} '${text}' must be >= ${options.min}` } };
  }
  return { value };
}

const FRAME_HEADER = ['startSeconds', 'durationSeconds', 'counts'];

/**
 * Frames CSV: header `startSeconds,durationSeconds,counts`, optionally preceded by a `stream` column.
 * Returns the streams in order of first appearance, frames in file order, each with its line number.
 */
export function parseFramesCsv(text: string): CsvResult<StreamFrames[]> {
  const parsed = parseCsvRecords(text);
  if (!parsed.ok) return parsed;
  const [header, ...rows] = parsed.rows;
  if (!header)
    return { ok: false, line: 1, message: `empty file: expected the header ${FRAME_HEADER.join(',')}` };
  const hasStream = header.fields[0] === 'stream';
  const expected = hasStream ? ['stream', ...FRAME_HEADER] : FRAME_HEADER;
  if (header.fields.join(',') !== expected.join(',')) {
    return {
      ok: false,
      line: header.line,
      message: `header '${header.fields.join(',')}' must be '${FRAME_HEADER.join(',')}' (optionally with a leading 'stream' column)`,
    };
  }
  if (rows.length === 0) return { ok: false, line: header.line, message: 'no frames after the header' };
  const streams = new Map<string, StreamFrames>();
  for (const { line, fields } of rows) {
    if (fields.length !== expected.length) {
      return {
        ok: false,
        line,
        message: `${fields.length} fields, expected ${expected.length} (${expected.join(',')})`,
      };
    }
    const offset = hasStream ? 1 : 0;
    const name = hasStream ? fields[0]! : '';
    if (hasStream && name === '') return { ok: false, line, message: 'empty stream name' };
    const start = number(fields[offset]!, 'startSeconds', line, {});
    if (start.error) return start.error;
    const duration = number(fields[offset + 1]!, 'durationSeconds', line, { positive: true });
    if (duration.error) return duration.error;
    const counts = number(fields[offset + 2]!, 'counts', line, { integer: true, min: 0 });
    if (counts.error) return counts.error;
    let stream = streams.get(name);
    if (!stream) {
      stream = { stream: hasStream ? name : null, frames: [] };
      streams.set(name, stream);
    }
    stream.frames.push({
      startSeconds: start.value,
      durationSeconds: duration.value,
      counts: counts.value,
      line,
    });
  }
  return { ok: true, rows: [...streams.values()] };
}

const SITES_HEADER = ['siteLabel', 'counts', 'durationSeconds'];

/** Background sites CSV: header `siteLabel,counts,durationSeconds`. */
export function parseSitesCsv(text: string): CsvResult<BackgroundSite[]> {
  const parsed = parseCsvRecords(text);
  if (!parsed.ok) return parsed;
  const [header, ...rows] = parsed.rows;
  if (!header)
    return { ok: false, line: 1, message: `empty file: expected the header ${SITES_HEADER.join(',')}` };
  if (header.fields.join(',') !== SITES_HEADER.join(',')) {
    return {
      ok: false,
      line: header.line,
      message: `header '${header.fields.join(',')}' must be '${SITES_HEADER.join(',')}'`,
    };
  }
  if (rows.length === 0)
    return { ok: false, line: header.line, message: 'no background sites after the header' };
  const sites: BackgroundSite[] = [];
  for (const { line, fields } of rows) {
    if (fields.length !== 3)
      return { ok: false, line, message: `${fields.length} fields, expected 3 (${SITES_HEADER.join(',')})` };
    const counts = number(fields[1]!, 'counts', line, { integer: true, min: 0 });
    if (counts.error) return counts.error;
    const duration = number(fields[2]!, 'durationSeconds', line, { positive: true });
    if (duration.error) return duration.error;
    sites.push({ siteLabel: fields[0]!, counts: counts.value, durationSeconds: duration.value });
  }
  return { ok: true, rows: sites };
}
