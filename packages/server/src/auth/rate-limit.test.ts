// The login throttle's arithmetic, checked against hand-worked schedules (the rule in the file's head:
// `free` failures without delay, then baseMs, 2·baseMs, 4·baseMs, … capped at maxMs, counted from the
// last failure; a key forgotten after forgetAfterMs without a failure). The clock is a variable here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type BackoffRule,
  backoffMs,
  DEFAULT_THROTTLE,
  LoginThrottle,
  type RateLimitOptions,
} from './rate-limit.js';

const RULE: BackoffRule = { free: 5, baseMs: 1000, maxMs: 15 * 60_000 };

test('backoffMs: nothing for the free failures, then 1 s, 2 s, 4 s … up to the cap', () => {
  // failures 0..4 are free; the 5th (index = free) is the first beyond them: 1000 · 2^0.
  for (let f = 0; f < 5; f += 1) assert.equal(backoffMs(f, RULE), 0, `${f} failures`);
  assert.equal(backoffMs(5, RULE), 1000);
  assert.equal(backoffMs(6, RULE), 2000);
  assert.equal(backoffMs(7, RULE), 4000);
  // 1000 · 2^9 = 512 000 ms < 900 000; 1000 · 2^10 = 1 024 000 ms > 900 000 → the cap.
  assert.equal(backoffMs(14, RULE), 512_000);
  assert.equal(backoffMs(15, RULE), 900_000);
  assert.equal(backoffMs(1000, RULE), 900_000);
});

test('backoffMs: the exponent stops at 30, so a huge count never overflows to Infinity', () => {
  const uncapped: BackoffRule = { free: 0, baseMs: 1, maxMs: Number.POSITIVE_INFINITY };
  assert.equal(backoffMs(30, uncapped), 2 ** 30);
  assert.equal(backoffMs(31, uncapped), 2 ** 30);
  assert.equal(backoffMs(5000, uncapped), 2 ** 30);
  assert.equal(backoffMs(0, uncapped), 1);
});

test('the defaults are the documented ones: 5 per address+username, 20 per address, 15 min cap, forget after 1 h', () => {
  assert.deepEqual(DEFAULT_THROTTLE.perUser, { free: 5, baseMs: 1000, maxMs: 900_000 });
  assert.deepEqual(DEFAULT_THROTTLE.perAddress, { free: 20, baseMs: 1000, maxMs: 900_000 });
  assert.equal(DEFAULT_THROTTLE.forgetAfterMs, 3_600_000);
  assert.equal(DEFAULT_THROTTLE.now, undefined);
});

/** A throttle on a clock the test moves. */
function throttle(options: Partial<RateLimitOptions> = {}) {
  const clock = { ms: 1_000_000 };
  const t = new LoginThrottle({ ...DEFAULT_THROTTLE, ...options, now: () => clock.ms });
  return { t, clock };
}

test('per address and username: five failures are free, the sixth attempt waits 1 s, then 2 s', () => {
  const { t, clock } = throttle();
  for (let i = 0; i < 4; i += 1) t.fail('10.0.0.1', 'ana');
  assert.equal(t.retryAfterSeconds('10.0.0.1', 'ana'), 0, 'four failures: no delay');
  t.fail('10.0.0.1', 'ana');
  // 5 failures: backoff 1000 ms from the last failure, which is now.
  assert.equal(t.retryAfterSeconds('10.0.0.1', 'ana'), 1);
  clock.ms += 999;
  assert.equal(t.retryAfterSeconds('10.0.0.1', 'ana'), 1, '1 ms left rounds up to 1 s');
  clock.ms += 1;
  assert.equal(t.retryAfterSeconds('10.0.0.1', 'ana'), 0, 'exactly at the end of the delay');
  t.fail('10.0.0.1', 'ana'); // 6 failures: 2000 ms
  clock.ms += 500;
  assert.equal(t.retryAfterSeconds('10.0.0.1', 'ana'), 2, '1500 ms left rounds up to 2 s');
  // Other usernames from the same address and the same username elsewhere are not slowed.
  assert.equal(t.retryAfterSeconds('10.0.0.1', 'ben'), 0);
  assert.equal(t.retryAfterSeconds('10.0.0.2', 'ana'), 0);
});

test('per address across usernames: twenty failures are free (password spraying), then 1 s', () => {
  const { t } = throttle();
  for (let i = 0; i < 19; i += 1) t.fail('10.0.0.9', `user${i}`);
  assert.equal(t.retryAfterSeconds('10.0.0.9', 'someone-new'), 0);
  t.fail('10.0.0.9', 'user19');
  assert.equal(t.retryAfterSeconds('10.0.0.9', 'someone-new'), 1);
  assert.equal(t.retryAfterSeconds('10.0.0.8', 'someone-new'), 0, 'another address is not slowed');
});

