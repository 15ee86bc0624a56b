// Bearer tokens: their shape (prefix + 32 random bytes in base64url, RFC 4648 §5: 43 characters without
// padding), the SHA-256 that is stored (checked against FIPS 180-2's published digests), and the cheap
// shape check that runs before any database lookup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashToken, looksLikeToken, newToken, SESSION_COOKIE, TOKEN_PREFIX } from './tokens.js';

test('names: the token prefix and the session cookie', () => {
  assert.equal(TOKEN_PREFIX, 'rgs_');
  assert.equal(SESSION_COOKIE, 'rgs_session');
});

test('a new token is rgs_ and 43 base64url characters (32 bytes = 256 bits), different every time', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i += 1) {
    const token = newToken();
    assert.match(token, /^rgs_[A-Za-z0-9_-]{43}$/);
    // 43 base64url characters carry 258 bits; the last one carries the 32nd byte's last 4 bits and 2
    // zero bits (RFC 4648 §5), so its value is a multiple of 4: A E I M Q U Y c g k o s w 0 4 8.
    assert.match(token.slice(-1), /^[AEIMQUYcgkosw048]$/);
    assert.equal(Buffer.from(token.slice(4), 'base64url').length, 32);
    seen.add(token);
  }
  assert.equal(seen.size, 200);
});

test('hashToken is SHA-256 in lower-case hex (FIPS 180-2 Appendix B.1 and the empty message)', () => {
  assert.equal(hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(hashToken(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('looksLikeToken: exactly rgs_ and 43 base64url characters', () => {
  const body = 'A'.repeat(20) + 'z9_-' + 'b'.repeat(19);
  assert.equal(body.length, 43);
  assert.equal(looksLikeToken(`rgs_${body}`), true);
  assert.equal(looksLikeToken(newToken()), true);
  assert.equal(looksLikeToken(`rgs_${body.slice(1)}`), false, '42 characters');
  assert.equal(looksLikeToken(`rgs_${body}x`), false, '44 characters');
  assert.equal(looksLikeToken(`RGS_${body}`), false, 'prefix is lower case');
  assert.equal(looksLikeToken(`xrgs_${body.slice(1)}`), false, 'something before the prefix');
  assert.equal(looksLikeToken(`xrgs_${body}`), false, 'a valid token with something before it');
  assert.equal(looksLikeToken(`rgs_${body}`.slice(0, -1)), false);
  assert.equal(looksLikeToken(`rgs_${body.slice(1)}+`), false, '+ is base64, not base64url');
  assert.equal(looksLikeToken(`rgs_${body.slice(1)}=`), false, 'no padding');
  assert.equal(looksLikeToken(`rgs_${body.slice(0, 42)} `), false, 'no space');
  assert.equal(looksLikeToken(`rgs_${body}\n`), false, 'no trailing newline');
  assert.equal(looksLikeToken(''), false);
});
