import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assertValidFrames, framesOf, issueCodes, text } from '../test-support.js';
import type { CodecEvent } from '../types.js';
import type { ProbeCodec } from './codec.js';
import { createGmcCodec, GMC_COMMANDS, parseGmcVersion } from './gmc.js';

const decoder = new TextDecoder();

/** Runs the host side as the driver would: opening writes, then ticks, answering like a device. */
function handshake(codec: ProbeCodec, version: string, cpmReply: number[]): CodecEvent[] {
  const events: CodecEvent[] = [];
  const opening = codec.open(0).writes.map((b) => decoder.decode(b));
  assert.deepEqual(opening, [GMC_COMMANDS.heartbeatOff, GMC_COMMANDS.version]);
  for (const w of opening) events.push(...codec.sent(text(w), 0));
  events.push(...codec.received(text(version.slice(0, 5)), 40));
  events.push(...codec.received(text(version.slice(5)), 45));
  const afterVersion = codec.tick(300);
  events.push(...afterVersion.events);
  assert.deepEqual(
    afterVersion.writes.map((b) => decoder.decode(b)),
    [GMC_COMMANDS.cpm],
  );
  events.push(...codec.sent(afterVersion.writes[0] ?? new Uint8Array(), 300));
  events.push(...codec.received(Uint8Array.from(cpmReply), 320));
  const afterCpm = codec.tick(500); // the reply ends by 150 ms of quiet (its length is the word width)
  events.push(...afterCpm.events);
  assert.deepEqual(
    afterCpm.writes.map((b) => decoder.decode(b)),
    [GMC_COMMANDS.heartbeatOn],
  );
  events.push(...codec.sent(afterCpm.writes[0] ?? new Uint8Array(), 500));
  return events;
}

/** Heartbeats: each entry is delivered at its time, then a tick 200 ms later ends the burst. */
function beats(codec: ProbeCodec, list: { at: number; bytes: number[] }[]): CodecEvent[] {
  const events: CodecEvent[] = [];
  for (const b of list) {
    events.push(...codec.received(Uint8Array.from(b.bytes), b.at));
    events.push(...codec.tick(b.at + 200).events);
  }
  return events;
}

describe('GMC version strings (GQ-RFC1201 / RFC1801 examples)', () => {
  test('RFC1201 example "GMC-300Re 2.10" → 14-bit heartbeat', () => {
    assert.deepEqual(parseGmcVersion('GMC-300Re 2.10'), {
      model: 'GMC-300',
      firmware: 'Re 2.10',
      guessedCountBits: 14,
      radPro: false,
    });
  });
  test('RFC1801 example "GMC-600+Re 1.14" → 32-bit heartbeat', () => {
    assert.deepEqual(parseGmcVersion('GMC-600+Re 1.14'), {
      model: 'GMC-600+',
      firmware: 'Re 1.14',
      guessedCountBits: 32,
      radPro: false,
    });
  });
  test('GMC-320 and GMC-500+ firmware strings; noise before the reply is tolerated; junk is not a version', () => {
    assert.equal(parseGmcVersion('GMC-320Re 4.19')?.guessedCountBits, 14);
    assert.equal(parseGmcVersion('GMC-500+Re 2.22')?.guessedCountBits, 32);
    assert.equal(parseGmcVersion('\u0000\u001cGMC-320Re 5.04')?.model, 'GMC-320');
    assert.equal(parseGmcVersion('OK FS2011;Rad Pro'), undefined);
    assert.equal(parseGmcVersion(''), undefined);
  });
});

