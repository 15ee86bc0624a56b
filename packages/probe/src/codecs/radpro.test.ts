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

/** The issues as [code, message, hostMs, bytes?] and the other events as they are. */
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

/** A codec opened at 0 whose `GET deviceId` went out at 0, with nothing answered yet. */
function opened(options = {}, carry?: Parameters<typeof createRadProCodec>[1]): Exchange {
  const x = new Exchange(createRadProCodec(options, carry));
  for (const w of x.codec.open(0).writes) x.codec.sent(w, 0);
  return x;
}

// docs/comm.md "Get device identification" example reply.
const DEVICE_ID = 'OK FS2011 (STM32F051C8);Rad Pro 2.0/en;b5706d937087f975b5812810\r\n';

describe('Rad Pro codec: polling plan and timeouts', () => {
  test('the codec is "radpro", times frames on the host, opens with GET deviceId and sends nothing to close', () => {
    const codec = createRadProCodec();
    assert.equal(codec.protocol, 'radpro');
    assert.equal(codec.frameTimeBase, 'host');
    assert.deepEqual(codec.open(0).events, []);
    assert.deepEqual(codec.close(), []);
  });

  test('intervals that are not > 0 are refused by name', () => {
    assert.throws(() => createRadProCodec({ pollIntervalMs: 0 }), {
      message: 'radpro: pollIntervalMs and replyTimeoutMs must be > 0',
    });
    assert.throws(
      () => createRadProCodec({ replyTimeoutMs: 0 }),
      /pollIntervalMs and replyTimeoutMs must be > 0/,
    );
    assert.throws(() => createRadProCodec({ replyTimeoutMs: Number.NaN }), /must be > 0/);
  });

  test('defaults: tubePulseCount every 1000 ms, devicePower every 2000 ms, one request at a time', () => {
    const x = opened();
    x.reply(DEVICE_ID, 20);
    assert.deepEqual(x.tick(100), ['GET tubePulseCount\r\n']);
    x.reply('OK 1500\r\n', 110);
    assert.deepEqual(x.tick(120), ['GET devicePower\r\n']); // docs/comm.md "Get device power"
    x.reply('OK 1\r\n', 130);
    assert.deepEqual(x.tick(140), ['GET deviceTime\r\n']);
    x.reply('OK 1690000000\r\n', 150);
    assert.deepEqual(x.tick(160), ['GET deviceBatteryVoltage\r\n']);
    x.reply('OK 1.421\r\n', 170);
    assert.deepEqual(x.tick(1099), []);
    assert.deepEqual(x.tick(1100), ['GET tubePulseCount\r\n']);
    x.reply('OK 1542\r\n', 1110);
    assert.deepEqual(x.tick(2100), ['GET tubePulseCount\r\n']);
    x.reply('OK 1600\r\n', 2110);
    assert.deepEqual(x.tick(2119), [], '1999 ms since devicePower');
    assert.deepEqual(x.tick(2120), ['GET devicePower\r\n']);
    assert.deepEqual(issueCodes(x.events), []);
  });

  test('the clock and battery are read every 60 s (housekeepingIntervalMs)', () => {
    const x = opened({ readPowerState: false, pollIntervalMs: 1e7 });
    x.reply(DEVICE_ID, 20);
    assert.deepEqual(x.tick(100), ['GET tubePulseCount\r\n']);
    x.reply('OK 1\r\n', 110);
    assert.deepEqual(x.tick(120), ['GET deviceTime\r\n']);
    x.reply('OK 1690000000\r\n', 130);
    assert.deepEqual(x.tick(140), ['GET deviceBatteryVoltage\r\n']);
    x.reply('OK 1.421\r\n', 150);
    assert.deepEqual(x.tick(60119), []);
    assert.deepEqual(x.tick(60120), ['GET deviceTime\r\n']);
    x.reply('OK 1690000060\r\n', 60130);
    assert.deepEqual(x.tick(60139), []);
    assert.deepEqual(x.tick(60140), ['GET deviceBatteryVoltage\r\n']);
  });

  test('unanswered requests expire at send + timeout, quarantine the line, and after three with no byte at all say what to do', () => {
    const x = opened({ readPowerState: false });
    x.reply('', 500); // an empty read is not a sign of life
    assert.deepEqual(x.tick(1000), [], 'not yet expired at exactly 1000 ms');
    assert.equal(x.events.length, 0);
    assert.deepEqual(x.tick(1001), []);
    assert.deepEqual(x.tick(1499), [], 'quarantined until 1000 + 500 ms');
    assert.deepEqual(x.tick(1500), ['GET tubePulseCount\r\n'], 'not identified yet, but counting starts');
    x.tick(2501);
    assert.deepEqual(x.tick(3000), ['GET tubePulseCount\r\n']);
    x.tick(4001);
    assert.deepEqual(x.tick(4499), []);
    assert.deepEqual(x.tick(4500), ['GET tubePulseCount\r\n']);
    const fault = x.events.find((e) => e.type === 'device-fault');
    const hint = fault?.type === 'device-fault' ? fault.reason : '';
    assert.deepEqual(shown(x.events), [
      ['no-reply', 'no reply to GET deviceId within 1000 ms', 1000],
      ['no-reply', 'no reply to GET tubePulseCount within 1000 ms', 2500],
      ['no-reply', 'no reply to GET tubePulseCount within 1000 ms', 4000],
      { type: 'device-fault', reason: hint, hostMs: 4000 },
    ]);
    // comm.c updateComm (lines 367-368): a DATA_MODE device (FS2011) opens its port only with Data mode on.
    assert.match(
      hint,
      /^no reply from the device: on an FS2011 .* turn on Settings → Data mode; otherwise check --port/,
    );
    x.tick(10001);
    assert.equal(x.events.filter((e) => e.type === 'device-fault').length, 1, 'said once');
  });

  test('a device that sent any byte at all gets no "Data mode" hint', () => {
    const x = opened({ readPowerState: false });
    x.reply('\u0001\r\n', 10);
    x.tick(1001);
    x.tick(1500);
    x.tick(2501);
    x.tick(3000);
    x.tick(4001);
    assert.equal(x.events.filter((e) => e.type === 'device-fault').length, 0);
  });

  test('a late reply is discarded by name and extends the quarantine by 500 ms (resyncQuietMs)', () => {
    const x = identified();
    x.tick(100);
    x.tick(1101);
    x.reply('OK 1500\r\n', 1300);
    x.reply(`OK ${'9'.repeat(50)}\r\n`, 1301); // quarantine now until 1801
    assert.deepEqual(x.tick(1800), []);
    x.reply('OK 1501\r\n', 1801); // the quarantine is over: not discarded, but nothing is outstanding
    assert.deepEqual(x.tick(1801), ['GET tubePulseCount\r\n']);
    assert.deepEqual(shown(x.events.filter((e) => e.type === 'issue')), [
      ['no-reply', 'no reply to GET tubePulseCount within 1000 ms', 1100],
      ['unexpected-reply', "'OK 1500' discarded while resynchronising", 1300, 7],
      ['unexpected-reply', `'OK ${'9'.repeat(37)}' discarded while resynchronising`, 1301, 53],
      ['unexpected-reply', "'OK 1501' with no request outstanding", 1801, 7],
    ]);
  });
});

