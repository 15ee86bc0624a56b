// Strict CSV readers for count frames and background sites (pure: text in, rows or an error naming the
// line out), on the one CSV reader of @openrgs/csv: RFC 4180 fields (quotes allowed, "" for a quote), comma
// separator, LF or CRLF line ends, optional UTF-8 BOM, blank lines ignored. The header must be exactly as
// documented.

import { type CsvIssue, csvRows, nonEmptyField, numberField, readCsvRecords } from '@openrgs/csv';
import { firstIssue as firstOf, type Outcome } from '@openrgs/outcome';
import { z } from 'zod';
import type { BackgroundSite } from './background-model.js';
import type { CountFrame } from './frame.js';

/** Rows, or the file's first problem (@openrgs/outcome: one `invalid` issue with its line). */
export type CsvResult<T> = Outcome<T, CsvIssue>;

function fileIssue(line: number, message: string): CsvResult<never> {
  return { ok: false, issues: [{ kind: 'invalid', code: 'bad-file', message, line }] };
}

export interface StreamFrames {
  /** The stream's name from the `stream` column; null when the file has no such column. */
  stream: string | null;
  frames: Array<CountFrame & { line: number }>;
}

// `stream` is present only when the header has it.
const FRAME_ROW = z.object({
  stream: nonEmptyField().optional(),
  startSeconds: numberField(),
  durationSeconds: numberField({ greaterThan: 0 }),
  counts: numberField({ integer: true, min: 0 }),
});
const SITE_ROW = z.object({
  siteLabel: z.string(),
  counts: numberField({ integer: true, min: 0 }),
  durationSeconds: numberField({ greaterThan: 0 }),
});

const FRAME_HEADER = ['startSeconds', 'durationSeconds', 'counts'];

/**
 * Frames CSV: header `startSeconds,durationSeconds,counts`, optionally preceded by a `stream` column.
 * Returns the streams in order of first appearance, frames in file order, each with its line number.
 */
export function parseFramesCsv(text: string): CsvResult<StreamFrames[]> {
  const parsed = readCsvRecords(text);
  if (!parsed.ok) return firstIssue(parsed.issues);
  const [header, ...rows] = parsed.value;
  if (!header) return fileIssue(1, `empty file: expected the header ${FRAME_HEADER.join(',')}`);
  const hasStream = header.fields[0] === 'stream';
  const expected = hasStream ? ['stream', ...FRAME_HEADER] : FRAME_HEADER;
  if (header.fields.join(',') !== expected.join(',')) {
    return fileIssue(
      header.line,
      `header '${header.fields.join(',')}' must be '${FRAME_HEADER.join(',')}' (optionally with a leading 'stream' column)`,
    );
  }
  if (rows.length === 0) return fileIssue(header.line, 'no frames after the header');
  const checked = csvRows(rows, expected, FRAME_ROW);
  if (!checked.ok) return firstIssue(checked.issues);
  const streams = new Map<string, StreamFrames>();
  for (const row of checked.value) {
    const name = row.stream ?? '';
    let stream = streams.get(name);
    if (!stream) {
      stream = { stream: hasStream ? name : null, frames: [] };
      streams.set(name, stream);
    }
    stream.frames.push({
      startSeconds: row.startSeconds,
      durationSeconds: row.durationSeconds,
      counts: row.counts,
      line: row.line,
    });
  }
  return { ok: true, value: [...streams.values()] };
}

/** The first of the reader's issues (each names its line): one problem at a time, as the CLI reports it. */
function firstIssue(issues: readonly CsvIssue[]): CsvResult<never> {
  return { ok: false, issues: [firstOf(issues)] };
}

const SITES_HEADER = ['siteLabel', 'counts', 'durationSeconds'];

/** Background sites CSV: header `siteLabel,counts,durationSeconds`. */
export function parseSitesCsv(text: string): CsvResult<BackgroundSite[]> {
  const parsed = readCsvRecords(text);
  if (!parsed.ok) return firstIssue(parsed.issues);
  const [header, ...rows] = parsed.value;
  if (!header) return fileIssue(1, `empty file: expected the header ${SITES_HEADER.join(',')}`);
  if (header.fields.join(',') !== SITES_HEADER.join(',')) {
    return fileIssue(header.line, `header '${header.fields.join(',')}' must be '${SITES_HEADER.join(',')}'`);
  }
  if (rows.length === 0) return fileIssue(header.line, 'no background sites after the header');
  const checked = csvRows(rows, SITES_HEADER, SITE_ROW);
  if (!checked.ok) return firstIssue(checked.issues);
  return {
    ok: true,
    value: checked.value.map((r) => ({
      siteLabel: r.siteLabel,
      counts: r.counts,
      durationSeconds: r.durationSeconds,
    })),
  };
}
