import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assertValidFrames, feed, framesOf, issueCodes, text } from '../test-support.js';
import type { CodecEvent } from '../types.js';
import { createOpenRgsCodec } from './openrgs.js';
import { encodeOpenRgsLine as line } from './openrgs-line.js';

const HELLO = line('HELLO', {
  v: 1,
  id: 'sipm-0042',
  model: 'diy-csi-14',
  fw: '0.3.1',
  caps: 'livetime,windows,battery',
  win: '126-154,100-126',
  t: 1000000,
});
const c = (s: number, t: number, n: number, extra: Record<string, string | number> = {}) =>
  line('C', { s, t, d: 100000, n, ...extra });

function decode(stream: string, chunkAt = 0): CodecEvent[] {
  return feed(createOpenRgsCodec(), [{ at: chunkAt, bytes: text(stream) }]);
}

describe('OpenRGS line codec: specified streams', () => {
  test('hello then frames decode to identity and frames in device seconds', () => {
    const events = decode(
      HELLO + c(1, 1000000, 37, { lt: 99200, w: '30,5' }) + c(2, 1100000, 41, { w: '33,6' }),
    );
    const identity = events.find((e) => e.type === 'identity');
    assert.deepEqual(identity?.type === 'identity' && identity.identity, {
      protocol: 'openrgs',
      deviceId: 'sipm-0042',
      model: 'diy-csi-14',
      firmware: '0.3.1',
      protocolVersion: 1,
      capabilities: ['livetime', 'windows', 'battery'],
    });
    const frames = framesOf(events);
    assert.equal(frames.length, 2);
    assert.deepEqual(frames[0], {
      startSeconds: 1,
      durationSeconds: 0.1,
      counts: 37,
      liveTimeSeconds: 0.0992,
      sequence: 1,
      arrivalHostMs: 0,
      spectrum: {
        kind: 'windows',
        windows: [
          { lowKeV: 126, highKeV: 154, counts: 30 },
          { lowKeV: 100, highKeV: 126, counts: 5 },
        ],
      },
    });
    assert.equal(frames[1]?.counts, 41);
    assert.deepEqual(issueCodes(events), []);
  });

  test('CRLF and LF line ends are both accepted; blank lines ignored', () => {
    const events = decode(`${HELLO}\r\n\n${c(1, 0, 3).replace('\r\n', '\n')}`);
    assert.equal(framesOf(events).length, 1);
    assert.deepEqual(issueCodes(events), []);
  });

  test('the same stream cut into chunks at every position decodes identically (torn reads)', () => {
    const stream =
      HELLO + c(1, 1000000, 37) + c(2, 1100000, 41) + line('BAT', { s: 3, mv: 3710, pct: 82, low: 0 });
    const whole = decode(stream);
    const bytes = text(stream);
    for (let cut = 1; cut < bytes.length; cut++) {
      const codec = createOpenRgsCodec();
      const events = [
        ...codec.received(bytes.slice(0, cut), 0),
        ...codec.received(bytes.slice(cut), 0),
        ...codec.flush(0),
      ];
      assert.deepEqual(events, whole, `cut at ${cut}`);
    }
  });

  test('histogram frames: sparse ascending bin:count pairs within the declared bins', () => {
    const hello = line('HELLO', { v: 1, id: 'a', model: 'b', hist: '64:20:10' });
    const events = decode(
      hello +
        c(1, 0, 9, { h: '3:5,4:2,63:2' }) +
        c(2, 100000, 1, { h: '64:1' }) +
        c(3, 200000, 1, { h: '5:1,4:1' }),
    );
    const frames = framesOf(events);
    assert.equal(frames.length, 1);
    assert.deepEqual(frames[0]?.spectrum, {
      kind: 'histogram',
      binCount: 64,
      lowKeV: 20,
      binWidthKeV: 10,
      bins: [
        { bin: 3, counts: 5 },
        { bin: 4, counts: 2 },
        { bin: 63, counts: 2 },
      ],
    });
    assert.deepEqual(issueCodes(events), ['malformed', 'malformed']);
  });

  test('battery and status lines become battery, device-fault and device-ok events', () => {
    const events = decode(
      HELLO +
        line('BAT', { s: 1, mv: 3300, low: 1 }) +
        line('STAT', { s: 2, code: 'hv-fault', detail: 'bias-low' }) +
        line('STAT', { s: 3, code: 'ok' }),
    );
    const kinds = events.map((e) => e.type).filter((t) => t !== 'clock');
    assert.deepEqual(kinds, ['identity', 'battery', 'device-fault', 'device-ok']);
    const battery = events.find((e) => e.type === 'battery');
    assert.deepEqual(battery, { type: 'battery', hostMs: 0, batteryVolts: 3.3, low: true });
    const fault = events.find((e) => e.type === 'device-fault');
    assert.equal(fault?.type === 'device-fault' && fault.reason, 'hv-fault: bias-low');
  });
});

