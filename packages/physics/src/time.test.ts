import assert from 'node:assert/strict';
import { test } from 'node:test';
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
      assert.equal(r.issue.code, 'invalid_time');
      assert.ok(r.issue.message.includes(`'${bad}'`), r.issue.message);
    }
  }
});
