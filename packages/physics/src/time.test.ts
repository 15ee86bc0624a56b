import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messagesOf } from '@openrgs/outcome';
import { parseInstant } from './index.js';

test('ISO-8601 instants with a zone parse to epoch ms', () => {
  assert.deepEqual(parseInstant('2026-11-26T08:30:00+01:00'), {
    ok: true,
    value: Date.UTC(2026, 10, 26, 7, 30),
  });
  assert.deepEqual(parseInstant('2026-11-26T07:30Z'), { ok: true, value: Date.UTC(2026, 10, 26, 7, 30) });
  assert.deepEqual(parseInstant('2026-11-26T07:30:00.250Z'), {
    ok: true,
    value: Date.UTC(2026, 10, 26, 7, 30, 0, 250),
  });
});

test('no zone, no date, impossible dates → invalid_time naming the text', () => {
  for (const bad of [
    '2026-11-26T08:30:00',
    '2026-11-26',
    'yesterday',
    '2026-02-30T08:00:00Z',
    '2026-13-01T00:00Z',
    '',
  ]) {
    const r = parseInstant(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) {
      assert.equal(r.issues[0]?.code, 'invalid_time');
      assert.ok(messagesOf(r.issues).includes(`'${bad}'`), messagesOf(r.issues));
    }
  }
});

test('calendar edges: first and last valid values pass, one past them fails (Gregorian calendar)', () => {
  // Hand-worked: 2024 is a leap year (divisible by 4, not by 100), 2025 is not; April has 30 days.
  const ok: Array<[string, number]> = [
    ['2026-01-01T00:00Z', Date.UTC(2026, 0, 1)],
    ['2026-12-31T23:59:59Z', Date.UTC(2026, 11, 31, 23, 59, 59)],
    ['2024-02-29T12:00Z', Date.UTC(2024, 1, 29, 12)],
    ['2026-04-30T00:00Z', Date.UTC(2026, 3, 30)],
    ['  2026-01-01T00:00Z  ', Date.UTC(2026, 0, 1)],
  ];
  for (const [text, ms] of ok) assert.deepEqual(parseInstant(text), { ok: true, value: ms }, text);
  for (const bad of [
    '2026-00-10T00:00Z',
    '2026-01-00T00:00Z',
    '2025-02-29T00:00Z',
    '2026-04-31T00:00Z',
    '2026-01-01T24:00Z',
    '2026-01-01T23:60Z',
    '2026-01-01T23:59:60Z',
  ]) {
    assert.deepEqual(parseInstant(bad), {
      ok: false,
      issues: [{ kind: 'invalid', code: 'invalid_time', message: `'${bad}' is not a valid date and time` }],
    });
  }
});

test('text around the instant, or a zone offset no clock has, is refused', () => {
  for (const bad of ['x2026-01-01T00:00Z', '2026-01-01T00:00Zx', 'at 2026-01-01T00:00Z']) {
    const r = parseInstant(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.match(messagesOf(r.issues), /is not an ISO-8601 time with a zone/);
  }
  // The pattern admits +99:00; Date.parse does not (offsets are at most ±23:59).
  assert.deepEqual(parseInstant('2026-01-01T00:00+99:00'), {
    ok: false,
    issues: [
      {
        kind: 'invalid',
        code: 'invalid_time',
        message: "'2026-01-01T00:00+99:00' is not a valid date and time",
      },
    ],
  });
});
