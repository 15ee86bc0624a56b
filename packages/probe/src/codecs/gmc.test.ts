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

/**
 * A host that records everything: every write the codec asks for is sent at once (as the driver does),
 * and every event is kept in order. `log` lists writes as `> CMD @t`.
 */
class Host {
  readonly events: CodecEvent[] = [];
  readonly log: string[] = [];
  constructor(readonly codec: ProbeCodec) {}
  open(t: number): this {
    const step = this.codec.open(t);
    this.events.push(...step.events);
    this.send(step.writes, t);
    return this;
  }
  tick(t: number): this {
    const step = this.codec.tick(t);
    this.events.push(...step.events);
    this.send(step.writes, t);
    return this;
  }
  rx(bytes: number[] | string, t: number): this {
    this.events.push(
      ...this.codec.received(typeof bytes === 'string' ? text(bytes) : Uint8Array.from(bytes), t),
    );
    return this;
  }
  private send(writes: Uint8Array[], t: number): void {
    for (const w of writes) {
      this.log.push(`> ${decoder.decode(w)} @${t}`);
      this.events.push(...this.codec.sent(w, t));
    }
  }
  /** Events from index `from` on, issues shown as [code, message, hostMs, bytes?]. */
  since(from: number): unknown[] {
    return this.events.slice(from).map((e) => (e.type === 'issue' ? ['issue', e.issue] : e));
  }
}

const issueEvent = (code: string, message: string, hostMs: number, bytes?: number) => [
  'issue',
  bytes === undefined ? { code, message, hostMs } : { code, message, hostMs, bytes },
];

/** GMC-320 (RFC1201) handshake up to <HEARTBEAT1>> sent at 500 (reply times as in `handshake`). */
function gmc320(options: Parameters<typeof createGmcCodec>[0] = {}): Host {
  const h = new Host(createGmcCodec(options)).open(0);
  h.rx('GMC-320Re 4.19', 40).tick(300); // 260 ms of quiet > 150: the reply has ended → <GETCPM>>
  h.rx([0x00, 0x1c], 320).tick(500); // RFC1201 §2 example "00 1C" → 28 → <HEARTBEAT1>>
  return h;
}

