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
    assert.deepEqual(parseWindowsKeV('100-200,150-250'), { ok: false, error: 'energy windows overlap' });
    const codec = createOgdCodec({});
    assert.equal(codec.open(0).events[0]?.type, 'fatal');
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
