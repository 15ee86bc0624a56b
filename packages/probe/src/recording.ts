// The recording format: every byte in and out of a probe connection, with host times, for incident review.
// JSON Lines, UTF-8. Line 1 is the header; every other line is one event. Documented in the README.
//   {"format":"openrgs-probe-recording","version":1,"protocol":"gmc","startedAt":"2026-…Z",
//    "transport":"serial /dev/ttyUSB0","codecOptions":{…}}
//   {"t":0.000,"open":"serial /dev/ttyUSB0 @115200"}
//   {"t":0.412,"tx":"PEhFQVJUQkVBVDA+Pg=="}          bytes sent, base64
//   {"t":1.207,"rx":"AAAAHA=="}                      bytes received, base64, one chunk as it arrived
//   {"t":5003.1,"close":"device unplugged"}
// t is host monotonic milliseconds since the recording started (3 decimals).

import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import type { Issue, Outcome } from '@openrgs/outcome';
import type { ProtocolName } from './types.js';
import { PROTOCOLS } from './types.js';

export const RECORDING_FORMAT = 'openrgs-probe-recording';
export const RECORDING_VERSION = 1;

export type RecordingEntry =
  | { kind: 'open'; hostMs: number; transport: string }
  | { kind: 'rx'; hostMs: number; bytes: Uint8Array }
  | { kind: 'tx'; hostMs: number; bytes: Uint8Array }
  | { kind: 'close'; hostMs: number; reason: string };

export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: typeof RECORDING_VERSION;
  protocol: ProtocolName;
  /** Wall-clock time of t = 0, ISO 8601 UTC. */
  startedAt: string;
  transport: string;
  /** Codec options in force (replay uses them so that it decodes exactly as the live driver did). */
  codecOptions?: Record<string, number | string | boolean>;
}

export interface Recording {
  header: RecordingHeader;
  /** Entries; hostMs is t, ms since the recording started. */
  entries: RecordingEntry[];
}

export interface RecordingSink {
  record(entry: RecordingEntry): void;
  close(): Promise<void>;
}

/** Host times are quantised to this (1 µs) before anyone sees them, so a recording holds them exactly. */
export function quantiseMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** One JSON line for an entry; `hostMs` is already ms since the recording (driver) started. */
export function encodeEntry(entry: RecordingEntry): string {
  const t = quantiseMs(entry.hostMs);
  switch (entry.kind) {
    case 'open':
      return JSON.stringify({ t, open: entry.transport });
    case 'close':
      return JSON.stringify({ t, close: entry.reason });
    case 'rx':
    case 'tx':
      return JSON.stringify({ t, [entry.kind]: Buffer.from(entry.bytes).toString('base64') });
  }
}

/** A sink that keeps lines in memory (tests, or a caller that stores them elsewhere). */
export class MemoryRecording implements RecordingSink {
  readonly lines: string[];

  constructor(header: RecordingHeader) {
    this.lines = [JSON.stringify(header)];
  }

  record(entry: RecordingEntry): void {
    this.lines.push(encodeEntry(entry));
  }

  async close(): Promise<void> {}

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/**
 * Appends to a file as the bytes flow; `close` flushes. The file is created at once and must not exist
 * (the constructor throws EEXIST: a recording is evidence and is never overwritten). Later write errors
 * surface from `close`.
 */
export class FileRecording implements RecordingSink {
  private readonly stream: WriteStream;
  private error: Error | undefined;

  constructor(path: string, header: RecordingHeader) {
    const fd = openSync(path, 'wx');
    this.stream = createWriteStream(path, { fd });
    this.stream.on('error', (error) => {
      this.error = error;
    });
    this.stream.write(`${JSON.stringify(header)}\n`);
  }

  record(entry: RecordingEntry): void {
    this.stream.write(`${encodeEntry(entry)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end((error?: Error | null) => {
        const failure = error ?? this.error;
        if (failure) reject(failure);
        else resolve();
      });
    });
  }
}

/**
 * Why a recording cannot be read (each `invalid`; a recording is evidence, so nothing is skipped): `empty`,
 * `bad-header` (line 1) or `bad-line`, with the 1-based `line`; the message starts with `line N:` as before.
 */
export type RecordingIssue = Issue & { code: 'empty' | 'bad-header' | 'bad-line' };

/** The recording, or the one issue that stops it. */
export type ParsedRecording = Outcome<Recording, RecordingIssue>;

function refused(code: RecordingIssue['code'], message: string, line?: number): ParsedRecording {
  return {
    ok: false,
    issues: [{ kind: 'invalid', code, message, ...(line !== undefined ? { line } : {}) }],
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses a recording; any malformed line is an error naming the line (a recording is evidence). */
export function parseRecording(text: string): ParsedRecording {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const first = lines[0];
  if (first === undefined) return refused('empty', 'empty file: no recording header');
  let header: RecordingHeader;
  try {
    const h = JSON.parse(first) as Partial<RecordingHeader> | null;
    if (h === null || typeof h !== 'object' || h.format !== RECORDING_FORMAT) {
      return refused('bad-header', `line 1: not an ${RECORDING_FORMAT} header`, 1);
    }
    if (h.version !== RECORDING_VERSION)
      return refused(
        'bad-header',
        `line 1: recording version ${String(h.version)} is not ${RECORDING_VERSION}`,
        1,
      );
    if (typeof h.protocol !== 'string' || !PROTOCOLS.includes(h.protocol as ProtocolName)) {
      return refused(
        'bad-header',
        `line 1: protocol '${String(h.protocol)}' is not one of ${PROTOCOLS.join(', ')}`,
        1,
      );
    }
    header = h as RecordingHeader;
  } catch {
    return refused('bad-header', 'line 1: header is not JSON', 1);
  }
  const entries: RecordingEntry[] = [];
  let previousT = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < lines.length; i++) {
    const where = `line ${i + 1}`;
    let row: Record<string, unknown>;
    try {
      const parsed = JSON.parse(lines[i] ?? '') as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        return refused('bad-line', `${where}: not a JSON object`, i + 1);
      row = parsed as Record<string, unknown>;
    } catch {
      return refused('bad-line', `${where}: not JSON`, i + 1);
    }
    const t = row.t;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < previousT) {
      return refused(
        'bad-line',
        `${where}: t must be a number of ms not less than the previous line's`,
        i + 1,
      );
    }
    previousT = t;
    if (typeof row.rx === 'string' || typeof row.tx === 'string') {
      const kind = typeof row.rx === 'string' ? 'rx' : 'tx';
      const b64 = String(row[kind]);
      if (!BASE64.test(b64) || b64.length % 4 !== 0)
        return refused('bad-line', `${where}: ${kind} is not base64`, i + 1);
      entries.push({ kind, hostMs: t, bytes: new Uint8Array(Buffer.from(b64, 'base64')) });
    } else if (typeof row.open === 'string') entries.push({ kind: 'open', hostMs: t, transport: row.open });
    else if (typeof row.close === 'string') entries.push({ kind: 'close', hostMs: t, reason: row.close });
    else return refused('bad-line', `${where}: expected one of rx, tx, open, close`, i + 1);
  }
  return { ok: true, value: { header, entries } };
}