describe('OpenRGS line codec: faults are counted and skipped', () => {
  test('garbage bytes between lines', () => {
    const events = decode(`${HELLO}\x00\xff junk${c(1, 0, 5)}`);
    assert.equal(framesOf(events).length, 1);
    assert.deepEqual(issueCodes(events), ['garbage']);
  });

  test('a bad checksum drops the line, the next one is fine', () => {
    const good = c(1, 0, 5);
    const bad = good.replace('n=5', 'n=6'); // same CRC, different body
    const events = decode(HELLO + bad + c(2, 100000, 7));
    assert.deepEqual(
      framesOf(events).map((f) => f.counts),
      [7],
    );
    assert.deepEqual(issueCodes(events), ['bad-checksum']);
  });

  test('a line cut by a new $ (lost bytes) is torn; the new line survives', () => {
    const cut = c(1, 0, 5).slice(0, 12);
    const events = decode(HELLO + cut + c(2, 100000, 7));
    assert.deepEqual(
      framesOf(events).map((f) => f.sequence),
      [2],
    );
    assert.deepEqual(issueCodes(events), ['torn']);
  });

  test('a line without *CRC is torn; end of input inside a line is torn', () => {
    const events = decode(`${HELLO}$C s=1 t=0 d=1 n=1\n$C s=2`);
    assert.deepEqual(issueCodes(events), ['torn', 'torn']);
    assert.equal(framesOf(events).length, 0);
  });

  test('duplicates and replays (sequence going back) are skipped; gaps are reported but frames kept', () => {
    const events = decode(
      HELLO + c(10, 0, 1) + c(10, 0, 1) + c(11, 100000, 2) + c(9, 200000, 3) + c(14, 300000, 4),
    );
    assert.deepEqual(
      framesOf(events).map((f) => f.sequence),
      [10, 11, 14],
    );
    assert.deepEqual(issueCodes(events), ['duplicate', 'replay', 'gap']);
  });

  test('sequence numbers wrap at 2^32 without being taken for a replay', () => {
    const events = decode(HELLO + c(4294967295, 0, 1) + c(0, 100000, 2) + c(1, 200000, 3));
    assert.deepEqual(
      framesOf(events).map((f) => f.sequence),
      [4294967295, 0, 1],
    );
    assert.deepEqual(issueCodes(events), []);
  });

  test('device time going back without a new HELLO is rejected', () => {
    const events = decode(HELLO + c(1, 500000, 1) + c(2, 400000, 1));
    assert.equal(framesOf(events).length, 1);
    assert.deepEqual(issueCodes(events), ['replay']);
  });

  test('frames before HELLO and after an unsupported version are refused', () => {
    const events = decode(
      c(1, 0, 1) + line('HELLO', { v: 2, id: 'a', model: 'b' }) + c(2, 0, 1) + HELLO + c(3, 0, 1),
    );
    assert.deepEqual(issueCodes(events), ['no-hello', 'unsupported-version', 'no-hello']);
    assert.deepEqual(
      framesOf(events).map((f) => f.sequence),
      [3],
    );
  });

  test('invalid values never become frames: zero duration, live time > duration, wrong window count, non-numbers', () => {
    const events = decode(
      HELLO +
        line('C', { s: 1, t: 0, d: 0, n: 1 }) +
        c(2, 0, 1, { lt: 100001 }) +
        c(3, 0, 1, { w: '1' }) +
        line('C', { s: 4, t: 0, d: 100000, n: '-1' }) +
        line('C', { s: 5, t: 0, d: 100000, n: '1e3' }) +
        line('C', { s: 6, t: 0, d: 100000, n: 99999999999 }),
    );
    assert.equal(framesOf(events).length, 0);
    assert.deepEqual(issueCodes(events), [
      'malformed',
      'malformed',
      'malformed',
      'malformed',
      'malformed',
      'malformed',
    ]);
  });

  test('live time 0 (detector paralysed) is a device fault, never a frame of zero counts', () => {
    const events = decode(HELLO + c(1, 0, 0, { lt: 0 }) + c(2, 100000, 3, { lt: 90000 }));
    assert.deepEqual(
      framesOf(events).map((f) => f.sequence),
      [2],
    );
    const fault = events.find((e) => e.type === 'device-fault');
    assert.equal(fault?.type === 'device-fault' && fault.reason, 'saturated: live time 0 µs in frame 1');
  });

  test('an over-long line is skipped up to its end, the next line decodes', () => {
    const events = decode(`${HELLO}$C ${'x'.repeat(5000)}\n${c(1, 0, 2)}`);
    assert.deepEqual(issueCodes(events), ['line-too-long']);
    assert.equal(framesOf(events).length, 1);
  });

  test('unknown line types are counted, not fatal', () => {
    const events = decode(HELLO + line('TEMP', { s: 1, c: 21 }) + c(2, 0, 1));
    assert.deepEqual(issueCodes(events), ['unknown-message']);
    assert.equal(framesOf(events).length, 1);
  });
});