describe('Rad Pro codec: replies (docs/comm.md; comm.c processCommGet)', () => {
  test('lines that are not OK/ERROR replies, or not text, or cut, are named', () => {
    const x = identified();
    x.reply('OK 5\r\n', 50);
    x.reply('\u0001\u0002\r\n', 60);
    x.reply('OKAY\r\n', 70);
    x.reply('~\r\n', 71); // 0x7E is printable ASCII
    x.reply(`OK ${'7'.repeat(50)}\r\n`, 72);
    x.reply('\r\n', 75); // an empty line is nothing
    x.reply('OK 12', 80);
    x.events.push(...x.codec.flush(90));
    assert.deepEqual(shown(x.events.filter((e) => e.type === 'issue')), [
      ['unexpected-reply', "'OK 5' with no request outstanding", 50, 4],
      ['garbage', '2 bytes of non-text in a reply line', 60, 2],
      ['garbage', "'OKAY' is neither OK nor ERROR", 70, 4],
      ['garbage', "'~' is neither OK nor ERROR", 71, 1],
      ['unexpected-reply', `'OK ${'7'.repeat(37)}' with no request outstanding`, 72, 53],
      ['torn', 'reply cut after 5 bytes', 90, 5],
    ]);
    assert.deepEqual(x.codec.flush(95), [], 'the cut reply was dropped');
  });

  test('a reply line longer than 4096 bytes is dropped whole; 4096 bytes are still read as a line', () => {
    const x = identified();
    x.reply(`${'A'.repeat(4095)}\r\n`, 50); // 4096 bytes with its CR
    x.reply(`${'B'.repeat(4096)}\r\n`, 60); // 4097
    x.reply('C'.repeat(5000), 70);
    x.events.push(...x.codec.flush(80));
    assert.deepEqual(shown(x.events.filter((e) => e.type === 'issue')), [
      ['garbage', `'${'A'.repeat(40)}' is neither OK nor ERROR`, 50, 4095],
      ['line-too-long', 'reply longer than 4096 bytes', 60, 4097],
      ['torn', 'reply cut after 5000 bytes', 80, 5000],
    ]);
  });

  test('ERROR is reported for the request it answers, except for devicePower, which older firmware lacks', () => {
    const x = identified({ readPowerState: true });
    assert.deepEqual(x.tick(100), ['GET tubePulseCount\r\n']);
    x.reply('ERROR\r\n', 110);
    assert.deepEqual(x.tick(120), ['GET devicePower\r\n']);
    x.reply('ERROR\r\n', 130); // firmware before 2.0rc1: comm.c's getTable has no devicePower
    x.tick(140);
    x.reply('OK 1690000000\r\n', 150);
    x.tick(160);
    x.reply('OK 1.421\r\n', 170);
    for (let t = 1100; t < 10000; t += 1000) {
      assert.deepEqual(x.tick(t), ['GET tubePulseCount\r\n'], 'devicePower is never asked again');
      x.reply(`OK ${t}\r\n`, t + 10);
      // Between two counts, where devicePower would be due every 2 s (powerIntervalMs), nothing is asked.
      assert.deepEqual(x.tick(t + 500), [], `devicePower is never asked again (${t + 500} ms)`);
    }
    assert.deepEqual(shown(x.events.filter((e) => e.type === 'issue')), [
      ['device-error', 'device answered ERROR to GET tubePulseCount', 110],
    ]);
  });

  test('deviceId needs exactly three non-empty parts; until then it is asked again every 5 s', () => {
    for (const bad of ['a;b', 'a;b;c;d', ';b;c', 'a;;c', 'a;b;']) {
      const x = opened({ readPowerState: false });
      x.reply(`OK ${bad}\r\n`, 20);
      assert.deepEqual(shown(x.events), [['malformed', `deviceId '${bad}' is not hw;sw;id`, 20]], bad);
      x.tick(100);
      x.reply('OK 1\r\n', 110);
      assert.deepEqual(x.tick(5000), ['GET deviceId\r\n'], bad);
    }
  });

  test('devicePower 0 (comm.c: pushCommUInt32(isPoweredOn())) is a device fault, said once; 1 clears it; counts while off are not used', () => {
    const x = identified({ readPowerState: true });
    x.tick(100);
    x.reply('OK 1000\r\n', 110);
    x.tick(120);
    x.reply('OK 0\r\n', 130);
    x.tick(140);
    x.reply('OK 1690000000\r\n', 150);
    x.tick(160);
    x.reply('OK 1.421\r\n', 170);
    x.tick(1100);
    x.reply('OK 1042\r\n', 1110);
    x.tick(2100);
    x.reply('OK 1042\r\n', 2110);
    x.tick(2120);
    x.reply('OK 0\r\n', 2130);
    x.tick(3100);
    x.reply('OK 1042\r\n', 3110);
    x.tick(4100);
    x.reply('OK 1050\r\n', 4110);
    x.tick(4120);
    x.reply('OK 1\r\n', 4130);
    x.tick(5100);
    x.reply('OK 1060\r\n', 5110);
    x.tick(6100);
    x.reply('OK 1070\r\n', 6110);
    x.tick(6120);
    x.reply('OK 1\r\n', 6130);
    x.tick(7100);
    x.reply('OK 1080\r\n', 7110);
    x.tick(8100);
    x.reply('OK 1090\r\n', 8110);
    x.tick(8120);
    x.reply('OK 2\r\n', 8130);
    assert.deepEqual(
      shown(x.events.filter((e) => e.type !== 'identity' && e.type !== 'reading' && e.type !== 'battery')),
      [
        {
          type: 'device-fault',
          reason:
            'the device is switched off (Rad Pro GET devicePower = 0): its count is frozen; switch it on',
          hostMs: 130,
        },
        ['device-error', '42 counts over 1.0 s not used: the device is switched off', 1110],
        ['device-error', '0 counts over 1.0 s not used: the device is switched off', 2110],
        ['device-error', '0 counts over 1.0 s not used: the device is switched off', 3110],
        ['device-error', '8 counts over 1.0 s not used: the device is switched off', 4110],
        { type: 'device-ok', hostMs: 4130 },
        {
          type: 'frame',
          frame: { startSeconds: 4.105, durationSeconds: 1, counts: 10, arrivalHostMs: 5110 },
        },
        {
          type: 'frame',
          frame: { startSeconds: 5.105, durationSeconds: 1, counts: 10, arrivalHostMs: 6110 },
        },
        {
          type: 'frame',
          frame: { startSeconds: 6.105, durationSeconds: 1, counts: 10, arrivalHostMs: 7110 },
        },
        {
          type: 'frame',
          frame: { startSeconds: 7.105, durationSeconds: 1, counts: 10, arrivalHostMs: 8110 },
        },
        ['malformed', "devicePower '2' is not 0 or 1", 8130],
      ],
    );
  });

  test('value formats (comm.c: pushCommUInt32 decimal u32, pushCommFloat with 3 decimals for the battery)', () => {
    const reply = (kind: 'deviceTime' | 'deviceBatteryVoltage' | 'tubePulseCount', value: string) => {
      const x = identified({ readPowerState: false, pollIntervalMs: 1e7, housekeepingIntervalMs: 1e7 });
      x.events.length = 0;
      x.codec.sent(text(`GET ${kind}\r\n`), 100);
      x.reply(`OK ${value}\r\n`, 110);
      return shown(x.events);
    };
    assert.deepEqual(reply('deviceTime', '4294967295'), [
      { type: 'reading', name: 'deviceTimeUnixSeconds', value: 4294967295, unit: 's', hostMs: 110 },
    ]);
    for (const bad of ['42949672950', '1.5', '-1', 'x1', '1x', ''])
      assert.deepEqual(reply('deviceTime', bad), [
        ['malformed', `deviceTime '${bad}' is not unix seconds`, 110],
      ]);
    assert.deepEqual(reply('deviceBatteryVoltage', '4'), [{ type: 'battery', batteryVolts: 4, hostMs: 110 }]);
    assert.deepEqual(reply('deviceBatteryVoltage', '123.456789'), [
      { type: 'battery', batteryVolts: 123.456789, hostMs: 110 },
    ]);
    for (const bad of ['1234', '1.4215678', '1.', '.5', '-1.0', 'x1.0', '1.0x'])
      assert.deepEqual(reply('deviceBatteryVoltage', bad), [
        ['malformed', `battery '${bad}' is not volts`, 110],
      ]);
    assert.deepEqual(reply('tubePulseCount', '4294967295'), []); // the first reading is a baseline
    for (const bad of ['4294967296', '12345678901', '1e3', 'x1', '1x'])
      assert.deepEqual(reply('tubePulseCount', bad), [
        ['malformed', `tubePulseCount '${bad}' is not a 32-bit count`, 110],
      ]);
  });

  test('a request the codec did not make itself is matched and its reply passed over; requests may be written in pieces', () => {
    const x = identified();
    assert.deepEqual(x.codec.sent(text('GET tubeRate\r\n'), 100), []); // docs/comm.md "Get tube rate"
    x.reply('OK 142.857\r\n', 110);
    x.codec.sent(text('SET deviceTime 1690000300\r\n'), 111); // docs/comm.md "Set device date and time"
    x.reply('OK\r\n', 112);
    x.codec.sent(text('\n'), 113); // an empty line: comm.c updateComm answers anything unknown with ERROR
    x.reply('ERROR\r\n', 114);
    x.codec.sent(text('GET tube'), 120);
    x.codec.sent(text('PulseCount\n'), 121);
    x.reply('OK 10\r\n', 130);
    x.codec.sent(text('X'.repeat(5000)), 140); // no line end: dropped, it cannot be a request we match
    x.codec.sent(text('GET tubePulseCount\r\n'), 1121);
    x.reply('OK 20\r\n', 1131);
    assert.deepEqual(shown(x.events.filter((e) => e.type === 'issue')), [
      ['device-error', 'device answered ERROR to GET other', 114],
    ]);
    assert.deepEqual(framesOf(x.events), [
      // A request is sent when its line end is: (121 + 130) / 2 and (1121 + 1131) / 2 ms.
      { startSeconds: 0.1255, durationSeconds: 1.0005, counts: 10, arrivalHostMs: 1131 },
    ]);
  });
});

