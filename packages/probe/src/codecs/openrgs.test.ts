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

/** Issues as [code, message, hostMs, bytes?], other events as they are. */
const shown = (events: readonly CodecEvent[]) =>
  events.map((e) =>
    e.type === 'issue'
      ? [
          e.issue.code,
          e.issue.message,
          e.issue.hostMs,
          ...(e.issue.bytes === undefined ? [] : [e.issue.bytes]),
        ]
      : e,
  );
const issuesShown = (events: readonly CodecEvent[]) => shown(events.filter((e) => e.type === 'issue'));
const H = (fields: Record<string, string | number>) =>
  line('HELLO', { v: 1, id: 'a', model: 'b', ...fields });

describe('OpenRGS line codec: HELLO (docs/openrgs-line-protocol.md §3, §7)', () => {
  test('identity takes fw and caps when given; t= is a device clock reading in µs', () => {
    const events = decode(
      H({ caps: 'livetime,,battery', t: 2500000 }) + line('HELLO', { v: 1, id: 'x', model: 'y' }),
      7,
    );
    assert.deepEqual(events, [
      {
        type: 'identity',
        identity: {
          protocol: 'openrgs',
          deviceId: 'a',
          model: 'b',
          protocolVersion: 1,
          capabilities: ['livetime', 'battery'],
        },
      },
      { type: 'clock', deviceSeconds: 2.5, hostMs: 7 },
      {
        type: 'identity',
        identity: { protocol: 'openrgs', deviceId: 'x', model: 'y', protocolVersion: 1, capabilities: [] },
      },
    ]);
  });

  test('each required key and each malformed declaration is named', () => {
    const cases: [string, string, string][] = [
      [line('HELLO', { id: 'a', model: 'b' }), 'malformed', 'HELLO without a version v='],
      [line('HELLO', { v: 'x', id: 'a', model: 'b' }), 'malformed', 'HELLO without a version v='],
      [
        line('HELLO', { v: 2, id: 'a', model: 'b' }),
        'unsupported-version',
        'device speaks OpenRGS v2; this host speaks v1',
      ],
      [line('HELLO', { v: 1, model: 'b' }), 'malformed', 'HELLO without a valid id='],
      [line('HELLO', { v: 1, id: 'a'.repeat(65), model: 'b' }), 'malformed', 'HELLO without a valid id='],
      [line('HELLO', { v: 1, id: 'a/b', model: 'b' }), 'malformed', 'HELLO without a valid id='],
      [line('HELLO', { v: 1, id: 'a' }), 'malformed', 'HELLO without a valid model='],
      [line('HELLO', { v: 1, id: 'a', model: 'b!' }), 'malformed', 'HELLO without a valid model='],
      [H({ win: '126-154,154-126' }), 'malformed', "HELLO window '154-126' is not lowKeV-highKeV"],
      [H({ win: '126-126' }), 'malformed', "HELLO window '126-126' is not lowKeV-highKeV"],
      [H({ win: '126-' }), 'malformed', "HELLO window '126-' is not lowKeV-highKeV"],
      [H({ win: 'x126-154' }), 'malformed', "HELLO window 'x126-154' is not lowKeV-highKeV"],
      [H({ win: '126-154x' }), 'malformed', "HELLO window '126-154x' is not lowKeV-highKeV"],
      [H({ hist: '0:20:10' }), 'malformed', "HELLO hist '0:20:10' is not bins:lowKeV:binWidthKeV"],
      [H({ hist: '16385:20:10' }), 'malformed', "HELLO hist '16385:20:10' is not bins:lowKeV:binWidthKeV"],
      [H({ hist: '64:20:0' }), 'malformed', "HELLO hist '64:20:0' is not bins:lowKeV:binWidthKeV"],
      [H({ hist: '64:20' }), 'malformed', "HELLO hist '64:20' is not bins:lowKeV:binWidthKeV"],
      [H({ hist: 'x64:20:10' }), 'malformed', "HELLO hist 'x64:20:10' is not bins:lowKeV:binWidthKeV"],
      [H({ hist: '64:20:10x' }), 'malformed', "HELLO hist '64:20:10x' is not bins:lowKeV:binWidthKeV"],
    ];
    for (const [hello, code, message] of cases) {
      const events = decode(hello + c(1, 0, 1), 3);
      assert.deepEqual(issuesShown(events)[0], [code, message, 3], hello);
      assert.equal(events.filter((e) => e.type === 'identity').length, 0, hello);
    }
  });

  test('limits that are allowed: a 64-character id, decimal windows, 16384 bins with decimal low edge and width', () => {
    const events = decode(
      line('HELLO', { v: 1, id: 'a'.repeat(64), model: 'm', win: '126.5-154.25', hist: '16384:20.5:0.25' }) +
        c(1, 0, 3, { w: '3' }) +
        c(2, 100000, 1, { w: '1', h: '16383:1' }),
    );
    const frames = framesOf(events);
    assert.deepEqual(frames[0]?.spectrum, {
      kind: 'windows',
      windows: [{ lowKeV: 126.5, highKeV: 154.25, counts: 3 }],
    });
    assert.deepEqual(issuesShown(events), [['malformed', 'h= without a HELLO hist= (or with w=)', 0]]);
    const hist = decode(
      line('HELLO', { v: 1, id: 'a', model: 'm', hist: '16384:20.5:0.25' }) + c(1, 0, 1, { h: '16383:1' }),
    );
    assert.deepEqual(framesOf(hist)[0]?.spectrum, {
      kind: 'histogram',
      binCount: 16384,
      lowKeV: 20.5,
      binWidthKeV: 0.25,
      bins: [{ bin: 16383, counts: 1 }],
    });
  });

  test('a new HELLO restarts sequence numbers and device time (§5: the first data line after it may have any s)', () => {
    const events = decode(HELLO + c(10, 5000000, 1) + HELLO + c(3, 0, 2));
    assert.deepEqual(
      framesOf(events).map((f) => [f.sequence, f.startSeconds]),
      [
        [10, 5],
        [3, 0],
      ],
    );
    assert.deepEqual(issueCodes(events), []);
  });
});