describe('GMC codec: RFC1201 (GMC-320, 14-bit heartbeat)', () => {
  test('handshake: version → identity, GETCPM "00 1C" → 28 cpm (RFC1201 example), then HEARTBEAT1', () => {
    const events = handshake(createGmcCodec(), 'GMC-320Re 4.19', [0x00, 0x1c]);
    const identity = events.find((e) => e.type === 'identity');
    assert.deepEqual(identity?.type === 'identity' && identity.identity, {
      protocol: 'gmc',
      model: 'GMC-320',
      firmware: 'Re 4.19',
      capabilities: ['heartbeat', 'cpm'],
      countBits: 14,
    });
    const reading = events.find((e) => e.type === 'reading');
    assert.deepEqual(reading, { type: 'reading', name: 'cpm', value: 28, unit: 'counts/min', hostMs: 320 });
  });

  test('one beat per second becomes one 1-second frame on consecutive device seconds', () => {
    const codec = createGmcCodec();
    handshake(codec, 'GMC-320Re 4.19', [0x00, 0x1c]);
    const events = beats(codec, [
      { at: 1400, bytes: [0x00, 0x1c] },
      { at: 2401, bytes: [0x00, 0x05] },
      { at: 3399, bytes: [0x3f, 0xff] },
    ]);
    // 16383 is the largest 14-bit value: flagged as near the wrap (GQ-RFC1201 sends only 14 bits).
    assert.deepEqual(
      framesOf(events).map((f) => [f.startSeconds, f.durationSeconds, f.counts]),
      [
        [0, 1, 28],
        [1, 1, 5],
        [2, 1, 16383],
      ],
    );
    assert.deepEqual(issueCodes(events), ['implausible']);
  });

  test('reserved bits 14-15 are masked (RFC1201: "only lowest 14 bits are used") and reported', () => {
    const codec = createGmcCodec();
    handshake(codec, 'GMC-320Re 4.19', [0x00, 0x1c]);
    const events = beats(codec, [{ at: 1400, bytes: [0xc0, 0x1c] }]);
    assert.deepEqual(
      framesOf(events).map((f) => f.counts),
      [28],
    );
    assert.deepEqual(issueCodes(events), ['reserved-bits']);
  });

  test('a beat split across two reads is one beat; a beat missing a byte is torn and dropped', () => {
    const codec = createGmcCodec();
    handshake(codec, 'GMC-320Re 4.19', [0x00, 0x1c]);
    const events: CodecEvent[] = [];
    events.push(...codec.received(Uint8Array.from([0x00]), 1400));
    events.push(...codec.received(Uint8Array.from([0x07]), 1402));
    events.push(...codec.tick(1600).events);
    events.push(
      ...beats(codec, [
        { at: 2400, bytes: [0x09] },
        { at: 3400, bytes: [0x00, 0x02] },
      ]),
    );
    assert.deepEqual(
      framesOf(events).map((f) => [f.startSeconds, f.counts]),
      [
        [0, 7],
        [2, 2],
      ],
    );
    assert.deepEqual(issueCodes(events), ['torn', 'gap']);
  });

  test('two beats delivered together (USB latency) keep their own seconds; a silent second is a gap', () => {
    const codec = createGmcCodec();
    handshake(codec, 'GMC-320Re 4.19', [0x00, 0x1c]);
    const events = beats(codec, [
      { at: 1400, bytes: [0x00, 0x01] },
      { at: 3390, bytes: [0x00, 0x02, 0x00, 0x03] },
      { at: 4400, bytes: [0x00, 0x04] },
      { at: 7400, bytes: [0x00, 0x05] },
    ]);
    assert.deepEqual(
      framesOf(events).map((f) => [f.startSeconds, f.counts]),
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [6, 5],
      ],
    );
    assert.deepEqual(issueCodes(events), ['gap']);
  });

  test('bytes after HEARTBEAT0 (stale beats) are ignored, not decoded', () => {
    const codec = createGmcCodec();
    codec.sent(text(GMC_COMMANDS.heartbeatOff), 0);
    const events = codec.received(Uint8Array.from([0x00, 0x10]), 10);
    assert.deepEqual(events, []);
  });

  test('no plausible version after three tries and no forced width → fatal (the driver reconnects, e.g. wrong baud)', () => {
    const codec = createGmcCodec();
    for (const w of codec.open(0).writes) codec.sent(w, 0);
    // GeigerLog (gdev_gmc.py) tries <GETVER>> three times before giving up; so does the codec.
    for (const at of [0, 1000]) {
      codec.received(Uint8Array.from([0xf0, 0x0f, 0x55]), at + 30);
      const retry = codec.tick(at + 400);
      assert.deepEqual(
        retry.events.map((e) => e.type),
        ['issue'],
      );
      assert.deepEqual(
        retry.writes.map((b) => decoder.decode(b)),
        [GMC_COMMANDS.version],
      );
      for (const w of retry.writes) codec.sent(w, at + 1000);
    }
    codec.received(Uint8Array.from([0xf0, 0x0f, 0x55]), 2030);
    const step = codec.tick(2400);
    assert.deepEqual(
      step.events.map((e) => e.type),
      ['issue', 'fatal'],
    );
    assert.deepEqual(step.writes, []);
  });
});