describe('GMC codec: the version step (GQ-RFC1201 §1 <GETVER>>; GeigerLog tries three times)', () => {
  test('the codec is "gmc", times frames by the device, opens with <HEARTBEAT0>> <GETVER>> and closes with <HEARTBEAT0>>', () => {
    const codec = createGmcCodec();
    assert.equal(codec.protocol, 'gmc');
    assert.equal(codec.frameTimeBase, 'device');
    const open = codec.open(0);
    assert.deepEqual(open.events, []);
    assert.deepEqual(
      open.writes.map((w) => decoder.decode(w)),
      ['<HEARTBEAT0>>', '<GETVER>>'],
    );
    assert.deepEqual(
      codec.close().map((w) => decoder.decode(w)),
      ['<HEARTBEAT0>>'],
    );
  });

  test('a reply ends after more than 150 ms of quiet (burstGapMs), judged at its last byte + 150 ms', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.rx('GMC-320', 40).rx('Re 4.19', 45);
    h.tick(195); // 150 ms after the last byte: not yet more than 150
    assert.deepEqual(h.log, ['> <HEARTBEAT0>> @0', '> <GETVER>> @0']);
    h.tick(196);
    assert.deepEqual(h.log.slice(2), ['> <GETCPM>> @196']);
    assert.deepEqual(h.since(0), []);
  });

  test('no reply: "no reply to <GETVER>> (try n of 3)" at send + 1500 ms, asked again; after the third, fatal', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.tick(1500); // 1500 ms: not yet more than versionTimeoutMs
    assert.equal(h.events.length, 0);
    h.tick(1501);
    h.tick(3001); // the second try was sent at 1501: its timeout ends at 3001, not passed yet
    h.tick(3002).tick(4503);
    assert.deepEqual(h.log, [
      '> <HEARTBEAT0>> @0',
      '> <GETVER>> @0',
      '> <GETVER>> @1501',
      '> <GETVER>> @3002',
    ]);
    assert.deepEqual(h.since(0), [
      issueEvent('no-reply', 'no reply to <GETVER>> (try 1 of 3)', 1500),
      issueEvent('no-reply', 'no reply to <GETVER>> (try 2 of 3)', 3001),
      issueEvent('no-reply', 'no reply to <GETVER>> (try 3 of 3)', 4502),
      {
        type: 'fatal',
        reason:
          'no GMC version reply after 3 tries of <GETVER>>: check the port and the baud rate, or --protocol (a Rad Pro device needs radpro)',
        hostMs: 4502,
      },
    ]);
    h.tick(9000);
    assert.equal(h.log.length, 4, 'nothing more is asked after the fatal');
  });

  test('versionTries and versionTimeoutMs are honoured', () => {
    const h = new Host(createGmcCodec({ versionTries: 1, versionTimeoutMs: 200 })).open(0);
    h.tick(201);
    assert.deepEqual(
      h.since(0).map((e) => (Array.isArray(e) ? e[0] : (e as CodecEvent).type)),
      ['issue', 'fatal'],
    );
    assert.match((h.events[1] as { reason: string }).reason, /after 1 tries/);
  });

  test('a reply that is not a version is named, non-printable bytes as "?", cut at 40 characters', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.rx([0xf0, 0x0f, 0x55], 30).tick(181);
    h.rx('x'.repeat(45), 1600).tick(1751);
    assert.deepEqual(h.since(0), [
      issueEvent(
        'no-reply',
        "no GMC version in reply '??U' to <GETVER>> (wrong baud rate or not a GMC?)",
        180,
        3,
      ),
      issueEvent(
        'no-reply',
        `no GMC version in reply '${'x'.repeat(40)}' to <GETVER>> (wrong baud rate or not a GMC?)`,
        1750,
        45,
      ),
    ]);
    assert.deepEqual(h.log.slice(2), ['> <GETVER>> @181', '> <GETVER>> @1751']);
  });

  test('Rad Pro on a GMC-800 answers "GMC-800Re RADP" (Gissio/radpro comm.c, GMC800 branch): fatal naming --protocol radpro', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.rx('GMC-800Re RADP', 20).tick(200);
    assert.deepEqual(h.since(0), [
      {
        type: 'fatal',
        reason:
          "this GMC-800 runs Rad Pro firmware (it answered 'GMC-800Re RADP' to <GETVER>>): connect with --protocol radpro",
        hostMs: 170, // its last byte + 150 ms of quiet
      },
    ]);
    h.tick(5000);
    assert.equal(h.log.length, 2, 'no <GETCPM>>, no retry');
  });

  test('a reply cut short by our next command is judged on what arrived', () => {
    const codec = createGmcCodec();
    const h = new Host(codec).open(0);
    h.rx('GMC-320Re 4.19', 20);
    h.events.push(...codec.sent(text(GMC_COMMANDS.cpm), 60)); // before the reply's quiet time
    assert.deepEqual(h.since(0), []);
    h.rx([0x00, 0x1c], 80).tick(300);
    const identity = h.events.find((e) => e.type === 'identity');
    assert.equal(identity?.type === 'identity' && identity.identity.model, 'GMC-320');
  });

  test('--word-bytes (countBits) lets a counter without a version reply go on, as "GMC (no version reply)"', () => {
    const h = new Host(createGmcCodec({ countBits: 14, versionTries: 1 })).open(0);
    h.tick(1501);
    assert.deepEqual(h.log.slice(2), ['> <GETCPM>> @1501']);
    // With the width forced, a reply is complete as soon as its 2 bytes are in (RFC1201 §2).
    h.rx([0x00], 1520);
    assert.equal(h.events.filter((e) => e.type !== 'issue').length, 0);
    h.rx([0x1c], 1525);
    h.rx([0x00], 1527).rx([0x05], 1530); // stray bytes after the reply are not a second reply
    assert.deepEqual(h.since(1), [
      { type: 'reading', name: 'cpm', value: 28, unit: 'counts/min', hostMs: 1525 },
      {
        type: 'identity',
        identity: {
          protocol: 'gmc',
          model: 'GMC (no version reply)',
          capabilities: ['heartbeat', 'cpm'],
          countBits: 14,
        },
      },
    ]);
    h.tick(1531);
    assert.deepEqual(h.log.slice(3), ['> <HEARTBEAT1>> @1531']);
  });

  test('with the width given (--word-bytes 4) and no <GETCPM>> reply, the issue says the width was given, not taken from a model', () => {
    // A counter that answers neither <GETVER>> nor <GETCPM>>: the width comes from the user's flag, and the
    // issue must not claim a model it never heard (an earlier message read "taken from the model : …").
    const h = new Host(createGmcCodec({ countBits: 32, versionTries: 1 })).open(0);
    h.tick(1501).tick(3001).tick(4502).tick(6003);
    const issues = h
      .since(0)
      .filter((e): e is [string, { message: string }] => Array.isArray(e) && e[0] === 'issue')
      .map(([, i]) => i.message);
    assert.ok(
      issues.includes('no full <GETCPM>> reply; heartbeat width as given with --word-bytes: 4-byte words'),
      issues.join('\n'),
    );
    assert.ok(!issues.some((m) => m.includes('taken from the model')), issues.join('\n'));
    assert.ok(issues.includes('<GETCPM>> reply of 0 bytes, expected 4'), issues.join('\n'));
    const identity = h.events.find((e) => e.type === 'identity');
    assert.deepEqual(identity?.type === 'identity' && identity.identity, {
      protocol: 'gmc',
      model: 'GMC (no version reply)',
      capabilities: ['heartbeat', 'cpm'],
      countBits: 32,
    });
  });
});

