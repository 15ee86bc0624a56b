import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { messagesOf, OutcomeError } from '@openrgs/outcome';
import { ManualClock } from './clock.js';
import { encodeOpenRgsLine as line } from './codecs/openrgs-line.js';
import type { ConnectResult } from './driver-api.js';
import { openProbe, ProbeConfigError } from './open-probe.js';
import { MemoryRecording } from './recording.js';
import type { ProbeEvent } from './types.js';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const dir = mkdtempSync(join(tmpdir(), 'rgs-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('openProbe options', () => {
  test('contradictions are refused with a message', () => {
    assert.throws(() => openProbe({ protocol: 'openrgs' }), ProbeConfigError);
    assert.throws(() => openProbe({ protocol: 'openrgs', port: '/dev/x', replayFile: 'a' }), /exactly one/);
    assert.throws(() => openProbe({ protocol: 'openrgs', port: 'tcp://nohost' }), /not tcp:\/\/host:port/);
    assert.throws(() => openProbe({ protocol: 'openrgs', port: '/dev/x', baudRate: 0 }), /baud rate 0/);
    assert.throws(() => openProbe({ protocol: 'nope' as 'gmc', port: '/dev/x' }), /protocol 'nope'/);
  });

  test('a ProbeConfigError is an OutcomeError with one invalid probe-config issue, its message the error’s', () => {
    assert.throws(
      () => openProbe({ protocol: 'openrgs', port: '/dev/x', baudRate: 0 }),
      (e: unknown) =>
        e instanceof ProbeConfigError &&
        e instanceof OutcomeError &&
        e.name === 'ProbeConfigError' &&
        e.message === 'baud rate 0 is not a positive whole number' &&
        JSON.stringify(e.issues) ===
          JSON.stringify([
            { kind: 'invalid', code: 'probe-config', message: 'baud rate 0 is not a positive whole number' },
          ]),
    );
  });
});

describe('openProbe({ replayFile }): a recording as a live station', () => {
  test('plays frames back in real time on the injected clock, then stops', async () => {
    const rec = new MemoryRecording({
      format: 'openrgs-probe-recording',
      version: 1,
      protocol: 'openrgs',
      startedAt: '2026-01-01T00:00:00.000Z',
      transport: 'fake',
    });
    rec.record({ kind: 'open', hostMs: 0, transport: 'fake' });
    rec.record({
      kind: 'rx',
      hostMs: 10,
      bytes: new TextEncoder().encode(line('HELLO', { v: 1, id: 'a', model: 'b', t: 0 })),
    });
    for (let s = 1; s <= 10; s++) {
      rec.record({
        kind: 'rx',
        hostMs: s * 100,
        bytes: new TextEncoder().encode(line('C', { s, t: (s - 1) * 100000, d: 100000, n: s })),
      });
    }
    const file = join(dir, 'case.jsonl');
    writeFileSync(file, rec.text());
    const clock = new ManualClock();
    const driver = openProbe({ protocol: 'openrgs', replayFile: file, clock });
    const events: ProbeEvent[] = [];
    driver.subscribe((e) => events.push(e));
    assert.deepEqual(await driver.connect(), { ok: true, value: { transport: `replay ${file}` } });
    const frames = () => events.filter((e) => e.type === 'frame').length;
    clock.advance(450);
    assert.equal(frames(), 4, 'only what has "happened" by t = 450 ms');
    clock.advance(1000);
    await settle();
    assert.equal(frames(), 10);
    assert.equal(events.at(-1)?.type === 'status' && events.at(-1)?.type, 'status');
    const last = events.at(-1);
    assert.equal(last?.type === 'status' ? last.status.kind : '', 'stopped');
  });

  test('a missing, unreadable or mismatched recording fails connect() with the reason', async () => {
    const clock = new ManualClock();
    const missing = await openProbe({
      protocol: 'gmc',
      replayFile: join(dir, 'none.jsonl'),
      clock,
    }).connect();
    const reason = (result: ConnectResult) => {
      assert.ok(!result.ok);
      assert.equal(result.issues.length, 1);
      assert.equal(result.issues[0]?.kind, 'invalid');
      assert.equal(result.issues[0]?.code, 'bad-recording');
      return messagesOf(result.issues);
    };
    assert.match(reason(missing), /cannot read .*none\.jsonl/);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, 'not json\n');
    const broken = await openProbe({ protocol: 'gmc', replayFile: bad, clock }).connect();
    assert.match(reason(broken), /line 1/);
    const other = join(dir, 'other.jsonl');
    writeFileSync(
      other,
      `${JSON.stringify({ format: 'openrgs-probe-recording', version: 1, protocol: 'radpro', startedAt: 'x', transport: 'y' })}\n`,
    );
    const mismatch = await openProbe({ protocol: 'gmc', replayFile: other, clock }).connect();
    assert.match(reason(mismatch), /radpro recording, not gmc/);
  });
});