test('the longer of the two delays wins', () => {
  // perUser allows 1 failure, then 10 s; perAddress allows 2, then 60 s.
  const { t } = throttle({
    perUser: { free: 1, baseMs: 10_000, maxMs: 1e9 },
    perAddress: { free: 2, baseMs: 60_000, maxMs: 1e9 },
  });
  t.fail('a', 'x');
  assert.equal(t.retryAfterSeconds('a', 'x'), 10, 'user key: 1 failure ≥ free 1 → 10 s; address: free');
  t.fail('a', 'y');
  // user key a|x still 1 failure (10 s, from the first failure, same instant); address key 2 → 60 s.
  assert.equal(t.retryAfterSeconds('a', 'x'), 60);
  assert.equal(t.retryAfterSeconds('a', 'z'), 60);
});

test('failures are forgotten after forgetAfterMs without a new one (the boundary still counts)', () => {
  const { t, clock } = throttle({ perUser: { free: 1, baseMs: 10 * 3_600_000, maxMs: 1e12 } });
  t.fail('a', 'x'); // one failure, free 1: a 10 h delay, to show it is the forgetting that ends it
  clock.ms += 3_600_000;
  assert.equal(t.retryAfterSeconds('a', 'x'), 9 * 3600, 'exactly 1 h later the failure is still kept');
  clock.ms += 1;
  assert.equal(t.retryAfterSeconds('a', 'x'), 0, 'past 1 h it is forgotten');
  // A forgotten key starts counting afresh: one failure, not two.
  t.fail('a', 'x');
  assert.equal(t.retryAfterSeconds('a', 'x'), 10 * 3600);
});

test('a forgotten key is dropped when next looked at, so the count restarts at one', () => {
  const { t, clock } = throttle({ perUser: { free: 1, baseMs: 1000, maxMs: 1e9 } });
  t.fail('a', 'x');
  t.fail('a', 'x'); // 2 failures: 1000 · 2^1 = 2 s
  assert.equal(t.retryAfterSeconds('a', 'x'), 2);
  clock.ms += 3_600_001;
  t.fail('a', 'x'); // the old state is forgotten: 1 failure → 1 s, not 3 failures → 4 s
  assert.equal(t.retryAfterSeconds('a', 'x'), 1);
});

test('a success clears the address+username count but not the address count, and marks the address known', () => {
  const { t, clock } = throttle({
    perUser: { free: 1, baseMs: 1000, maxMs: 1e9 },
    perAddress: { free: 1, baseMs: 5000, maxMs: 1e9 },
  });
  t.fail('a', 'x');
  assert.equal(t.retryAfterSeconds('a', 'x'), 5);
  assert.equal(t.isKnown('a', 'x'), false);
  t.succeed('a', 'x');
  assert.equal(t.retryAfterSeconds('a', 'x'), 5, 'the address key stays');
  assert.equal(t.isKnown('a', 'x'), true);
  assert.equal(t.isKnown('b', 'x'), false, 'known is per address');
  assert.equal(t.isKnown('a', 'y'), false, 'and per username');
  clock.ms += 5000;
  assert.equal(t.retryAfterSeconds('a', 'x'), 0);
  t.fail('a', 'x'); // the user key was cleared: this is its first failure again (1 s); address: 2nd (10 s)
  assert.equal(t.retryAfterSeconds('a', 'x'), 10);
  t.succeed('a', 'x');
  t.fail('a', 'y');
  t.fail('a', 'y');
  // a|y has 2 failures: 2 s. The address has 4: 5 s · 2^3 = 40 s. a|x was cleared: its key gives nothing.
  assert.equal(t.retryAfterSeconds('a', 'y'), 40);
});

test('a success forgets the address+username failures: the next failure is the first again', () => {
  const { t, clock } = throttle({
    perUser: { free: 1, baseMs: 1000, maxMs: 1e9 },
    perAddress: { free: 100, baseMs: 1000, maxMs: 1e9 },
  });
  t.fail('a', 'x');
  t.fail('a', 'x');
  t.fail('a', 'x'); // 3 failures: 1000 · 2^2 = 4 s
  assert.equal(t.retryAfterSeconds('a', 'x'), 4);
  t.succeed('a', 'x');
  assert.equal(t.retryAfterSeconds('a', 'x'), 0);
  t.fail('a', 'x'); // 1 failure: 1 s, not 4 failures: 8 s
  assert.equal(t.retryAfterSeconds('a', 'x'), 1);
  clock.ms += 2500; // 1.5 s past the delay: 0, never a negative wait
  assert.equal(t.retryAfterSeconds('a', 'x'), 0);
});

test('a known address stays known for 30 days from its last success, not a moment longer', () => {
  const { t, clock } = throttle();
  t.succeed('a', 'x');
  clock.ms += 30 * 86_400_000 - 1;
  assert.equal(t.isKnown('a', 'x'), true);
  t.succeed('a', 'x'); // renews
  clock.ms += 30 * 86_400_000 - 1;
  assert.equal(t.isKnown('a', 'x'), true);
  clock.ms += 1;
  assert.equal(t.isKnown('a', 'x'), false, 'exactly 30 days: no longer known');
});

