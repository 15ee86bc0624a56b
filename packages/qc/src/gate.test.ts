import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { calendarDay, isValidTimeZone, qcGate } from './gate.js';

const ZONE = 'Europe/Madrid'; // UTC+1 in November
const NOW = Date.parse('2026-11-26T08:00:00+01:00');

describe('qcGate', () => {
  test('a passing check this morning: ok, no override', () => {
    const g = qcGate({
      checks: [{ id: 'a', checkedAt: '2026-11-26T07:30:00+01:00', result: 'pass' }],
      nowMs: NOW,
      timeZone: ZONE,
    });
    assert.equal(g.state, 'ok');
    assert.equal(g.requiresOverride, false);
    assert.equal(g.day, '2026-11-26');
  });

  test('a check at 23:30 yesterday (local) does not cover today, though it is only 8.5 h old', () => {
    const g = qcGate({
      checks: [{ id: 'a', checkedAt: '2026-11-25T23:30:00+01:00', result: 'pass' }],
      nowMs: NOW,
      timeZone: ZONE,
    });
    assert.equal(g.requiresOverride, true);
    assert.deepEqual(g.reasons, ['no-passing-check-today']);
  });

  test('the calendar day depends on the zone: New York (UTC−5) turns to the 26th at 05:00Z', () => {
    // 06:30Z = 01:30 on the 26th in New York; 04:30Z = 23:30 on the 25th there.
    assert.equal(calendarDay(Date.parse('2026-11-26T06:30:00Z'), 'America/New_York'), '2026-11-26');
    assert.equal(calendarDay(Date.parse('2026-11-26T04:30:00Z'), 'America/New_York'), '2026-11-25');
  });

  test('passed earlier today but the latest check failed: override required (last-check-failed)', () => {
    const g = qcGate({
      checks: [
        { id: 'a', checkedAt: '2026-11-26T07:00:00+01:00', result: 'pass' },
        { id: 'b', checkedAt: '2026-11-26T07:40:00+01:00', result: 'fail' },
      ],
      nowMs: NOW,
      timeZone: ZONE,
    });
    assert.equal(g.requiresOverride, true);
    assert.deepEqual(g.reasons, ['last-check-failed']);
    assert.equal(g.lastCheck?.id, 'b');
  });

  test('failed, then repeated and passed: ok; a warning today: caution without override', () => {
    const fixed = qcGate({
      checks: [
        { id: 'a', checkedAt: '2026-11-26T07:00:00+01:00', result: 'fail' },
        { id: 'b', checkedAt: '2026-11-26T07:20:00+01:00', result: 'pass' },
      ],
      nowMs: NOW,
      timeZone: ZONE,
    });
    assert.equal(fixed.state, 'ok');
    const warned = qcGate({
      checks: [{ id: 'a', checkedAt: '2026-11-26T07:00:00+01:00', result: 'warn' }],
      nowMs: NOW,
      timeZone: ZONE,
    });
    assert.equal(warned.state, 'caution');
    assert.equal(warned.requiresOverride, false);
  });

  test('two checks stamped the same minute: the one recorded later (later in the list) is the last', () => {
    const at = '2026-11-26T07:00:00+01:00';
    const g = qcGate({
      checks: [
        { id: 'a', checkedAt: at, result: 'fail' },
        { id: 'b', checkedAt: at, result: 'pass' },
      ],
      nowMs: NOW,
      timeZone: ZONE,
    });
    assert.equal(g.lastCheck?.id, 'b');
    assert.equal(g.state, 'ok');
  });

  test('never checked, and a check stamped in the future does not count', () => {
    assert.deepEqual(qcGate({ checks: [], nowMs: NOW, timeZone: ZONE }).reasons, ['no-check-ever']);
    const future = qcGate({
      checks: [{ id: 'a', checkedAt: '2026-11-26T09:00:00+01:00', result: 'pass' }],
      nowMs: NOW,
      timeZone: ZONE,
    });
    assert.equal(future.requiresOverride, true);
  });

  test('time zone names are validated', () => {
    assert.equal(isValidTimeZone('Europe/Madrid'), true);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
  });
});
