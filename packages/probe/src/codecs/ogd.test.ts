import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assertValidFrames, framesOf, issueCodes, text } from '../test-support.js';
import type { CodecEvent } from '../types.js';
import { createOgdCodec, ogdOptionsProblem, parseWindowsKeV } from './ogd.js';

// Firmware line format: opengamma_pico.ino line 34, `Serial.println(String(m) + ';')` → "1234;\r\n".
const options = { ogdKeVPerChannel: 0.5, ogdOffsetKeV: 0, ogdWindowsKeV: '126-154' } as const;

describe('Open Gamma Detector codec (events: "ADC;" lines)', () => {
  test('events are windowed by calibrated energy; a frame closes on the first bytes after it', () => {
    const codec = createOgdCodec(options);
    const events: CodecEvent[] = [...codec.open(0).events];
    // channel 280 → 140 keV (in), 200 → 100 keV (out), 300 → 150 keV (in); 320 → 160 keV (out)
    events.push(...codec.received(text('280;\r\n200;\r\n'), 10));
    events.push(...codec.received(text('300;\r\n3'), 1200)); // closes frame 0 (first: not a full frame)
    events.push(...codec.received(text('20;\r\n'), 1250));
    events.push(...codec.received(text('280;\r\n'), 2010)); // closes frame 1
    const frames = framesOf(events);
    assert.equal(frames.length, 1);
    assert.deepEqual(
      frames.map((f) => [f.startSeconds, f.durationSeconds, f.counts]),
      [[1, 1, 1]],
    );
    assert.deepEqual(frames[0]?.spectrum, {
      kind: 'windows',
      windows: [
        { lowKeV: 126, highKeV: 154, counts: 1 },
        { lowKeV: 0, highKeV: 2048, counts: 2 },
      ],
    });
    // The frame's events by ADC channel, with the calibration: 300 → 150 keV, 320 → 160 keV.
    assert.deepEqual(frames[0]?.pulseHeights, {
      channelCount: 4096,
      keVPerChannel: 0.5,
      offsetKeV: 0,
      channels: [
        { channel: 300, counts: 1 },
        { channel: 320, counts: 1 },
      ],
    });
    assert.deepEqual(issueCodes(events), []);
  });

  test('garbage and values beyond 12 bits are counted as issues, never as events', () => {
    const codec = createOgdCodec(options);
    codec.open(0);
    const events = [
      ...codec.received(text('abc;\r\n5000;\r\n280\r\n'), 10),
      ...codec.received(text('280;'), 1100),
      ...codec.received(text('280;'), 2100),
    ];
    assert.deepEqual(issueCodes(events), ['garbage', 'garbage', 'torn']);
    assert.deepEqual(
      framesOf(events).map((f) => f.counts),
      [1],
    );
  });

  test('no calibration, bad windows: refused in words', () => {
    assert.match(ogdOptionsProblem({}) ?? '', /needs an energy calibration/);
    assert.match(ogdOptionsProblem({ ...options, ogdWindowsKeV: '150-120' }) ?? '', /not low-high/);
    assert.deepEqual(parseWindowsKeV('100-200,150-250'), {
      ok: false,
      issues: [{ kind: 'invalid', code: 'overlap', message: 'energy windows overlap' }],
    });
    const codec = createOgdCodec({});
    assert.equal(codec.open(0).events[0]?.type, 'fatal');
  });
});

