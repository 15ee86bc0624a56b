import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assertValidFrames, framesOf, issueCodes, text } from '../test-support.js';
import type { CodecEvent } from '../types.js';
import type { ProbeCodec } from './codec.js';
import { createRadProCodec } from './radpro.js';

const decoder = new TextDecoder();

/** A scripted device: answers each request the codec asks for after `latencyMs`, from a table. */
class Exchange {
  readonly events: CodecEvent[] = [];
  readonly requests: string[] = [];
  constructor(readonly codec: ProbeCodec) {}
  /** Ticks at `t`; sends what the codec asks; returns the request lines. */
  tick(t: number): string[] {
    const step = this.codec.tick(t);
    this.events.push(...step.events);
    const lines = step.writes.map((w) => decoder.decode(w));
    for (const w of step.writes) this.events.push(...this.codec.sent(w, t));
    this.requests.push(...lines);
    return lines;
  }
  reply(line: string, t: number): void {
    this.events.push(...this.codec.received(text(line), t));
  }
}

function identified(options = {}): Exchange {
  const codec = createRadProCodec({
    pollIntervalMs: 1000,
    replyTimeoutMs: 1000,
    readPowerState: false,
    ...options,
  });
  const x = new Exchange(codec);
  const open = codec.open(0).writes;
  assert.deepEqual(
    open.map((w) => decoder.decode(w)),
    ['GET deviceId\r\n'],
  );
  for (const w of open) codec.sent(w, 0);
  // Rad Pro docs/comm.md example reply.
  x.reply('OK FS2011 (STM32F051C8);Rad Pro 2.0/en;b5706d937087f975b5812810\r\n', 20);
  return x;
}