describe('OpenRGS line codec: C lines (§3 table, §5, §8)', () => {
  test('a frame: device seconds from µs, optional live time, sequence; (t + d) is a clock reading at arrival', () => {
    const events = decode(
      H({}) +
        c(7, 1500000, 12, { lt: 100000 }) +
        line('C', { s: 8, t: 1600000, d: 3600000000, n: 4294967295 }),
      9,
    );
    assert.deepEqual(events.slice(1), [
      {
        type: 'frame',
        frame: {
          startSeconds: 1.5,
          durationSeconds: 0.1,
          counts: 12,
          liveTimeSeconds: 0.1,
          sequence: 7,
          arrivalHostMs: 9,
        },
      },
      { type: 'clock', deviceSeconds: 1.6, hostMs: 9 },
      {
        type: 'frame',
        frame: {
          startSeconds: 1.6,
          durationSeconds: 3600,
          counts: 4294967295,
          sequence: 8,
          arrivalHostMs: 9,
        },
      },
      { type: 'clock', deviceSeconds: 3601.6, hostMs: 9 },
    ]);
  });

  test('out-of-range and missing keys are named', () => {
    const need = 'C line needs s=, t=, d= (> 0, <= 1 h in µs) and n=';
    const cases: [string, string][] = [
      [line('C', { t: 0, d: 1, n: 1 }), need],
      [line('C', { s: 1, d: 1, n: 1 }), need],
      [line('C', { s: 1, t: 0, n: 1 }), need],
      [line('C', { s: 1, t: 0, d: 1 }), need],
      [line('C', { s: 1, t: 0, d: 3600000001, n: 1 }), need],
      [line('C', { s: 1, t: 0, d: 1, n: 4294967296 }), need],
      [line('C', { s: 4294967296, t: 0, d: 1, n: 1 }), need],
      [c(1, 0, 1, { lt: 100001 }), 'live time lt=100001 µs is not within [0, d=100000]'],
      [c(1, 0, 1, { lt: 'x' }), 'live time lt=x µs is not within [0, d=100000]'],
      [c(1, 0, 1, { w: '1' }), 'w= has 1 window counts; HELLO declared 2'],
      [c(1, 0, 1, { w: '1,x' }), 'w= has 2 window counts; HELLO declared 2'],
      [c(1, 0, 1, { w: '1,4294967296' }), 'w= has 2 window counts; HELLO declared 2'],
    ];
    for (const [data, message] of cases) {
      const events = decode(HELLO + data, 4);
      assert.deepEqual(issuesShown(events), [['malformed', message, 4]], data);
      assert.equal(framesOf(events).length, 0, data);
    }
  });

  test('histogram entries must be bin:count, bins ascending and below the declared count', () => {
    const hello = line('HELLO', { v: 1, id: 'a', model: 'b', hist: '64:20:10' });
    for (const h of ['3:1,3:2', '4:1,3:2', '64:1', '3', '3:1:2', 'x:1', '3:4294967296']) {
      const events = decode(hello + c(1, 0, 1, { h }), 5);
      assert.deepEqual(
        issuesShown(events),
        [['malformed', `histogram entry '${h.split(',').at(-1)}' is not an ascending bin:count`, 5]],
        h,
      );
    }
    const both = decode(
      line('HELLO', { v: 1, id: 'a', model: 'b', win: '1-2', hist: '64:20:10' }) +
        c(1, 0, 1, { w: '1', h: '3:1' }),
    );
    assert.deepEqual(issueCodes(both), ['malformed']);
  });

  test('live time 0 is a device fault that still takes its sequence number; a repeated one is a duplicate', () => {
    const events = decode(HELLO + c(1, 0, 0, { lt: 0 }) + c(1, 0, 0, { lt: 0 }) + c(3, 100000, 2), 6);
    assert.deepEqual(shown(events.slice(2)), [
      { type: 'device-fault', reason: 'saturated: live time 0 µs in frame 1', hostMs: 6 },
      ['duplicate', 'sequence 1 again', 6],
      ['gap', '1 lines lost before sequence 3', 6],
      {
        type: 'frame',
        frame: { startSeconds: 0.1, durationSeconds: 0.1, counts: 2, sequence: 3, arrivalHostMs: 6 },
      },
      { type: 'clock', deviceSeconds: 0.2, hostMs: 6 },
    ]);
  });

  test('sequence distances (§5): 2^31 − 1 forward is a gap, 2^31 is a replay; messages name the numbers', () => {
    const events = decode(
      HELLO + c(10, 0, 1) + c(10, 0, 1) + c(9, 0, 1) + c(2 ** 31 + 10, 0, 1) + c(2 ** 31 + 9, 100000, 1),
      2,
    );
    assert.deepEqual(issuesShown(events), [
      ['duplicate', 'sequence 10 again', 2],
      ['replay', 'sequence 9 goes back from 10', 2],
      ['replay', 'sequence 2147483658 goes back from 10', 2],
      ['gap', '2147483646 lines lost before sequence 2147483657', 2],
    ]);
  });

  test('a frame may start exactly where the last ended; one starting earlier is a replay, named', () => {
    const events = decode(HELLO + c(1, 500000, 1) + c(2, 600000, 1) + c(3, 650000, 1), 8);
    assert.deepEqual(
      framesOf(events).map((f) => f.sequence),
      [1, 2],
    );
    assert.deepEqual(issuesShown(events), [
      ['replay', 'frame 3 starts at device time 650000 µs, before the previous frame ended (700000 µs)', 8],
    ]);
  });

  test('data lines before any HELLO, or after an unsupported one, are named by type', () => {
    const events = decode(
      c(1, 0, 1) +
        line('BAT', { s: 2 }) +
        line('STAT', { s: 3, code: 'ok' }) +
        line('TEMP', { s: 4 }) +
        line('HELLO', { v: 3, id: 'a', model: 'b' }) +
        c(5, 0, 1),
      1,
    );
    assert.deepEqual(issuesShown(events), [
      ['no-hello', 'C line before any HELLO', 1],
      ['no-hello', 'BAT line before any HELLO', 1],
      ['no-hello', 'STAT line before any HELLO', 1],
      ['unknown-message', 'line type TEMP', 1],
      ['unsupported-version', 'device speaks OpenRGS v3; this host speaks v1', 1],
      ['no-hello', 'C line after an unsupported HELLO', 1],
    ]);
  });
});