describe('Open Gamma Detector: options and windows, refused with the reason', () => {
  test('windows "low-high" in keV, comma-separated, spaces allowed, kept in the order given', () => {
    assert.deepEqual(parseWindowsKeV('126.46-154.56'), {
      ok: true,
      value: [{ lowKeV: 126.46, highKeV: 154.56 }],
    });
    assert.deepEqual(parseWindowsKeV(' 200 - 250 , 126-154 '), {
      ok: true,
      value: [
        { lowKeV: 200, highKeV: 250 },
        { lowKeV: 126, highKeV: 154 },
      ],
    });
    // Touching windows share an edge (an event at 150 keV counts in the upper one): not an overlap.
    assert.equal(parseWindowsKeV('150-200,100-150').ok, true);
    for (const bad of [
      '154-126',
      '100-100',
      '',
      'abc',
      '1.-2',
      '-5-10',
      '100 200',
      '100-200-300',
      '1e2-300',
    ]) {
      assert.deepEqual(
        parseWindowsKeV(bad),
        {
          ok: false,
          issues: [
            { kind: 'invalid', code: 'bad-window', message: `window '${bad}' is not low-high in keV` },
          ],
        },
        bad,
      );
    }
    assert.deepEqual(parseWindowsKeV('100-200,'), {
      ok: false,
      issues: [{ kind: 'invalid', code: 'bad-window', message: "window '' is not low-high in keV" }],
    });
  });

  test('overlap is found whatever the order the windows are given in', () => {
    const overlap = {
      ok: false,
      issues: [{ kind: 'invalid', code: 'overlap', message: 'energy windows overlap' }],
    };
    assert.deepEqual(parseWindowsKeV('150-250,100-200'), overlap);
    assert.deepEqual(parseWindowsKeV('100-200,300-400,150-160'), overlap, 'only neighbours once sorted');
    assert.deepEqual(parseWindowsKeV('300-400,100-200,199.5-250'), overlap);
  });

  test('every option problem is named: calibration, gain, offset, windows, frame length', () => {
    const calibration =
      'the Open Gamma Detector needs an energy calibration: keV per channel and offset (e.g. from two known peaks)';
    assert.equal(ogdOptionsProblem({}), calibration);
    assert.equal(ogdOptionsProblem({ ogdOffsetKeV: 0, ogdWindowsKeV: '126-154' }), calibration);
    assert.equal(ogdOptionsProblem({ ogdKeVPerChannel: 0.5, ogdWindowsKeV: '126-154' }), calibration);
    for (const gain of [0, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(
        ogdOptionsProblem({ ...options, ogdKeVPerChannel: gain }),
        `keV per channel ${gain} is not > 0`,
      );
    }
    for (const offset of [Number.NaN, Number.NEGATIVE_INFINITY]) {
      assert.equal(
        ogdOptionsProblem({ ...options, ogdOffsetKeV: offset }),
        `calibration offset ${offset} keV is not a number`,
      );
    }
    assert.equal(
      ogdOptionsProblem({ ...options, ogdOffsetKeV: -12.5 }),
      undefined,
      'a negative offset is a calibration',
    );
    assert.equal(
      ogdOptionsProblem({ ogdKeVPerChannel: 0.5, ogdOffsetKeV: 0 }),
      'the Open Gamma Detector needs energy windows (a nuclide)',
    );
    assert.equal(
      ogdOptionsProblem({ ...options, ogdWindowsKeV: '154-126' }),
      "window '154-126' is not low-high in keV",
    );
    assert.equal(ogdOptionsProblem({ ...options, frameMs: 9.9 }), 'frame length 9.9 ms is below 10 ms');
    assert.equal(
      ogdOptionsProblem({ ...options, frameMs: Number.NaN }),
      'frame length NaN ms is below 10 ms',
    );
    assert.equal(ogdOptionsProblem({ ...options, frameMs: 10 }), undefined);
    assert.equal(ogdOptionsProblem(options), undefined);
  });

  test('a codec with bad options says why at open and decodes nothing', () => {
    const codec = createOgdCodec({ ...options, ogdKeVPerChannel: 0 });
    assert.deepEqual(codec.open(5).events, [
      { type: 'fatal', reason: 'keV per channel 0 is not > 0', hostMs: 5 },
    ]);
    assert.deepEqual(codec.received(text('280;\r\n'), 1500), []);
    assert.deepEqual(codec.received(text('280;\r\n'), 2500), [], 'not even frames');
    const good = createOgdCodec(options);
    assert.deepEqual(good.open(0).events, [
      {
        type: 'identity',
        identity: {
          protocol: 'ogd',
          model: 'Open Gamma Detector',
          capabilities: ['pulse-height', 'energy-windows'],
        },
      },
    ]);
  });

  test('a 12-bit ADC value is 0-4095 (opengamma_pico.ino line 55: 4096 channels); anything else is garbage', () => {
    const codec = createOgdCodec({ ...options, ogdWindowsKeV: '0-2048' });
    codec.open(0);
    const events = codec.received(
      text('4095;0; 12 ;4096;12345;-1;x;abcdefghijklmnopqrstuvwxyz;12x;\r\n'),
      10,
    );
    const garbage = events
      .filter((e) => e.type === 'issue')
      .map((e) => (e.type === 'issue' ? e.issue : undefined));
    assert.deepEqual(
      garbage.map((i) => i?.message),
      [
        "'4096' is not a 12-bit ADC channel",
        "'12345' is not a 12-bit ADC channel",
        "'-1' is not a 12-bit ADC channel",
        "'x' is not a 12-bit ADC channel",
        "'abcdefghijklmnopqrst' is not a 12-bit ADC channel",
        "'12x' is not a 12-bit ADC channel",
      ],
    );
    assert.deepEqual(
      garbage.map((i) => [i?.code, i?.bytes, i?.hostMs]),
      [
        ['garbage', 4, 10],
        ['garbage', 5, 10],
        ['garbage', 2, 10],
        ['garbage', 1, 10],
        ['garbage', 26, 10],
        ['garbage', 3, 10],
      ],
    );
    // The three good values (4095, 0, 12) make the next frame's total; frame 0 is the first, not counted,
    // so send them again in frame 1 and close it.
    codec.received(text('4095;0; 12 ;'), 1100);
    const frames = framesOf(codec.received(text('\r\n'), 2100));
    assert.equal(frames.length, 1);
    // 0.5 keV/channel: 4095 → 2047.5 keV (in 0-2048), 0 → 0 keV (in: the low edge counts), 12 → 6 keV.
    assert.equal(frames[0]?.counts, 3);
    assert.deepEqual(frames[0]?.pulseHeights?.channels, [
      { channel: 0, counts: 1 },
      { channel: 12, counts: 1 },
      { channel: 4095, counts: 1 },
    ]);
    assert.deepEqual(
      frames[0]?.spectrum?.kind === 'windows' ? frames[0].spectrum.windows.at(-1) : undefined,
      {
        lowKeV: 0,
        highKeV: 2048, // offset + 0.5 keV × 4096 channels
        counts: 3,
      },
    );
  });

  test('window edges: the low edge counts, the high edge does not; the total window starts at 0 keV at most', () => {
    // Offset −10 keV, 1 keV/channel: channel c is c − 10 keV. Window 100-110 keV = channels 110-119.
    // A second window, 200-210 keV, gets no event. The codec is opened at 5 s: frames are counted from there.
    const codec = createOgdCodec({
      ogdKeVPerChannel: 1,
      ogdOffsetKeV: -10,
      ogdWindowsKeV: '100-110,200-210',
    });
    codec.open(5000);
    codec.received(text('1;'), 5010); // frame 0 (not counted)
    codec.received(text('109;110;119;120;'), 6010);
    const frames = framesOf(codec.received(text('1;'), 7010));
    assert.equal(frames.length, 1);
    assert.equal(frames[0]?.startSeconds, 6);
    assert.equal(frames[0]?.durationSeconds, 1);
    const spectrum = frames[0]?.spectrum;
    assert.ok(spectrum?.kind === 'windows');
    assert.deepEqual(spectrum.windows, [
      { lowKeV: 100, highKeV: 110, counts: 2 },
      { lowKeV: 200, highKeV: 210, counts: 0 },
      { lowKeV: 0, highKeV: 4086, counts: 4 },
    ]);
    assert.equal(frames[0]?.counts, 2);
    assert.equal(frames[0]?.pulseHeights?.offsetKeV, -10);
    assert.equal(frames[0]?.pulseHeights?.keVPerChannel, 1);
    assert.equal(frames[0]?.pulseHeights?.channelCount, 4096);
  });

  test('a line without ";" is torn; blank lines are not; 33 bytes without ";" are garbage', () => {
    const codec = createOgdCodec(options);
    codec.open(0);
    const issues = (chunk: string) =>
      codec
        .received(text(chunk), 10)
        .filter((e) => e.type === 'issue')
        .map((e) => (e.type === 'issue' ? [e.issue.code, e.issue.message, e.issue.bytes] : []));
    assert.deepEqual(issues('123\r\n'), [['torn', 'a value without its ";"', 3]]);
    assert.deepEqual(issues('\r\n \r\n\n'), []);
    assert.deepEqual(issues(`${'1'.repeat(32)}`), []);
    assert.deepEqual(issues('1'), [['garbage', 'more than 32 bytes without ";"', 32]]);
    assert.deepEqual(issues('5;'), [], 'the long token was dropped: 5 is read on its own');
  });

  test('the Open Gamma Detector only listens: it never writes, and its frames are timed on the host', () => {
    const codec = createOgdCodec(options);
    assert.equal(codec.protocol, 'ogd');
    assert.equal(codec.frameTimeBase, 'host');
    assert.deepEqual(codec.open(0).writes, []);
    assert.deepEqual(codec.sent(text('x'), 1), []);
    assert.deepEqual(codec.tick(2), { events: [], writes: [] });
    assert.deepEqual(codec.close(), []);
    assert.deepEqual(codec.flush(3), []);
  });
});

// Firmware 4.2.0, github.com/OpenGammaProject/Open-Gamma-Detector software/ogd_pico/ogd_pico.ino (commit
// 0f41837) and software/ogd_pico/Helper.cpp (commit 67123df). Arduino's `println` ends a line with "\r\n".
describe('Open Gamma Detector firmware 4.2.0 output (software/ogd_pico)', () => {
  test('events mode: every second one line of the events since the last ("v;v;…;\\r\\n"), none in a second without events', () => {
    // ogd_pico.ino line 108 `OUT_REFRESH = 1000` and line 173 `Task dataOutputTask(OUT_REFRESH, …)`: dataOutput
    // runs once a second; lines 289-293: only if an event was buffered (`event_position > 0`), it prints
    // `String(events[index]) + ";"` for each and then `cleanPrintln()`.
    const codec = createOgdCodec(options); // 0.5 keV/channel, offset 0, window 126-154 keV = channels 252-307
    codec.open(0);
    const events = [
      ...codec.received(text('280;300;200;\r\n'), 1010), // closes frame 0 (the first, not counted)
      ...codec.received(text('280;252;308;\r\n'), 2010), // closes frame 1
      // no line at 3010: no event in that second
      ...codec.received(text('299;\r\n'), 4010), // closes frames 2 and 3
    ];
    assert.deepEqual(issueCodes(events), []);
    // Frame 1: 280 → 140 keV and 300 → 150 keV in the window, 200 → 100 keV out. Frame 2: 280 → 140 keV
    // and 252 → 126 keV (the low edge) in, 308 → 154 keV (the high edge) out. Frame 3: no event.
    assert.deepEqual(
      framesOf(events).map((f) => {
        const w = f.spectrum?.kind === 'windows' ? f.spectrum.windows : [];
        return [f.startSeconds, f.durationSeconds, f.counts, w.at(-1)?.counts, f.arrivalHostMs];
      }),
      [
        [1, 1, 2, 3, 2010],
        [2, 1, 2, 3, 4010],
        [3, 1, 0, 0, 4010],
      ],
    );
  });

  test('a message line ("[#] …", "[!] …": Helper.cpp lines 69-70) is never read as events', () => {
    // ogd_pico.ino line 254: a short press of the button prints "[#] Switched to geiger mode.".
    const codec = createOgdCodec(options);
    codec.open(0);
    const events = [
      ...codec.received(text('280;\r\n'), 10),
      ...codec.received(text('[#] Switched to geiger mode.\r\n'), 500),
      ...codec.received(text("[!] Invalid input 'x'.\r\n"), 600),
      ...codec.received(text('280;\r\n'), 1010),
    ];
    assert.equal(framesOf(events).length, 0, 'frame 0 is not counted');
    assert.deepEqual(
      events.flatMap((e) => (e.type === 'issue' ? [[e.issue.code, e.issue.bytes]] : [])),
      [
        ['torn', 28],
        ['torn', 22],
      ],
    );
    const frames = framesOf(codec.received(text('\r\n'), 2010));
    assert.deepEqual(
      frames.map((f) => f.pulseHeights?.channels),
      [[{ channel: 280, counts: 1 }]],
      'only the one event of frame 1',
    );
  });
});

// Geiger mode, from the firmware (4.3.1, software/ogd_pico/ogd_pico.ino at commit 94c949a): `eventInt` starts
// each event with `uint16_t mean = 0;` and measures it only `if (!conf.geiger_mode && !adc_lock)`, so in Geiger
// mode (`queryButton`: a short press toggles `conf.geiger_mode`; the shell's `set mode geiger`) every event is
// printed "0;". Counted as channel 0 they fall outside every photopeak window: frames of 0 counts while the
// detector counts — the silence a surgeon would read as "no tumour". The codec says so instead.
describe('Open Gamma Detector in Geiger mode (every event "0;")', () => {
  const zeros = (n: number) => `${'0;'.repeat(n)}\r\n`;

  test('ten events in a row at channel 0: a device fault, and no frames until an event has its energy again', () => {
    const codec = createOgdCodec(options); // window 126-154 keV = channels 252-307
    codec.open(0);
    const events = [
      ...codec.received(text('280;300;\r\n'), 10), // frame 0: not counted (the first)
      ...codec.received(text('280;300;200;\r\n'), 1010), // frame 1: 2 in the window
      ...codec.received(text(zeros(40)), 2010), // closes frame 1; Geiger mode from the 10th zero
      ...codec.received(text(zeros(40)), 3010), // closes frame 2: withheld
      ...codec.received(text('280;\r\n'), 4010), // closes frame 3 (withheld); energy again: device-ok
      ...codec.received(text('280;290;\r\n'), 5010), // closes frame 4: withheld (it began in Geiger mode)
      ...codec.received(text('300;\r\n'), 6010), // closes frame 5: 2 in the window
    ];
    assert.deepEqual(
      events
        .filter((e) => e.type === 'device-fault' || e.type === 'device-ok')
        .map((e) => [e.type, e.hostMs]),
      [
        ['device-fault', 2010],
        ['device-ok', 4010],
      ],
    );
    const fault = events.find((e) => e.type === 'device-fault');
    assert.match(
      fault?.type === 'device-fault' ? fault.reason : '',
      /^Geiger mode: every event comes as channel 0/,
    );
    assert.deepEqual(
      framesOf(events).map((f) => [f.startSeconds, f.counts]),
      [
        [1, 2],
        [5, 2],
      ],
    );
  });

  test('Geiger mode at a low rate: the run of zeros counts across frames, and frames after it are withheld', () => {
    const codec = createOgdCodec(options);
    codec.open(0);
    const events = [
      ...codec.received(text('280;\r\n'), 10), // frame 0: not counted (the first)
      ...codec.received(text(`280;${zeros(4)}`), 1010), // frame 1: 280 in the window, then 4 zeros
      ...codec.received(text(zeros(4)), 2010), // closes frame 1; frame 2: 8 zeros in a row, not yet 10
      ...codec.received(text(zeros(4)), 3010), // closes frame 2 (0 counts, sent); the 10th zero: Geiger mode
      ...codec.received(text(zeros(4)), 4010), // closes frame 3: withheld
      ...codec.received(text(zeros(4)), 5010), // closes frame 4: withheld
    ];
    assert.deepEqual(
      framesOf(events).map((f) => [f.startSeconds, f.counts]),
      [
        [1, 1],
        [2, 0],
      ],
    );
    assert.equal(events.filter((e) => e.type === 'device-fault').length, 1);
  });

  test('energy mode: an event at channel 0 now and then (the ADC locked) is no Geiger mode', () => {
    const codec = createOgdCodec(options);
    codec.open(0);
    const events = [
      ...codec.received(text('280;\r\n'), 10),
      ...codec.received(text(`${zeros(9).trim()}280;0;0;\r\n`), 1010), // nine zeros, then an energy
      ...codec.received(text('0;300;\r\n'), 2010),
    ];
    assert.equal(events.filter((e) => e.type === 'device-fault').length, 0);
    // Frame 1: 9 + 2 zeros (out of the window) and 280 (in); all 12 in the detector's whole range.
    assert.deepEqual(
      framesOf(events).map((f) => [
        f.startSeconds,
        f.counts,
        f.spectrum?.kind === 'windows' ? f.spectrum.windows.at(-1)?.counts : -1,
      ]),
      [[1, 1, 12]],
    );
  });
});

describe('Open Gamma Detector codec: seeded fuzz (fast-check, seed 2015)', () => {
  test('random and mutated event streams never throw; every frame is valid and its figures agree', () => {
    const chunkArb = fc.oneof(
      fc.array(fc.nat({ max: 4095 }), { maxLength: 20 }).map((cs) => cs.map((c) => `${c};\r\n`).join('')),
      fc.array(fc.nat({ max: 99999 }), { maxLength: 8 }).map((cs) => cs.map((c) => `${c};`).join(' ')),
      fc.string({ maxLength: 40 }),
      fc.uint8Array({ maxLength: 40 }).map((b) => String.fromCharCode(...b)),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 1500 }), chunk: chunkArb }), { maxLength: 40 }),
        (script) => {
          const codec = createOgdCodec({ ...options, ogdWindowsKeV: '126-154,200-260' });
          const events: CodecEvent[] = [...codec.open(0).events];
          let t = 0;
          for (const step of script) {
            t += step.gapMs;
            events.push(...codec.received(text(step.chunk), t));
          }
          assertValidFrames(events);
          for (const f of framesOf(events)) {
            assert.ok(f.spectrum?.kind === 'windows');
            const w = f.spectrum.windows;
            const all = w[w.length - 1]?.counts ?? -1;
            assert.equal(f.counts, (w[0]?.counts ?? 0) + (w[1]?.counts ?? 0));
            assert.ok(f.counts <= all);
            assert.equal(
              f.pulseHeights?.channels.reduce((a, c) => a + c.counts, 0),
              all,
            );
          }
        },
      ),
      { seed: 2015, numRuns: 400 },
    );
  });
});