describe('Rad Pro codec (Gissio/radpro docs/comm.md)', () => {
  test('GET deviceId reply "OK hw;sw;id" becomes the identity (doc example)', () => {
    const x = identified();
    const identity = x.events.find((e) => e.type === 'identity');
    assert.deepEqual(identity?.type === 'identity' && identity.identity, {
      protocol: 'radpro',
      deviceId: 'b5706d937087f975b5812810',
      model: 'FS2011 (STM32F051C8)',
      firmware: 'Rad Pro 2.0/en',
      capabilities: ['tubePulseCount'],
      countBits: 32,
    });
  });

  test('stop-and-wait polling of tubePulseCount; frames are count differences timed at request/reply midpoints', () => {
    const x = identified();
    assert.deepEqual(x.tick(100), ['GET tubePulseCount\r\n']);
    assert.deepEqual(x.tick(150), [], 'one request outstanding at a time');
    x.reply('OK 1500\r\n', 110);
    assert.deepEqual(x.tick(200), ['GET deviceTime\r\n']);
    x.reply('OK 1690000000\r\n', 210);
    assert.deepEqual(x.tick(300), ['GET deviceBatteryVoltage\r\n']);
    x.reply('OK 1.421\r\n', 310);
    assert.deepEqual(x.tick(1000), []);
    assert.deepEqual(x.tick(1100), ['GET tubePulseCount\r\n']);
    x.reply('OK 1542\r\n', 1110);
    const frames = framesOf(x.events);
    assert.deepEqual(frames, [{ startSeconds: 0.105, durationSeconds: 1, counts: 42, arrivalHostMs: 1110 }]);
    const battery = x.events.find((e) => e.type === 'battery');
    assert.deepEqual(battery, { type: 'battery', batteryVolts: 1.421, hostMs: 310 });
    const time = x.events.find((e) => e.type === 'reading');
    assert.deepEqual(time, {
      type: 'reading',
      name: 'deviceTimeUnixSeconds',
      value: 1690000000,
      unit: 's',
      hostMs: 210,
    });
    assert.deepEqual(issueCodes(x.events), []);
  });

  test('the 32-bit pulse count wraps ("overflows to 0 after 2^32-1") and is differenced across the wrap', () => {
    const x = identified();
    x.tick(100);
    x.reply('OK 4294967290\r\n', 110);
    x.tick(1100);
    x.reply('OK 5\r\n', 1110);
    assert.deepEqual(
      framesOf(x.events).map((f) => f.counts),
      [11],
    );
  });

  test('old firmware line ends ("\\n" only) are accepted', () => {
    const x = identified();
    x.tick(100);
    x.reply('OK 10\n', 110);
    x.tick(1100);
    x.reply('OK 20\n', 1110);
    assert.deepEqual(
      framesOf(x.events).map((f) => f.counts),
      [10],
    );
  });

  test('a counter set back or reset is not a 4-billion-count frame', () => {
    const x = identified();
    x.tick(100);
    x.reply('OK 1000\r\n', 110);
    x.tick(1100);
    x.reply('OK 10\r\n', 1110); // would be a wrap of 2^32 - 990 counts in 1 s
    x.tick(2100);
    x.reply('OK 25\r\n', 2110);
    assert.deepEqual(issueCodes(x.events), ['counter-reset']);
    assert.deepEqual(
      framesOf(x.events).map((f) => f.counts),
      [15],
    );
  });

  test('ERROR answers the oldest request and is reported', () => {
    const x = identified();
    x.tick(100);
    x.reply('ERROR\r\n', 110);
    assert.deepEqual(issueCodes(x.events), ['device-error']);
  });

  test('no reply within the timeout: dropped, then a late reply is discarded, not paired with the next request', () => {
    const x = identified({ resyncQuietMs: 500 });
    x.tick(100); // GET tubePulseCount at 100, expires at 1100
    x.tick(1150); // no-reply; quarantine until 1600
    assert.deepEqual(x.tick(1200), [], 'no new request while resynchronising');
    x.reply('OK 1500\r\n', 1300); // late reply: discarded (and quarantine extended to 1800)
    assert.deepEqual(x.tick(1700), []);
    assert.deepEqual(x.tick(1900), ['GET tubePulseCount\r\n']);
    x.reply('OK 1600\r\n', 1910);
    assert.deepEqual(issueCodes(x.events), ['no-reply', 'unexpected-reply']);
    assert.equal(framesOf(x.events).length, 0, 'first answered reading is only a baseline');
  });

  test('replies nobody asked for, garbage lines and torn replies are counted', () => {
    const x = identified();
    x.reply('OK 5\r\n', 50);
    x.reply('\u0001\u0002\r\n', 60);
    x.reply('HELLO\r\n', 70);
    x.reply('OK 12', 80);
    x.events.push(...x.codec.flush(90));
    assert.deepEqual(issueCodes(x.events), ['unexpected-reply', 'garbage', 'garbage', 'torn']);
  });

  test('malformed values are refused', () => {
    const x = identified();
    x.tick(100);
    x.reply('OK 99999999999\r\n', 110);
    x.tick(1100);
    x.reply('OK -5\r\n', 1110);
    assert.deepEqual(issueCodes(x.events), ['malformed', 'malformed']);
  });
});

describe('Rad Pro codec: seeded fuzz (fast-check, seed 2023)', () => {
  test('random and mutated replies never throw and never yield an invalid frame', () => {
    const replyArb = fc.oneof(
      fc.nat({ max: 0xffffffff }).map((n) => `OK ${n}\r\n`),
      fc.constant('ERROR\r\n'),
      fc.string({ maxLength: 30 }).map((s) => `${s}\r\n`),
      fc.uint8Array({ maxLength: 20 }).map((b) => String.fromCharCode(...b)),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 2500 }), reply: replyArb }), { maxLength: 40 }),
        (script) => {
          const x = identified();
          let t = 30;
          for (const step of script) {
            t += step.gapMs;
            x.tick(t);
            x.reply(step.reply, t);
          }
          x.events.push(...x.codec.flush(t));
          assertValidFrames(x.events);
        },
      ),
      { seed: 2023, numRuns: 400 },
    );
  });
});