describe('Rad Pro codec: the lifetime counter across a reconnection (docs/comm.md "Get tube pulse count")', () => {
  const carry = { deviceId: 'b5706d937087f975b5812810', pulseCount: 1000, sampleMs: -2000 };

  test('the same device: the first reading after reconnecting closes a frame over the time in between', () => {
    const x = opened({ readPowerState: false }, carry);
    assert.equal(x.codec.handover?.(), undefined, 'nothing to hand over before a reading');
    x.reply(DEVICE_ID, 20);
    assert.equal(x.codec.handover?.(), undefined, 'nothing to hand over before a count is read');
    x.tick(100);
    x.reply('OK 1300\r\n', 110);
    assert.deepEqual(framesOf(x.events), [
      { startSeconds: -2, durationSeconds: 2.105, counts: 300, arrivalHostMs: 110 },
    ]);
    assert.deepEqual(x.codec.handover?.(), {
      radpro: { deviceId: 'b5706d937087f975b5812810', pulseCount: 1300, sampleMs: 105 },
    });
  });

  test('another device, or a count read before the device said who it is, starts afresh', () => {
    const other = opened({ readPowerState: false }, { ...carry, deviceId: 'another' });
    other.reply(DEVICE_ID, 20);
    other.tick(100);
    other.reply('OK 1300\r\n', 110);
    assert.deepEqual(framesOf(other.events), []);
    const early = opened({ readPowerState: false }, carry);
    early.tick(1001); // GET deviceId unanswered
    assert.deepEqual(early.tick(1500), ['GET tubePulseCount\r\n']);
    early.reply('OK 1300\r\n', 1510); // from which device? not known: a baseline, the carry is dropped
    assert.deepEqual(early.tick(2500), ['GET tubePulseCount\r\n']);
    early.reply('OK 1310\r\n', 2510);
    assert.deepEqual(
      framesOf(early.events).map((f) => f.counts),
      [10],
    );
    assert.equal(early.codec.handover?.(), undefined, 'counts of a device that never said who it is');
  });

  test('the carried reading keeps its time: more counts since it than 10^5 cps allow is a counter reset', () => {
    // Carried: 1000 at −2000 ms. Read: 1 000 000 at (100 + 110)/2 = 105 ms, 2.105 s later: 999 000 counts
    // in 2.105 s = 474 584 cps, above maxPlausibleCps (10^5): a reset (or a counter set by hand), no frame.
    const x = opened({ readPowerState: false }, carry);
    x.reply(DEVICE_ID, 20);
    x.tick(100);
    x.reply('OK 1000000\r\n', 110);
    assert.deepEqual(framesOf(x.events), []);
    assert.deepEqual(shown(x.events.filter((e) => e.type === 'issue')), [
      [
        'counter-reset',
        'counter went from 1000 to 1000000 in 2.105 s, more than 100000 cps allows (reset or set)',
        110,
      ],
    ]);
  });
});