describe('GMC codec: the <GETCPM>> step (RFC1201 §2: 2 bytes; RFC1801: 4 bytes)', () => {
  test('its reading is timed at its last byte; a 4-byte reply makes a 32-bit counter', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.rx('GMC-500+Re 2.22', 40).tick(300);
    h.rx([0, 0], 320).rx([0, 0x1c], 330).tick(480);
    assert.deepEqual(h.log.slice(2), ['> <GETCPM>> @300']);
    h.tick(481);
    assert.deepEqual(h.since(0), [
      { type: 'reading', name: 'cpm', value: 28, unit: 'counts/min', hostMs: 330 },
      {
        type: 'identity',
        identity: {
          protocol: 'gmc',
          model: 'GMC-500+',
          firmware: 'Re 2.22',
          capabilities: ['heartbeat', 'cpm'],
          countBits: 32,
        },
      },
    ]);
    assert.deepEqual(h.log.slice(3), ['> <HEARTBEAT1>> @481']);
  });

  test('a torn reply is asked again once; then the width is taken from the model (GMC-320: 2-byte words)', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.rx('GMC-320Re 4.19', 40).tick(300);
    h.rx([0, 0, 0x1c], 320).tick(471);
    h.tick(1972); // no reply to the second <GETCPM>> (sent at 471): 1500 ms later
    assert.deepEqual(h.log.slice(2), ['> <GETCPM>> @300', '> <GETCPM>> @471', '> <HEARTBEAT1>> @1972']);
    assert.deepEqual(h.since(0), [
      issueEvent('torn', '<GETCPM>> reply of 3 bytes, expected 2 or 4', 470, 3),
      issueEvent('torn', '<GETCPM>> reply of 0 bytes, expected 2 or 4', 1971),
      issueEvent(
        'unexpected-reply',
        'heartbeat width taken from the model GMC-320: 2-byte words (force with --word-bytes)',
        1971,
      ),
      {
        type: 'identity',
        identity: {
          protocol: 'gmc',
          model: 'GMC-320',
          firmware: 'Re 4.19',
          capabilities: ['heartbeat', 'cpm'],
          countBits: 14,
        },
      },
    ]);
  });

  test('the same for an RFC1801 model: GMC-600+ → 4-byte words', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.rx('GMC-600+Re 1.14', 40).tick(300).tick(1801).tick(3302);
    assert.match(JSON.stringify(h.since(0)), /GMC-600\+: 4-byte words/);
    const identity = h.events.find((e) => e.type === 'identity');
    assert.equal(identity?.type === 'identity' && identity.identity.countBits, 32);
  });

  test('a model that says nothing of its width and no <GETCPM>> reply: fatal asking for --word-bytes', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.rx('GMC-XYZ Re 1.00', 40).tick(300).tick(1801).tick(3302);
    const fatal = h.events.find((e) => e.type === 'fatal');
    assert.deepEqual(fatal, {
      type: 'fatal',
      reason:
        'cannot tell the heartbeat width of GMC-XYZ: <GETCPM>> gave no 2- or 4-byte reply; give --word-bytes 2 or 4',
      hostMs: 3301,
    });
    assert.deepEqual(h.log.slice(2), ['> <GETCPM>> @300', '> <GETCPM>> @1801']);
    assert.equal(h.events.filter((e) => e.type === 'identity').length, 0);
  });

  test('with the width forced to 4 bytes, a 2-byte reply is torn ("expected 4")', () => {
    const h = new Host(createGmcCodec({ countBits: 32 })).open(0);
    h.rx('GMC-320Re 4.19', 40).tick(300);
    h.rx([0, 0x1c], 320).tick(471);
    assert.deepEqual(h.since(0)[0], issueEvent('torn', '<GETCPM>> reply of 2 bytes, expected 4', 470, 2));
    assert.deepEqual(h.log.slice(3), ['> <GETCPM>> @471']);
  });
});

