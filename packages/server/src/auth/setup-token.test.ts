// The first-run setup code: 20 characters of Crockford's base32 (alphabet from
// https://www.crockford.com/base32.html: the digits and the letters without I, L, O, U) in groups of
// five, compared without case, dashes or spaces, reading O as 0 and I, L as 1 (Crockford's decoding
// rule for those look-alikes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkChosenSetupToken, newSetupToken, normaliseSetupToken, SetupGate } from './setup-token.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

test('a new code is four groups of five Crockford base32 characters, using the whole alphabet', () => {
  const used = new Set<string>();
  const codes = new Set<string>();
  for (let i = 0; i < 100; i += 1) {
    const code = newSetupToken();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    for (const ch of code.replaceAll('-', '')) used.add(ch);
    codes.add(code);
  }
  assert.equal(codes.size, 100);
  // 2000 characters drawn uniformly from 32: the chance that one given character never appears is
  // (31/32)^2000 ≈ 3e-28.
  assert.deepEqual([...used].sort().join(''), CROCKFORD);
});

test('normalising: upper case, no dashes or spaces, O → 0, I and L → 1', () => {
  assert.equal(normaliseSetupToken('abcde-fghjk'), 'ABCDEFGHJK');
  assert.equal(normaliseSetupToken(' ab cd\t-ef '), 'ABCDEF');
  assert.equal(normaliseSetupToken('oOiIlL'), '001111');
  assert.equal(normaliseSetupToken('--'), '');
  assert.equal(normaliseSetupToken('a_b'), 'A_B', 'only dashes and whitespace are dropped');
});

test('a chosen code needs 16 characters besides dashes and spaces', () => {
  assert.equal(checkChosenSetupToken('0123456789ABCDEF'), null);
  assert.equal(
    checkChosenSetupToken('0123-4567-89AB-CDE'),
    'must be at least 16 characters (dashes and spaces not counted)',
  );
  assert.equal(checkChosenSetupToken('0123 4567 89AB CDEF'), null);
  assert.notEqual(checkChosenSetupToken('0123456789ABCDE'), null);
});

test('the gate matches the code however it is typed, refuses others, and is spent after setup', () => {
  const gate = new SetupGate('7K3QZ-M9PXA-0RT4V-B1HWN');
  assert.equal(gate.code, '7K3QZ-M9PXA-0RT4V-B1HWN');
  assert.equal(gate.matches('7K3QZ-M9PXA-0RT4V-B1HWN'), true);
  assert.equal(gate.matches('7k3qz m9pxa oRT4V bLHWN'), true, 'lower case, spaces, O for 0, L for 1');
  assert.equal(gate.matches('7K3QZM9PXA0RT4VB1HWN'), true);
  assert.equal(gate.matches('7K3QZ-M9PXA-0RT4V-B1HWM'), false, 'last character differs');
  assert.equal(gate.matches('7K3QZ-M9PXA-0RT4V-B1HW'), false, 'one character short');
  assert.equal(gate.matches('7K3QZ-M9PXA-0RT4V-B1HWNN'), false, 'one character long');
  assert.equal(gate.matches(''), false);
  gate.spend();
  assert.equal(gate.code, null);
  assert.equal(gate.matches('7K3QZ-M9PXA-0RT4V-B1HWN'), false, 'a spent code opens nothing');
  const none = new SetupGate(null);
  assert.equal(none.matches(''), false, 'no code: nothing matches, not even an empty one');
});