describe('OpenRGS line codec: BAT and STAT (§3)', () => {
  test('BAT keys are optional but checked: mv ≤ 100000, pct 0-100, low 0|1', () => {
    const events = decode(
      HELLO +
        line('BAT', { s: 1 }) +
        line('BAT', { s: 2, mv: 100000, pct: 100, low: 0 }) +
        line('BAT', { s: 3, mv: 100001 }) +
        line('BAT', { s: 4, pct: 101 }) +
        line('BAT', { s: 5, low: 2 }) +
        line('BAT', { mv: 3700 }) +
        line('BAT', { s: 2, pct: 50 }),
      3,
    );
    const need = 'BAT line needs s= and optional mv= (mV), pct= (0-100), low= (0|1)';
    assert.deepEqual(shown(events.slice(2)), [
      { type: 'battery', hostMs: 3 },
      { type: 'battery', hostMs: 3, batteryVolts: 100, batteryPercent: 100, low: false },
      ['malformed', need, 3],
      ['malformed', need, 3],
      ['malformed', need, 3],
      ['malformed', need, 3],
      ['duplicate', 'sequence 2 again', 3],
    ]);
  });

  test('STAT code is ok or a fault word of up to 32 lower-case letters, digits and -; detail is added after a colon', () => {
    const word = `a${'-'.repeat(31)}`;
    const events = decode(
      HELLO +
        line('STAT', { s: 1, code: word }) +
        line('STAT', { s: 2, code: `${word}b` }) +
        line('STAT', { s: 3, code: 'Overload' }) +
        line('STAT', { s: 4, code: '1x' }) +
        line('STAT', { s: 5 }) +
        line('STAT', { code: 'ok' }) +
        line('STAT', { s: 2, code: 'ok' }) +
        line('STAT', { s: 2, code: 'ok' }),
      4,
    );
    const need = 'STAT line needs s= and code= (ok or a fault word)';
    assert.deepEqual(shown(events.slice(2)), [
      { type: 'device-fault', reason: word, hostMs: 4 },
      ['malformed', need, 4],
      ['malformed', need, 4],
      ['malformed', need, 4],
      ['malformed', need, 4],
      ['malformed', need, 4],
      { type: 'device-ok', hostMs: 4 },
      ['duplicate', 'sequence 2 again', 4],
    ]);
  });
});

