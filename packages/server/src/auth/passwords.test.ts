// Password hashing: argon2id with OWASP's minimum (m = 19 MiB = 19 456 KiB, t = 2, p = 1; OWASP Password
// Storage Cheat Sheet), read back from the PHC string the hash is stored as (format of the argon2
// reference implementation: $argon2id$v=19$m=…,t=…,p=…$salt$hash, v=19 being version 0x13).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../errors.js';
import { hashPassword, verifyPassword } from './passwords.js';

const GOOD = 'correct horse battery';

test('a new password is hashed with argon2id, m = 19456 KiB, t = 2, p = 1, and a fresh salt', async () => {
  const a = await hashPassword(GOOD);
  const b = await hashPassword(GOOD);
  assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(a, b, 'each hash has its own salt');
  assert.equal(await verifyPassword(a, GOOD), true);
  assert.equal(await verifyPassword(a, `${GOOD} `), false);
});

test('a password the policy refuses is never hashed: a validation error naming the field and the rule', async () => {
  await assert.rejects(hashPassword('short'), (err: unknown) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 'validation');
    assert.equal(err.path, 'body.password');
    assert.equal(err.message, 'body.password: the password must be at least 12 characters');
    return true;
  });
  await assert.rejects(
    hashPassword('Station-jsmith-2026', { path: 'body.newPassword', username: 'jsmith' }),
    (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.path, 'body.newPassword');
      assert.equal(err.message, 'body.newPassword: the password must not contain the user name');
      return true;
    },
  );
  await assert.rejects(
    hashPassword('correct nunez staple', { displayName: 'Ana Nunez' }),
    /part of the user's display name \('Nunez'\)/,
  );
});

test('an unknown user costs a real argon2 verification, as a known one does (no user enumeration by time)', async () => {
  const real = await hashPassword(GOOD);
  await verifyPassword(undefined, GOOD); // the first call also makes the dummy hash
  const fastest = async (fn: () => Promise<unknown>) => {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await fn();
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const known = await fastest(() => verifyPassword(real, 'wrong password here'));
  const unknown = await fastest(() => verifyPassword(undefined, 'wrong password here'));
  // Both are one argon2id verification (m = 19 MiB, t = 2): milliseconds each. Skipping it would take
  // microseconds. The fastest of three is compared, since a loaded machine only makes calls slower.
  assert.ok(unknown > known / 4, `unknown user ${unknown.toFixed(2)} ms vs known ${known.toFixed(2)} ms`);
});

test('an unknown user or a malformed stored hash is a failed check, never an error or an open door', async () => {
  assert.equal(await verifyPassword(undefined, GOOD), false);
  assert.equal(await verifyPassword(undefined, GOOD), false, 'the second time reuses the dummy hash');
  assert.equal(await verifyPassword('not a hash', GOOD), false);
  assert.equal(await verifyPassword('', ''), false);
});