describe('GMC codec: heartbeats (RFC1201 §3: one word per second, lowest 14 bits; RFC1801: u32)', () => {
  test('each beat is a frame of one device second, and a clock reading at its arrival', () => {
    const h = gmc320();
    const from = h.events.length;
    h.rx([0x00, 0x1c], 1400).tick(1551).rx([0x00, 0x05], 2400).tick(2551);
    assert.deepEqual(h.since(from), [
      { type: 'frame', frame: { startSeconds: 0, durationSeconds: 1, counts: 28, arrivalHostMs: 1400 } },
      { type: 'clock', deviceSeconds: 1, hostMs: 1400 },
      { type: 'frame', frame: { startSeconds: 1, durationSeconds: 1, counts: 5, arrivalHostMs: 2400 } },
      { type: 'clock', deviceSeconds: 2, hostMs: 2400 },
    ]);
  });

  test('a beat is closed by the next one arriving after quiet even without a tick in between', () => {
    const h = gmc320();
    const from = h.events.length;
    h.rx([0x00, 0x01], 1400).rx([0x00, 0x02], 1550); // 150 ms: still the same burst
    h.rx([0x00, 0x03], 2400); // 850 ms after: the first burst ends here
    assert.deepEqual(
      framesOf(h.events.slice(from)).map((f) => [f.startSeconds, f.counts, f.arrivalHostMs]),
      [
        [0, 1, 1400],
        [1, 2, 1400],
      ],
    );
    h.events.push(...h.codec.flush(2500)); // the end of the connection closes the last burst
    assert.deepEqual(
      framesOf(h.events.slice(from)).map((f) => f.counts),
      [1, 2, 3],
    );
  });

  test('exact messages: reserved bits, torn burst, missing beats', () => {
    const h = gmc320();
    const from = h.events.length;
    h.rx([0xc0, 0x1c], 1400).tick(1600); // bits 15 and 14 set: RFC1201 says they are reserved
    h.rx([0x00, 0x01, 0x00], 2400).tick(2600);
    h.rx([0x00, 0x02], 4400).tick(4600);
    assert.deepEqual(
      h.since(from).filter((e) => Array.isArray(e)),
      [
        issueEvent('reserved-bits', 'heartbeat 0xc01c has reserved bits 14-15 set; masked', 1400),
        issueEvent('torn', 'heartbeat burst of 3 bytes is not whole 2-byte beats', 2400, 3),
        // Beat 1 came at 1400 (offset 400 ms), so the beat at 4400 is device second 4: seconds 2 and 3
        // gave nothing we could use (the torn burst is not counted as a beat).
        issueEvent('gap', '2 heartbeat(s) missing before device second 4', 4400),
      ],
    );
    assert.deepEqual(
      framesOf(h.events.slice(from)).map((f) => [f.startSeconds, f.counts]),
      [
        [0, 28],
        [3, 2],
      ],
    );
  });

  test('a beat is late by a missing second only from 900 ms after it was due (lateBeatToleranceMs)', () => {
    const late = (delayMs: number) => {
      const h = gmc320();
      const from = h.events.length;
      h.rx([0, 1], 1400).tick(1600); // device second 1, offset 400 ms: second 2 is due at 2400
      h.rx([0, 2], 2400 + delayMs).tick(2600 + delayMs);
      return {
        issues: issueCodes(h.events.slice(from)),
        seconds: framesOf(h.events.slice(from)).map((f) => f.startSeconds),
      };
    };
    assert.deepEqual(late(899), { issues: [], seconds: [0, 1] });
    assert.deepEqual(late(900), { issues: ['gap'], seconds: [0, 2] });
  });

  test('a counter clock 0.5 % slow (a beat every 1005 ms) is followed without a false gap; a real missing beat after it still is one', () => {
    const h = gmc320();
    const from = h.events.length;
    let t = 1400;
    for (let k = 0; k < 300; k++, t += 1005) h.rx([0, 1], t).tick(t + 200);
    assert.deepEqual(issueCodes(h.events.slice(from)), []);
    t += 1005; // one beat lost
    h.rx([0, 1], t).tick(t + 200);
    assert.deepEqual(issueCodes(h.events.slice(from)), ['gap']);
    assert.equal(framesOf(h.events.slice(from)).at(-1)?.startSeconds, 301);
  });

  test('beats arriving in pairs from a slow clock: the offset creeps 5 ms per beat, not per burst', () => {
    const h = gmc320();
    const from = h.events.length;
    h.rx([0, 1], 1400).tick(1600);
    let t = 1400;
    for (let k = 0; k < 150; k++) {
      t += 2010; // two beats of a clock 0.5 % slow, delivered together
      h.rx([0, 1, 0, 1], t).tick(t + 200);
    }
    assert.deepEqual(issueCodes(h.events.slice(from)), []);
    assert.equal(framesOf(h.events.slice(from)).length, 301);
  });

  test('32-bit beats: 100000 counts/s is accepted, 100001 refused (maxPlausibleCps)', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.rx('GMC-500+Re 2.22', 40).tick(300).rx([0, 0, 0, 0], 320).tick(500);
    const from = h.events.length;
    h.rx([0x00, 0x01, 0x86, 0xa0], 1400).tick(1600); // 0x186A0 = 100000
    h.rx([0x00, 0x01, 0x86, 0xa1], 2400).tick(2600);
    assert.deepEqual(
      framesOf(h.events.slice(from)).map((f) => f.counts),
      [100000],
    );
    assert.deepEqual(h.since(from).filter(Array.isArray), [
      issueEvent('implausible', 'heartbeat of 100001 counts in 1 s exceeds 100000 cps', 2400),
    ]);
  });

  test('the 14-bit wrap (RFC1201: only 14 bits): 12287 passes, 12288 warns; a fall below 4096 after it is dropped', () => {
    const h = gmc320();
    const from = h.events.length;
    const beat = (counts: number, t: number) => h.rx([counts >> 8, counts & 0xff], t).tick(t + 200);
    beat(12287, 1400);
    beat(12288, 2400);
    beat(1166, 3400); // 12288 → 1166 in one second: 1166 + 16384 = 17550 is the likelier truth
    beat(516, 4400); // |516 − 1166| = 650 = 5·√(516 + 16384) exactly (5 Poisson SD): still wrapped
    beat(100, 5400); // |100 − 516| = 416 ≤ 5·√16484 ≈ 642: still wrapped
    beat(900, 6400); // |900 − 100| = 800 > 5·√17284 ≈ 657: a real rate again
    beat(10, 7400); // no longer suspect: shown
    assert.deepEqual(
      framesOf(h.events.slice(from)).map((f) => f.counts),
      [12287, 12288, 900, 10],
    );
    assert.deepEqual(h.since(from).filter(Array.isArray), [
      issueEvent(
        'implausible',
        'heartbeat 12288 counts/s is near the 14-bit limit: above 16383 counts/s GQ-RFC1201 heartbeats wrap and read low',
        2400,
      ),
      ...[
        [1166, 3400],
        [516, 4400],
        [100, 5400],
      ].map(([c, t]) =>
        issueEvent(
          'implausible',
          `heartbeat ${c} counts/s after ≥ 12288: probably wrapped past 16383 (true ${(c ?? 0) + 16384}?); frame dropped`,
          t ?? 0,
        ),
      ),
    ]);
  });

  test('after the top of the range a fall to 4095 (below 16384 − 12288) is dropped; 4096 is shown', () => {
    const h = gmc320();
    const from = h.events.length;
    h.rx([0x30, 0x00], 1400).tick(1600); // 12288
    h.rx([0x0f, 0xff], 2400).tick(2600); // 4095: dropped
    h.rx([0x10, 0x00], 3400).tick(3600); // 4096: shown, though within 5 SD of 4095
    assert.deepEqual(
      framesOf(h.events.slice(from)).map((f) => f.counts),
      [12288, 4096],
    );
  });

  test('after the top of the range, 4096 counts/s (not below 16384 − 12288) is shown', () => {
    const h = gmc320();
    const from = h.events.length;
    h.rx([0x30, 0x00], 1400).tick(1600); // 12288
    h.rx([0x10, 0x00], 2400).tick(2600); // 4096
    assert.deepEqual(
      framesOf(h.events.slice(from)).map((f) => f.counts),
      [12288, 4096],
    );
  });

  test('silence for 3 s re-arms the heartbeat; the timeline goes on (a restart shows as a gap)', () => {
    const h = gmc320();
    const from = h.events.length;
    h.rx([0, 1], 1400).tick(1600);
    h.tick(4399); // 2999 ms after the last byte
    assert.deepEqual(h.log.slice(4), []);
    h.tick(4400);
    assert.deepEqual(h.log.slice(4), ['> <HEARTBEAT1>> @4400']);
    h.tick(7399);
    assert.equal(h.log.length, 5, 'the next re-arm counts from the last one');
    h.tick(7400);
    assert.deepEqual(h.log.slice(5), ['> <HEARTBEAT1>> @7400']);
    h.rx([0, 7], 8400).tick(8600);
    assert.deepEqual(h.since(from).filter(Array.isArray), [
      issueEvent('no-reply', 'no heartbeat for 3.0 s; <HEARTBEAT1>> sent again', 4400),
      issueEvent('no-reply', 'no heartbeat for 3.0 s; <HEARTBEAT1>> sent again', 7400),
      issueEvent('gap', '6 heartbeat(s) missing before device second 8', 8400),
    ]);
    assert.deepEqual(
      framesOf(h.events.slice(from)).map((f) => [f.startSeconds, f.counts]),
      [
        [0, 1],
        [7, 7],
      ],
    );
  });

  test('rearmAfterMs is honoured', () => {
    const h = gmc320({ rearmAfterMs: 1000 });
    h.tick(1499);
    assert.equal(h.log.length, 4);
    h.tick(1500);
    assert.deepEqual(h.log.slice(4), ['> <HEARTBEAT1>> @1500']);
  });

  test('after <HEARTBEAT0>> stale beats are ignored, even thousands of bytes of them', () => {
    const h = gmc320();
    h.rx([0, 1], 1400).tick(1600);
    const codec = h.codec;
    const from = h.events.length;
    for (const w of codec.close()) h.events.push(...codec.sent(w, 2000)); // no burst open: nothing to end
    h.rx([0, 2], 2100).tick(2400).rx(new Array(5000).fill(0), 2500).tick(2800);
    h.events.push(...codec.flush(3000));
    assert.deepEqual(h.since(from), []);
    h.tick(9000);
    assert.deepEqual(h.log.slice(4), [], 'a stopped heartbeat is not re-armed');
  });

  test('bytes before anything was asked, and late bytes of a finished version reply, are dropped unread', () => {
    const codec = createGmcCodec();
    const early = [...codec.received(new Uint8Array(5000), 0), ...codec.tick(500).events];
    assert.deepEqual(early, [], 'before open');
    for (const w of codec.open(1000).writes) codec.sent(w, 1000);
    codec.received(text('GMC-320Re 4.19'), 1040);
    const step = codec.tick(1200); // the reply has ended; <GETCPM>> is asked but not yet sent
    assert.deepEqual(step.events, []);
    assert.deepEqual(codec.received(new Uint8Array(5000).fill(0x20), 1210), []);
  });

  test('more than 4096 bytes without a pause are garbage, named with the mode', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.rx(new Array(4096).fill(0x41), 10);
    assert.deepEqual(h.since(0), []);
    h.rx([0x41], 11);
    assert.deepEqual(h.since(0), [
      issueEvent('garbage', '4097 bytes without a pause in version mode', 11, 4097),
    ]);
    h.tick(200);
    assert.deepEqual(h.since(1), [], 'the garbage was thrown away, nothing left to parse');
  });
});