describe('OpenRGS line codec: framing (§2, §8)', () => {
  test('noise between lines: spaces, tabs and CR are ignored; other bytes are garbage, reported every 256 and at the end of each read', () => {
    const events = feed(createOpenRgsCodec(), [
      { at: 1, bytes: text(' \t\r\n') },
      { at: 2, bytes: new Uint8Array(300).fill(0x41) },
      { at: 3, bytes: text(`xy${HELLO}`) },
    ]);
    assert.deepEqual(issuesShown(events), [
      ['garbage', '256 bytes outside any line', 2, 256],
      ['garbage', '44 bytes outside any line', 2, 44],
      ['garbage', '2 bytes outside any line', 3, 2],
    ]);
  });

  test('torn lines and parse failures count the bytes dropped, from the $', () => {
    const codec = createOpenRgsCodec();
    const events = [
      ...codec.received(text('$C s=1'), 1),
      ...codec.received(text('$C*12\n'), 2),
      ...codec.received(text('$C s=1 t=0'), 3),
      ...codec.flush(4),
    ];
    assert.deepEqual(issuesShown(events), [
      ['torn', "line cut after 6 bytes by a new '$'", 2, 6],
      ['torn', "line of 5 bytes has no '*CRC' ending", 2, 5],
      ['torn', 'line cut after 10 bytes by the end of input', 4, 10],
    ]);
    assert.deepEqual(codec.flush(5), [], 'the cut line was dropped');
  });

  test('a line of 2048 bytes from $ to LF is read; 2049 bytes are dropped to the LF, or to the next $', () => {
    const sized = (total: number, s: number) => {
      const base = line('C', { s, t: (s - 1) * 100000, d: 100000, n: s, x: 'a' }); // x: unknown, ignored (§2)
      return line('C', { s, t: (s - 1) * 100000, d: 100000, n: s, x: 'a'.repeat(total - base.length + 1) });
    };
    const ok = sized(2048, 1);
    const long = sized(2049, 2);
    assert.equal(ok.length, 2048);
    assert.equal(long.length, 2049);
    // long.slice(0, -1) ends in CR: its 2048th byte already makes it too long, before any LF.
    const events = decode(
      HELLO + ok + long + c(3, 200000, 3) + long.slice(0, -1) + c(4, 300000, 4) + long.slice(0, -1),
      5,
    );
    assert.deepEqual(
      framesOf(events).map((f) => f.counts),
      [1, 3, 4],
    );
    assert.deepEqual(issuesShown(events), [
      ['line-too-long', 'line longer than 2048 bytes', 5, 2048],
      ['gap', '1 lines lost before sequence 3', 5],
      ['line-too-long', 'line longer than 2048 bytes', 5, 2048], // ended by the next '$'
      ['line-too-long', 'line longer than 2048 bytes', 5005, 2048], // ended by the end of input
    ]);
  });
});

describe('OpenRGS line codec: host side timing (§4)', () => {
  test('$HOST is repeated every 2 s after it was sent, until a HELLO; nothing before it was sent', () => {
    const codec = createOpenRgsCodec();
    assert.deepEqual(codec.tick(10000).writes, [], 'nothing sent yet');
    codec.sent(text('$STOP*AF2E\r\n'), 0); // not a $HOST line
    assert.deepEqual(codec.tick(10000).writes, []);
    codec.sent(text('$HOST'), 100); // too short to be a whole $HOST line
    assert.deepEqual(codec.tick(10000).writes, []);
    codec.sent(text('$HOST v=1*A42C\r\n'), 1000);
    assert.deepEqual(codec.tick(2999).writes, []);
    assert.deepEqual(
      codec.tick(3000).writes.map((w) => new TextDecoder().decode(w)),
      ['$HOST v=1*A42C\r\n'],
    );
    assert.deepEqual(codec.tick(3000).events, []);
    assert.equal(codec.protocol, 'openrgs');
    assert.equal(codec.frameTimeBase, 'device');
    assert.deepEqual(codec.open(0).events, []);
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
