// Edges of the OpenRGS line codec that the first Stryker run (2026-12-03) showed untested: each case below
// is worked by hand from docs/openrgs-line-protocol.md (section named in the test).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { feed, framesOf, text } from '../test-support.js';
import type { CodecEvent } from '../types.js';
import { createOpenRgsCodec } from './openrgs.js';
import { encodeOpenRgsLine as line } from './openrgs-line.js';

const H = (fields: Record<string, string | number>) =>
  line('HELLO', { v: 1, id: 'a', model: 'b', ...fields });
const c = (s: number, t: number, n: number, extra: Record<string, string | number> = {}) =>
  line('C', { s, t, d: 100000, n, ...extra });
const decode = (stream: string, at = 0) => feed(createOpenRgsCodec(), [{ at, bytes: text(stream) }]);
/** Issues as [code, message, hostMs, bytes?]. */
const issuesShown = (events: readonly CodecEvent[]) =>
  events.flatMap((e) =>
    e.type === 'issue'
      ? [
          [
            e.issue.code,
            e.issue.message,
            e.issue.hostMs,
            ...(e.issue.bytes === undefined ? [] : [e.issue.bytes]),
          ],
        ]
      : [],
  );

describe('OpenRGS line codec: HELLO and C edges (§3)', () => {
  test('decimal low edges with two decimals: win=126.25-154.5, hist=64:20.25:10', () => {
    const windows = decode(H({ win: '126.25-154.5' }) + c(1, 0, 3, { w: '3' }));
    assert.deepEqual(issuesShown(windows), []);
    assert.deepEqual(framesOf(windows)[0]?.spectrum, {
      kind: 'windows',
      windows: [{ lowKeV: 126.25, highKeV: 154.5, counts: 3 }],
    });
    const hist = decode(H({ hist: '64:20.25:10' }) + c(1, 0, 1, { h: '3:1' }));
    assert.deepEqual(issuesShown(hist), []);
    assert.deepEqual(framesOf(hist)[0]?.spectrum, {
      kind: 'histogram',
      binCount: 64,
      lowKeV: 20.25,
      binWidthKeV: 10,
      bins: [{ bin: 3, counts: 1 }],
    });
  });

  test('h= from a device that declared no hist= is refused (without w= too)', () => {
    const events = decode(H({}) + c(1, 0, 1, { h: '3:1' }), 2);
    assert.deepEqual(issuesShown(events), [['malformed', 'h= without a HELLO hist= (or with w=)', 2]]);
    assert.equal(framesOf(events).length, 0);
  });

  test('a bad histogram entry is quoted to its first 20 characters', () => {
    // '3:' and 20 digits: the count is above 2^32 − 1; the message shows '3:' and the first 18 digits.
    const events = decode(H({ hist: '64:20:10' }) + c(1, 0, 1, { h: `3:${'1'.repeat(20)}` }), 2);
    assert.deepEqual(issuesShown(events), [
      ['malformed', `histogram entry '3:${'1'.repeat(18)}' is not an ascending bin:count`, 2],
    ]);
  });

  test('BAT and STAT sequence numbers stop at 2^32 − 1 like C (§5)', () => {
    const events = decode(
      H({}) +
        line('BAT', { s: 4294967296, mv: 3700 }) +
        line('STAT', { s: 4294967296, code: 'ok' }) +
        line('BAT', { s: 4294967295, mv: 3700 }) +
        line('STAT', { s: 0, code: 'ok' }),
      3,
    );
    assert.deepEqual(issuesShown(events), [
      ['malformed', 'BAT line needs s= and optional mv= (mV), pct= (0-100), low= (0|1)', 3],
      ['malformed', 'STAT line needs s= and code= (ok or a fault word)', 3],
    ]);
    assert.deepEqual(
      events.filter((e) => e.type === 'battery' || e.type === 'device-ok').map((e) => e.type),
      ['battery', 'device-ok'],
      '4294967295 is accepted, and 0 follows it (the wrap)',
    );
  });
});

describe('OpenRGS line codec: framing edges (§2, §8)', () => {
  test('an over-long line ends at its LF: noise after it is garbage, not more of the long line', () => {
    // '$', 'C ' and 5000 'x': 5003 bytes before the LF, all dropped; then 'xy' outside any line.
    const events = decode(`${H({})}$C ${'x'.repeat(5000)}\nxy${c(1, 0, 2)}`, 4);
    assert.deepEqual(issuesShown(events), [
      ['line-too-long', 'line longer than 2048 bytes', 4, 5003],
      ['garbage', '2 bytes outside any line', 4, 2],
    ]);
    assert.equal(framesOf(events).length, 1);
  });

  test('a lone "$" is a torn line of 1 byte, whether a "$", an LF or the end of input follows', () => {
    assert.deepEqual(issuesShown(decode(`$${H({})}`, 1)), [
      ['torn', "line cut after 1 bytes by a new '$'", 1, 1],
    ]);
    assert.deepEqual(issuesShown(decode(`$\n${H({})}`, 1)), [
      ['torn', "line of 1 bytes has no '*CRC' ending", 1, 1],
    ]);
    const codec = createOpenRgsCodec();
    assert.deepEqual(issuesShown(codec.received(text('$'), 1)), []);
    assert.deepEqual(issuesShown(codec.flush(2)), [
      ['torn', 'line cut after 1 bytes by the end of input', 2, 1],
    ]);
  });

  test('the lines the host sends give no events', () => {
    const codec = createOpenRgsCodec();
    assert.deepEqual(codec.sent(text('$HOST v=1*A42C\r\n'), 0), []);
    assert.deepEqual(codec.sent(text('$STOP*AF2E\r\n'), 1), []);
  });
});