describe('GMC codec: timing edges', () => {
  test('an on-time counter keeps its beat offset: after 300 beats one lost beat is still a gap', () => {
    const h = gmc320();
    const from = h.events.length;
    let t = 1400;
    for (let k = 0; k < 300; k++, t += 1000) h.rx([0, 1], t).tick(t + 200);
    t += 1000; // device second 301 is lost; 302 arrives on time
    h.rx([0, 2], t).tick(t + 200);
    assert.deepEqual(issueCodes(h.events.slice(from)), ['gap']);
    assert.deepEqual(framesOf(h.events.slice(from)).at(-1), {
      startSeconds: 301,
      durationSeconds: 1,
      counts: 2,
      arrivalHostMs: t,
    });
  });

  test('a <GETCPM>> reply complete when the connection ends is still read', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.rx('GMC-320Re 4.19', 40).tick(300);
    h.rx([0x00, 0x1c], 320);
    h.events.push(...h.codec.flush(330));
    assert.deepEqual(
      h.events.filter((e) => e.type === 'reading'),
      [{ type: 'reading', name: 'cpm', value: 28, unit: 'counts/min', hostMs: 320 }],
    );
  });

  test('a version reply dripping in (a byte every 120 ms) is waited for past the 1.5 s timeout', () => {
    const h = new Host(createGmcCodec()).open(0);
    const reply = 'GMC-320Re 4.19';
    for (let i = 0; i < reply.length; i++) h.rx(reply.slice(i, i + 1), 40 + 120 * i).tick(100 + 120 * i);
    h.tick(1751); // last byte at 1600: quiet from 1751
    h.rx([0x00, 0x1c], 1800).tick(1951);
    const identity = h.events.find((e) => e.type === 'identity');
    assert.equal(identity?.type === 'identity' && identity.identity.firmware, 'Re 4.19');
    assert.deepEqual(h.log.slice(2), ['> <GETCPM>> @1751', '> <HEARTBEAT1>> @1951']);
  });

  test('a version reply that pauses with no tick in between is one reply, not heartbeats', () => {
    const h = new Host(createGmcCodec()).open(0);
    h.rx('GMC-320', 40).rx('Re 4.19', 300).tick(451);
    assert.deepEqual(h.since(0), []);
    assert.deepEqual(h.log.slice(2), ['> <GETCPM>> @451']);
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
