import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePreopPosition } from './preop-position.js';

describe('pre-op position boxes', () => {
  test('empty is no position; three numbers are a position (a decimal comma is read as a point)', () => {
    assert.deepEqual(parsePreopPosition(['', ' ', '']), { ok: true, positionCm: null });
    assert.deepEqual(parsePreopPosition(['-4.5', '12,25', '3']), { ok: true, positionCm: [-4.5, 12.25, 3] });
    assert.deepEqual(parsePreopPosition(['200', '-200', '0']), { ok: true, positionCm: [200, -200, 0] });
  });

  test('refusals name the axis and the problem', () => {
    const bad = (texts: [string, string, string]) => {
      const r = parsePreopPosition(texts);
      assert.equal(r.ok, false, JSON.stringify(texts));
      return r.ok ? '' : r.message;
    };
    assert.match(bad(['1', '', '3']), /all three coordinates or none — y \(head \+\) is empty/);
    assert.match(bad(['1', '2', 'abc']), /z \(anterior \+\) must be a number in cm \(got 'abc'\)/);
    assert.match(bad(['1e999', '2', '3']), /x \(left \+\) must be a number in cm/);
    assert.match(bad(['0x10', '2', '3']), /x \(left \+\) must be a number/);
    assert.match(bad(['1', '250', '3']), /y \(head \+\) must be within ±200 cm .* in mm rather than cm/);
  });
});
