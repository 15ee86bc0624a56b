// Issue 14 point 5: "at least one enabled administrator remains" holds under concurrent requests.
// Two administrators; each round both are disabled (or demoted) by two simultaneous PATCH requests.
// Before the check moved into the store's transaction, 8 of 10 rounds on SQLite and 6 of 6 on
// PostgreSQL left no enabled administrator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Store } from '@openrgs/store';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { hashPassword } from './auth/passwords.js';
import { as, errorOf, PASSWORD, type TestApp, testApp } from './test-support.js';

const system = { userId: null, username: 'test' };

for (const engine of TEST_ENGINES) {
  describe(`last administrator under concurrency on ${engine}`, () => {
    let t: TestApp;
    let ids: { a: string; b: string };
    before(async () => {
      t = await testApp(engine, { withUsers: false });
      const passwordHash = await hashPassword(PASSWORD);
      const a = await t.store.users.create(system, { username: 'admin-a', role: 'admin', passwordHash });
      const b = await t.store.users.create(system, { username: 'admin-b', role: 'admin', passwordHash });
      ids = { a: a.id, b: b.id };
    });
    after(() => t.close());

    async function login(username: string): Promise<string> {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: PASSWORD },
      });
      assert.equal(res.statusCode, 200, res.body);
      return (res.json() as { token: string }).token;
    }

    async function enabledAdmins(): Promise<number> {
      return (await t.store.users.list()).filter((u) => u.role === 'admin' && !u.disabled).length;
    }

    for (const change of [{ disabled: true }, { role: 'viewer' }] as const) {
      test(`10 rounds of two simultaneous PATCH ${JSON.stringify(change)} leave one enabled administrator`, async () => {
        for (let round = 0; round < 10; round++) {
          await t.store.users.update(system, ids.a, { role: 'admin', disabled: false });
          await t.store.users.update(system, ids.b, { role: 'admin', disabled: false });
          const tokenA = await login('admin-a');
          const tokenB = await login('admin-b');
          // Even rounds: each administrator disables itself (the loser's token stays valid, so it must be
          // refused with 409). Odd rounds: each disables the other.
          const self = round % 2 === 0;
          const [ra, rb] = await Promise.all([
            t.app.inject({
              method: 'PATCH',
              url: `/api/users/${self ? ids.a : ids.b}`,
              headers: as(tokenA),
              payload: change,
            }),
            t.app.inject({
              method: 'PATCH',
              url: `/api/users/${self ? ids.b : ids.a}`,
              headers: as(tokenB),
              payload: change,
            }),
          ]);
          assert.equal(await enabledAdmins(), 1, `round ${round}: ${ra.statusCode} ${rb.statusCode}`);
          const codes = [ra.statusCode, rb.statusCode].sort();
          assert.equal(codes[0], 200, `round ${round}: one request succeeds`);
          const loser = ra.statusCode === 200 ? rb : ra;
          // The loser was refused by the invariant (409), or, when it was signed in as the account the
          // winner had just disabled before it got through authentication, by that (401).
          if (self || loser.statusCode !== 401) {
            assert.equal(loser.statusCode, 409, `round ${round}: ${loser.body}`);
            const error = errorOf(loser);
            assert.match(error.message, /last enabled administrator/);
            assert.equal(error.path, 'disabled' in change ? 'body.disabled' : 'body.role');
          }
        }
      });
    }

    test('the last enabled administrator cannot disable or demote itself', async () => {
      await t.store.users.update(system, ids.a, { role: 'admin', disabled: false });
      await t.store.users.update(system, ids.b, { role: 'admin', disabled: true });
      const token = await login('admin-a');
      for (const payload of [{ disabled: true }, { role: 'physicist' }]) {
        const res = await t.app.inject({
          method: 'PATCH',
          url: `/api/users/${ids.a}`,
          headers: as(token),
          payload,
        });
        assert.equal(res.statusCode, 409, res.body);
      }
      assert.equal(await enabledAdmins(), 1);
    });

    test('the store refuses it too, for callers other than the API (concurrent direct updates)', async () => {
      for (let round = 0; round < 10; round++) {
        await t.store.users.update(system, ids.a, { role: 'admin', disabled: false });
        await t.store.users.update(system, ids.b, { role: 'admin', disabled: false });
        const results = await Promise.allSettled([
          t.store.users.update(system, ids.a, { disabled: true }),
          t.store.users.update(system, ids.b, { role: 'surgeon' }),
        ]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, `round ${round}`);
        const refused = results.find((r) => r.status === 'rejected');
        assert.equal((refused?.reason as { code?: string } | undefined)?.code, 'conflict');
        assert.equal(await enabledAdmins(), 1);
      }
    });

    test('two processes (two connections) racing on the same database keep the invariant', async () => {
      const other = await Store.open(t.temp.target);
      try {
        for (let round = 0; round < 10; round++) {
          await t.store.users.update(system, ids.a, { role: 'admin', disabled: false });
          await t.store.users.update(system, ids.b, { role: 'admin', disabled: false });
          const results = await Promise.allSettled([
            t.store.users.update(system, ids.a, { disabled: true }),
            other.users.update(system, ids.b, { disabled: true }),
          ]);
          assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, `round ${round}`);
          const refused = results.find((r) => r.status === 'rejected');
          assert.equal(
            (refused?.reason as { code?: string } | undefined)?.code,
            'conflict',
            String(refused?.reason),
          );
          assert.equal(await enabledAdmins(), 1);
        }
      } finally {
        await other.close();
      }
    });
  });
}