describe('GMC codec: RFC1801 (GMC-500/600, 32-bit)', () => {
  test('GETCPM "00 00 00 1C" → 28 (RFC1801 example); heartbeat "00 00 00 1C" → 28 counts', () => {
    const codec = createGmcCodec();
    const hs = handshake(codec, 'GMC-600+Re 1.14', [0, 0, 0, 0x1c]);
    assert.equal(
      hs.find((e) => e.type === 'reading')?.type === 'reading' &&
        (hs.find((e) => e.type === 'reading') as { value: number }).value,
      28,
    );
    const events = beats(codec, [
      { at: 1400, bytes: [0, 0, 0, 0x1c] },
      { at: 2400, bytes: [0, 1, 0, 0] },
    ]);
    assert.deepEqual(
      framesOf(events).map((f) => f.counts),
      [28, 65536],
    );
  });

  test('a 32-bit beat beyond the plausible rate is refused', () => {
    const codec = createGmcCodec({ maxPlausibleCps: 1e5 });
    handshake(codec, 'GMC-500+Re 2.22', [0, 0, 0, 0]);
    const events = beats(codec, [{ at: 1400, bytes: [0x7f, 0, 0, 0] }]);
    assert.equal(framesOf(events).length, 0);
    assert.deepEqual(issueCodes(events), ['implausible']);
  });

  test('a 6-byte burst is not whole 4-byte beats: torn', () => {
    const codec = createGmcCodec();
    handshake(codec, 'GMC-500+Re 2.22', [0, 0, 0, 0]);
    const events = beats(codec, [{ at: 1400, bytes: [0, 0, 0, 1, 0, 0] }]);
    assert.deepEqual(issueCodes(events), ['torn']);
    assert.equal(framesOf(events).length, 0);
  });
});

describe('GMC codec: seeded fuzz (fast-check, seed 1201)', () => {
  test('random bursts at random times never throw and never yield an invalid frame, whatever the mode', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GMC-320Re 4.19', 'GMC-600+Re 1.14', 'garbage'),
        fc.array(
          fc.record({ gapMs: fc.integer({ min: 0, max: 3000 }), bytes: fc.uint8Array({ maxLength: 12 }) }),
          { maxLength: 30 },
        ),
        (version, bursts) => {
          const codec = createGmcCodec();
          const events: CodecEvent[] = [];
          for (const w of codec.open(0).writes) events.push(...codec.sent(w, 0));
          events.push(...codec.received(text(version), 10));
          let t = 10;
          for (const b of bursts) {
            t += b.gapMs;
            const step = codec.tick(t);
            events.push(...step.events);
            for (const w of step.writes) events.push(...codec.sent(w, t));
            events.push(...codec.received(b.bytes, t));
          }
          events.push(...codec.flush(t + 1000));
          assertValidFrames(events);
          for (const f of framesOf(events)) assert.equal(f.durationSeconds, 1);
        },
      ),
      { seed: 1201, numRuns: 400 },
    );
  });
});