describe('OpenRGS line codec: host side', () => {
  test('opens with $HOST v=1, repeats it until a HELLO, closes with $STOP', () => {
    const codec = createOpenRgsCodec({ helloRetryMs: 2000 });
    const open = codec.open(0).writes.map((b) => new TextDecoder().decode(b));
    assert.deepEqual(open, ['$HOST v=1*A42C\r\n']);
    codec.sent(text(open[0] ?? ''), 0);
    assert.equal(codec.tick(1999).writes.length, 0);
    assert.equal(codec.tick(2000).writes.length, 1);
    codec.received(text(HELLO), 2100);
    assert.equal(codec.tick(9000).writes.length, 0);
    assert.deepEqual(
      codec.close().map((b) => new TextDecoder().decode(b)),
      ['$STOP*AF2E\r\n'],
    );
  });
});

describe('OpenRGS line codec: seeded fuzz (fast-check, seed 4242)', () => {
  const valid =
    HELLO + c(1, 0, 5, { w: '1,2' }) + c(2, 100000, 6) + line('BAT', { s: 3, mv: 3700 }) + c(4, 200000, 7);
  test('random bytes never throw and never yield an invalid frame', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (chunks) => {
        const events = feed(
          createOpenRgsCodec(),
          chunks.map((bytes, i) => ({ at: i * 10, bytes })),
        );
        assertValidFrames(events);
      }),
      { seed: 4242, numRuns: 300 },
    );
  });
  test('mutated valid streams (flips, drops, inserts) never throw; every frame is valid and none comes from a bad CRC', () => {
    const base = text(valid);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.nat(base.length + 10),
            op: fc.constantFrom('flip', 'drop', 'insert'),
            value: fc.integer({ min: 0, max: 255 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: 1, max: 64 }),
        (mutations, chunkSize) => {
          const bytes = [...base];
          for (const m of mutations) {
            const i = Math.min(m.at, bytes.length - 1);
            if (m.op === 'flip') bytes[i] = (bytes[i] ?? 0) ^ (1 << (m.value % 8));
            else if (m.op === 'drop') bytes.splice(i, 1);
            else bytes.splice(i, 0, m.value);
          }
          const chunks = [];
          for (let i = 0; i < bytes.length; i += chunkSize)
            chunks.push({ at: i, bytes: Uint8Array.from(bytes.slice(i, i + chunkSize)) });
          const events = feed(createOpenRgsCodec(), chunks);
          assertValidFrames(events);
          // A frame decoded from a mutated stream must be one of the original frames (CRC-16 catches the rest).
          for (const f of framesOf(events))
            assert.ok([5, 6, 7].includes(f.counts), `unexpected counts ${f.counts}`);
        },
      ),
      { seed: 4242, numRuns: 500 },
    );
  });
});