describe('Rad Pro codec: reply edges (docs/comm.md)', () => {
  test('a bad value is quoted to 60 characters (deviceId) or 20 (the others)', () => {
    const id = opened({ readPowerState: false });
    id.reply(`OK a;${'b'.repeat(70)}\r\n`, 20);
    const x = identified({ readPowerState: true });
    assert.deepEqual(x.tick(100), ['GET tubePulseCount\r\n']);
    x.reply(`OK ${'9'.repeat(25)}\r\n`, 110);
    assert.deepEqual(x.tick(120), ['GET devicePower\r\n']);
    x.reply(`OK ${'1'.repeat(25)}\r\n`, 130);
    assert.deepEqual(x.tick(140), ['GET deviceTime\r\n']);
    x.reply(`OK ${'2'.repeat(25)}\r\n`, 150);
    assert.deepEqual(x.tick(160), ['GET deviceBatteryVoltage\r\n']);
    x.reply(`OK ${'3'.repeat(25)}\r\n`, 170);
    assert.deepEqual(shown([...id.events, ...x.events].filter((e) => e.type === 'issue')), [
      ['malformed', `deviceId 'a;${'b'.repeat(58)}' is not hw;sw;id`, 20],
      ['malformed', `tubePulseCount '${'9'.repeat(20)}' is not a 32-bit count`, 110],
      ['malformed', `devicePower '${'1'.repeat(20)}' is not 0 or 1`, 130],
      ['malformed', `deviceTime '${'2'.repeat(20)}' is not unix seconds`, 150],
      ['malformed', `battery '${'3'.repeat(20)}' is not volts`, 170],
    ]);
  });

  test('switched off before the first count: that count is the baseline, not counts to refuse', () => {
    const x = identified({ readPowerState: true });
    x.tick(100);
    x.reply('OK x\r\n', 110); // no count yet
    assert.deepEqual(x.tick(120), ['GET devicePower\r\n']);
    x.reply('OK 0\r\n', 130);
    assert.deepEqual(x.tick(1100), ['GET tubePulseCount\r\n']);
    x.reply('OK 500\r\n', 1110);
    assert.deepEqual(framesOf(x.events), []);
    assert.deepEqual(shown(x.events.filter((e) => e.type === 'issue')), [
      ['malformed', "tubePulseCount 'x' is not a 32-bit count", 110],
    ]);
  });

  test('a line with any byte outside 0x20-0x7E (here DEL, 0x7F) is non-text; an over-long one counts every byte to its LF', () => {
    const x = identified();
    x.reply('OK 1\u007f\r\n', 50);
    x.reply(`${'C'.repeat(5000)}\r\n`, 60); // 5001 bytes before the LF, with the CR
    assert.deepEqual(shown(x.events.filter((e) => e.type === 'issue')), [
      ['garbage', '5 bytes of non-text in a reply line', 50, 5],
      ['line-too-long', 'reply longer than 4096 bytes', 60, 5001],
    ]);
  });

  test('what the host sent: 4096 bytes without a line end are kept (one request), 4097 are dropped', () => {
    const x = opened({ readPowerState: false });
    x.reply(DEVICE_ID, 20);
    x.codec.sent(text('x'.repeat(4096)), 30);
    x.codec.sent(text('GET deviceId\r\n'), 31); // ends the 4096-byte request: not GET deviceId
    x.reply('OK a;b;c\r\n', 40); // its reply: nothing to decode
    x.codec.sent(text('x'.repeat(4097)), 50); // dropped: the next request stands alone
    x.codec.sent(text('GET deviceId\r\n'), 51);
    x.reply('OK a;b;c\r\n', 60);
    assert.deepEqual(
      x.events.flatMap((e) => (e.type === 'identity' ? [e.identity.deviceId] : [])),
      ['b5706d937087f975b5812810', 'c'],
    );
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