test("an administrator's unlock clears that username's keys at every address, only those", () => {
  const { t } = throttle({ perUser: { free: 1, baseMs: 1000, maxMs: 1e9 } });
  t.fail('a', 'ana');
  t.fail('b', 'ana');
  t.fail('c', 'hana'); // ends in "ana" but is another user
  t.fail('d', 'ana2');
  assert.equal(t.unlock('ana'), 2);
  assert.equal(t.retryAfterSeconds('a', 'ana'), 0);
  assert.equal(t.retryAfterSeconds('b', 'ana'), 0);
  assert.equal(t.retryAfterSeconds('c', 'hana'), 1, 'hana is not unlocked');
  assert.equal(t.retryAfterSeconds('d', 'ana2'), 1, 'ana2 is not unlocked');
  assert.equal(t.unlock('ana'), 0, 'nothing left to clear');
});

test('unlock leaves the per-address keys (they are not one user’s)', () => {
  const { t } = throttle({
    perUser: { free: 100, baseMs: 1000, maxMs: 1e9 },
    perAddress: { free: 1, baseMs: 1000, maxMs: 1e9 },
  });
  t.fail('a', 'ana');
  assert.equal(t.unlock('ana'), 1);
  assert.equal(t.retryAfterSeconds('a', 'ana'), 1, 'the address key a: is still there');
});

test('unlock of a user whose name looks like an address key touches only user keys', () => {
  // `a:x` keys end with the address; an address named "|ana" would end with "|ana" too.
  const { t } = throttle({
    perUser: { free: 100, baseMs: 1000, maxMs: 1e9 },
    perAddress: { free: 1, baseMs: 1000, maxMs: 1e9 },
  });
  t.fail('z|ana', 'bob');
  assert.equal(t.unlock('ana'), 0, 'neither u:z|ana|bob nor a:z|ana is a key of user ana');
  assert.equal(t.retryAfterSeconds('z|ana', 'bob'), 1);
});

test('at most 100 000 keys are kept: the oldest failures are dropped first', () => {
  // Only the address+username keys are observed here (the per-address rule never delays).
  const { t } = throttle({
    perUser: { free: 1, baseMs: 1000, maxMs: 1e9 },
    perAddress: { free: 1000, baseMs: 1000, maxMs: 1e9 },
  });
  // Each failure from a new address adds two keys (u:… then a:…). 50 000 addresses → 100 000 keys.
  for (let i = 0; i < 50_000; i += 1) t.fail(`addr${i}`, 'x');
  assert.equal(t.retryAfterSeconds('addr0', 'x'), 1, 'at the limit nothing is dropped');
  t.fail('addr1', 'x'); // moves addr1's keys to the newest end; no new key
  assert.equal(t.retryAfterSeconds('addr0', 'x'), 1);
  t.fail('addr-new', 'x'); // 100 002 keys: the two oldest, addr0's, go
  assert.equal(t.retryAfterSeconds('addr0', 'x'), 0, 'the oldest address is forgotten');
  assert.equal(t.retryAfterSeconds('addr1', 'x'), 2, 'addr1 failed again lately: kept, 2 failures');
  assert.equal(t.retryAfterSeconds('addr2', 'x'), 1, 'the next oldest is kept');
  assert.equal(t.retryAfterSeconds('addr-new', 'x'), 1);
});

test('at most 100 000 known addresses are kept: the oldest success is dropped first', () => {
  const { t } = throttle();
  for (let i = 0; i < 100_000; i += 1) t.succeed(`addr${i}`, 'x');
  assert.equal(t.isKnown('addr0', 'x'), true, 'at the limit nothing is dropped');
  t.succeed('addr0', 'x'); // renewed: now the newest
  t.succeed('addr-new', 'x');
  assert.equal(t.isKnown('addr0', 'x'), true, 'renewed, so not the oldest');
  assert.equal(t.isKnown('addr1', 'x'), false, 'the oldest is forgotten');
  assert.equal(t.isKnown('addr2', 'x'), true);
  assert.equal(t.isKnown('addr-new', 'x'), true);
});

test('the real clock is used when none is given', () => {
  const t = new LoginThrottle({ ...DEFAULT_THROTTLE, perUser: { free: 0, baseMs: 60_000, maxMs: 60_000 } });
  t.fail('a', 'x');
  // Date.now() moved by at most a few ms: 60 s minus that, rounded up, is 60.
  assert.equal(t.retryAfterSeconds('a', 'x'), 60);
  const fresh = new LoginThrottle();
  fresh.succeed('a', 'x');
  assert.equal(fresh.isKnown('a', 'x'), true);
});
