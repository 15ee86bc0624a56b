// Login protection (issue 14 points 10, 14) after OWASP ASVS v4 2.2.1 and NIST SP 800-63B §5.2.2:
// failures slow the next attempt with a delay that doubles and expires — the right password is never
// locked out for good, also not after a restart; addresses that signed in lately are spared the
// per-account delay; an administrator can lift it; X-Forwarded-For counts only from --trusted-proxy;
// common passwords, one character repeated and whitespace-only passwords are refused with a reason.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from './auth/passwords.js';
import { backoffMs } from './auth/rate-limit.js';
import { DURABLE_RULE } from './routes/auth.js';
import { createAppWithStore } from './server.js';
import { as, errorOf, PASSWORD, type TestApp, testApp } from './test-support.js';

describe('login throttling (sqlite)', () => {
  let t: TestApp;
  let offsetMs = 0;
  const login = (username: string, password: string, remoteAddress = '10.1.0.1', headers = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers,
      payload: { username, password },
    });
  const addUser = async (username: string) =>
    t.store.users.create(
      { userId: null, username: 'test' },
      { username, role: 'viewer', passwordHash: await hashPassword(PASSWORD) },
    );
  before(async () => {
    t = await testApp('sqlite', { now: () => new Date(Date.now() + offsetMs) });
  });
  after(async () => t.close());

  test('the backoff doubles from the first failure past the free ones and is capped', () => {
    const rule = { free: 5, baseMs: 1000, maxMs: 60_000 };
    assert.deepEqual(
      [4, 5, 6, 7, 8, 20].map((n) => backoffMs(n, rule)),
      [0, 1000, 2000, 4000, 8000, 60_000],
    );
  });

  test('per address and user: five failures, then 1 s, 2 s, …; the right password works once the wait is over', async () => {
    await addUser('u-slow');
    for (let i = 0; i < 5; i += 1) assert.equal((await login('u-slow', 'wrong password!')).statusCode, 401);
    const slowed = await login('u-slow', PASSWORD);
    assert.equal(slowed.statusCode, 429);
    assert.equal(slowed.headers['retry-after'], '1');
    assert.match(
      errorOf(slowed).message,
      /from this address: try again in 1 s; each further failure doubles/,
    );
    // Another address is not slowed by this one's failures.
    assert.equal((await login('u-slow', PASSWORD, '10.1.0.2')).statusCode, 200);
    offsetMs += 1100;
    assert.equal((await login('u-slow', 'wrong password!')).statusCode, 401); // the sixth failure
    const doubled = await login('u-slow', PASSWORD);
    assert.equal(doubled.statusCode, 429);
    assert.equal(doubled.headers['retry-after'], '2');
    offsetMs += 2100;
    assert.equal((await login('u-slow', PASSWORD)).statusCode, 200, 'the right password after the wait');
  });

  test('per account across addresses and restarts: a slow-down that expires; known addresses and an admin unlock lift it', async () => {
    const user = await addUser('u-spray');
    // The account's own workstation signed in before the attack.
    assert.equal((await login('u-spray', PASSWORD, '10.2.0.1')).statusCode, 200);
    for (let i = 0; i < DURABLE_RULE.free + 2; i += 1) {
      assert.equal((await login('u-spray', 'wrong password!', `10.3.0.${i + 1}`)).statusCode, 401);
    }
    // A restart (another app on the same store), its clock held at the moment of the last failure: how
    // long the restart itself takes on a loaded machine must not use up the 4 s wait being tested.
    const attackEndedAtMs = Date.now();
    const { app: restarted } = await createAppWithStore(t.store, {
      now: () => new Date(attackEndedAtMs + offsetMs),
      sources: [],
      consoleDir: '/nonexistent-console-dist',
      logError: () => {},
    });
    try {
      const inject = (address: string) =>
        restarted.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: address,
          payload: { username: 'u-spray', password: PASSWORD },
        });
      const refused = await inject('10.4.0.1');
      assert.equal(refused.statusCode, 429, refused.body);
      assert.match(errorOf(refused).message, /\(from any address\): try again in [1-4] s/);
      // Twelve failures, ten free: 4 s after the last one — and no longer.
      offsetMs += backoffMs(DURABLE_RULE.free + 2, DURABLE_RULE) + 200;
      assert.equal((await inject('10.4.0.1')).statusCode, 200, 'never locked out for good');
    } finally {
      await restarted.close();
    }
    // Back to the store's clock (audit rows are stamped with real time).
    offsetMs = 0;
    // The workstation that signed in before is spared the per-account delay of a new attack: past
    // the free failures the attacker's new addresses are slowed (429, not even tried).
    for (let i = 0; i < DURABLE_RULE.free + 3; i += 1) {
      const res = await login('u-spray', 'wrong password!', `10.5.0.${i + 1}`);
      assert.equal(res.statusCode, i < DURABLE_RULE.free ? 401 : 429, `attempt ${i + 1}`);
    }
    assert.equal((await login('u-spray', PASSWORD, '10.6.0.1')).statusCode, 429);
    assert.equal((await login('u-spray', PASSWORD, '10.2.0.1')).statusCode, 200, 'known address');
    // Attack again from one address and a few others; an administrator lifts the slow-down at once
    // (audited); a viewer may not.
    for (let i = 0; i < 5; i += 1) await login('u-spray', 'wrong password!', '10.8.0.1');
    for (let i = 0; i < DURABLE_RULE.free - 4; i += 1) {
      await login('u-spray', 'wrong password!', `10.7.0.${i + 1}`);
    }
    assert.equal((await login('u-spray', PASSWORD, '10.8.0.1')).statusCode, 429);
    assert.equal((await login('u-spray', PASSWORD, '10.6.0.2')).statusCode, 429);
    const denied = await t.app.inject({
      method: 'POST',
      url: `/api/users/${user.id}/unlock`,
      headers: as(t.tokens.viewer),
    });
    assert.equal(denied.statusCode, 403);
    const unlock = await t.app.inject({
      method: 'POST',
      url: `/api/users/${user.id}/unlock`,
      headers: as(t.tokens.admin),
    });
    assert.equal(unlock.statusCode, 200, unlock.body);
    const lifted = unlock.json() as { username: string; addressesCleared: number };
    assert.equal(lifted.username, 'u-spray');
    assert.ok(lifted.addressesCleared >= 1, `${lifted.addressesCleared} addresses`);
    assert.equal((await login('u-spray', PASSWORD, '10.8.0.1')).statusCode, 200, 'after the unlock');
    assert.equal((await login('u-spray', PASSWORD, '10.6.0.2')).statusCode, 200, 'from anywhere');
    const audit = await t.store.audit.list({ entityType: 'user', entityId: user.id, limit: 1000 });
    assert.ok(audit.some((r) => r.action === 'auth.unlock' && r.actor.username === 'u-admin'));
  });

  test('X-Forwarded-For counts only from a trusted proxy', async () => {
    await addUser('u-proxied');
    await addUser('u-behind');
    // Without --trusted-proxy the header is ignored: everyone behind 10.9.0.1 is one address.
    for (let i = 0; i < 5; i += 1) {
      await login('u-proxied', 'wrong password!', '10.9.0.1', { 'x-forwarded-for': `192.0.2.${i + 1}` });
    }
    const ignored = await login('u-proxied', PASSWORD, '10.9.0.1', { 'x-forwarded-for': '192.0.2.99' });
    assert.equal(ignored.statusCode, 429);
    const proxied = await createAppWithStore(t.store, {
      now: () => new Date(Date.now() + offsetMs),
      trustedProxies: ['10.9.0.0/24'],
      sources: [],
      consoleDir: '/nonexistent-console-dist',
      logError: () => {},
    });
    try {
      const via = (forwarded: string, password: string, peer = '10.9.0.1') =>
        proxied.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: peer,
          headers: { 'x-forwarded-for': forwarded },
          payload: { username: 'u-behind', password },
        });
      for (let i = 0; i < 5; i += 1) await via('192.0.2.1', 'wrong password!');
      assert.equal((await via('192.0.2.1', PASSWORD)).statusCode, 429, 'the attacker behind the proxy');
      assert.equal((await via('192.0.2.2', PASSWORD)).statusCode, 200, 'a colleague behind the same proxy');
      // From an untrusted peer the header is still ignored.
      for (let i = 0; i < 5; i += 1) await via('192.0.2.3', 'wrong password!', '10.10.0.1');
      assert.equal((await via('192.0.2.4', PASSWORD, '10.10.0.1')).statusCode, 429);
    } finally {
      await proxied.app.close();
    }
  });

  test('new passwords: 12 characters for everyone; common ones, one character repeated, spaces only refused', async () => {
    const cases: [string, RegExp][] = [
      ['password12', /at least 12 characters/],
      ['aaaaaaaaaaaa', /one character repeated/],
      [' '.repeat(12), /only spaces/],
      ['password1234', /most common passwords/],
      ['qwertyuiop12', /most common passwords/],
      ['iloveyou1234!', /common password \('iloveyou'\) with digits or symbols added/],
      ['abcabcabcabc', /short pattern repeated/],
    ];
    for (const [password, message] of cases) {
      const create = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: as(t.tokens.admin),
        payload: { username: 'u-new', role: 'viewer', password },
      });
      assert.equal(create.statusCode, 400, `${JSON.stringify(password)}: ${create.body}`);
      assert.equal(errorOf(create).path, 'body.password');
      assert.match(errorOf(create).message, message);
    }
    const change = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: as(t.tokens.surgeon),
      payload: { currentPassword: PASSWORD, newPassword: 'u-surgeon-2024' },
    });
    assert.equal(change.statusCode, 400);
    assert.equal(errorOf(change).path, 'body.newPassword');
    assert.match(errorOf(change).message, /user name/);
    const good = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: as(t.tokens.admin),
      payload: { username: 'u-new', role: 'viewer', password: 'amber lantern 42' },
    });
    assert.equal(good.statusCode, 201, good.body);
  });
});
