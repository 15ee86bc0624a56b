import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { FileRecording, MemoryRecording, parseRecording, type RecordingHeader } from './recording.js';

const header: RecordingHeader = {
  format: 'openrgs-probe-recording',
  version: 1,
  protocol: 'gmc',
  startedAt: '2026-01-01T00:00:00.000Z',
  transport: 'serial /dev/ttyUSB0',
};

describe('recording format', () => {
  test('round trip: every kind of entry, bytes exact, times to the microsecond', () => {
    const rec = new MemoryRecording(header);
    rec.record({ kind: 'open', hostMs: 1000, transport: 'serial /dev/ttyUSB0 @115200' });
    rec.record({ kind: 'tx', hostMs: 1000.25, bytes: new TextEncoder().encode('<GETVER>>') });
    rec.record({ kind: 'rx', hostMs: 1040.1234, bytes: Uint8Array.from([0, 255, 10, 13]) });
    rec.record({ kind: 'close', hostMs: 5000, reason: 'device unplugged' });
    const parsed = parseRecording(rec.text());
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.header, header);
    assert.deepEqual(parsed.value.entries, [
      { kind: 'open', hostMs: 1000, transport: 'serial /dev/ttyUSB0 @115200' },
      { kind: 'tx', hostMs: 1000.25, bytes: new TextEncoder().encode('<GETVER>>') },
      { kind: 'rx', hostMs: 1040.123, bytes: Uint8Array.from([0, 255, 10, 13]) },
      { kind: 'close', hostMs: 5000, reason: 'device unplugged' },
    ]);
    assert.equal(rec.lines[3], '{"t":1040.123,"rx":"AP8KDQ=="}');
  });

  test('unreadable input is refused with the line that is wrong', () => {
    const ok = JSON.stringify(header);
    const cases: [string, RegExp][] = [
      ['', /empty file/],
      ['hello\n', /line 1: header is not JSON/],
      ['{"format":"other"}\n', /line 1: not an openrgs-probe-recording header/],
      [`${ok.replace('"version":1', '"version":2')}\n`, /version 2/],
      [`${ok.replace('"gmc"', '"geiger"')}\n`, /protocol 'geiger'/],
      [`${ok}\n{"t":1,"rx":"AA=="}\n{"t":0,"rx":"AA=="}\n`, /line 3: t must be/],
      [`${ok}\n{"t":1,"rx":"**"}\n`, /line 2: rx is not base64/],
      [`${ok}\n{"t":1,"say":"x"}\n`, /line 2: expected one of/],
      [`${ok}\n[1]\n`, /line 2: not a JSON object/],
    ];
    for (const [text, error] of cases) {
      const parsed = parseRecording(text);
      assert.ok(!parsed.ok, text);
      assert.equal(parsed.issues.length, 1);
      const [issue] = parsed.issues;
      assert.equal(issue?.kind, 'invalid');
      assert.match(issue?.message ?? '', error);
      // The line in the message is the issue's line (none for an empty file).
      const named = /^line (\d+):/.exec(issue?.message ?? '')?.[1];
      assert.equal(issue?.line, named === undefined ? undefined : Number(named), text);
      assert.equal(issue?.code, text === '' ? 'empty' : named === '1' ? 'bad-header' : 'bad-line');
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'rgs-rec-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('file recordings append as bytes flow and never overwrite an existing file', async () => {
    const path = join(dir, 'run.jsonl');
    const rec = new FileRecording(path, header);
    rec.record({ kind: 'rx', hostMs: 10, bytes: Uint8Array.from([1, 2]) });
    await rec.close();
    const parsed = parseRecording(readFileSync(path, 'utf8'));
    assert.ok(parsed.ok);
    assert.equal(parsed.value.entries.length, 1);
    assert.throws(() => new FileRecording(path, header), /EEXIST/);
  });
});
