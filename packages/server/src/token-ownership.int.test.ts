// Revoking an API token is for its owner (or an admin): another user learns nothing about it — the
// answer is the same 404 as for a token that does not exist — and the token keeps working.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { as, errorOf, type TestApp, testApp } from './test-support.js';

for (const engine of TEST_ENGINES) {
  describe(`token revocation checks ownership on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(engine);
    });
    after(async () => t.close());

    test("another user cannot revoke someone's token; its owner and an admin can", async () => {
      const create = async (label: string) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/auth/tokens',
          headers: as(t.tokens.physicist),
          payload: { label, expiresInDays: 30 },
        });
        assert.equal(res.statusCode, 201, res.body);
        return res.json() as { token: string; record: { id: string } };
      };
      const works = async (token: string) =>
        (await t.app.inject({ url: '/api/probes', headers: as(token) })).statusCode === 200;

      const first = await create('qc script');
      const intruder = await t.app.inject({
        method: 'DELETE',
        url: `/api/auth/tokens/${first.record.id}`,
        headers: as(t.tokens.surgeon),
      });
      assert.equal(intruder.statusCode, 404);
      assert.equal(errorOf(intruder).path, 'params.tokenId');
      assert.ok(await works(first.token), 'the token still works after a refused revocation');

      const ended: unknown[] = [];
      const off = t.sessions.on((end) => ended.push(end));
      const byAdmin = await t.app.inject({
        method: 'DELETE',
        url: `/api/auth/tokens/${first.record.id}`,
        headers: as(t.tokens.admin),
      });
      assert.equal(byAdmin.statusCode, 200);
      const revoked = byAdmin.json() as { id: string; label: string; revokedAt: string | null };
      assert.equal(revoked.id, first.record.id);
      assert.equal(revoked.label, 'qc script');
      assert.match(revoked.revokedAt ?? '', /^\d{4}-\d\d-\d\dT/);
      assert.equal(await works(first.token), false);
      // Whoever holds it open (a live WebSocket) is told at once; the audit names the admin who revoked it.
      assert.deepEqual(ended, [{ kind: 'token', tokenId: first.record.id, reason: 'revoke' }]);
      off();
      const audit = await t.store.audit.list({ entityId: first.record.id, limit: 10 });
      assert.deepEqual(
        audit.map((a) => [a.action, a.actor.username]),
        [
          ['auth.token-create', 'u-physicist'],
          ['auth.token-revoke', 'u-admin'],
        ],
      );

      const second = await create('export script');
      const byOwner = await t.app.inject({
        method: 'DELETE',
        url: `/api/auth/tokens/${second.record.id}`,
        headers: as(t.tokens.physicist),
      });
      assert.equal(byOwner.statusCode, 200);
      assert.equal(await works(second.token), false);

      // A token that does not exist: the same answer as another user's.
      const missing = '00000000-0000-4000-8000-000000000000';
      const none = await t.app.inject({
        method: 'DELETE',
        url: `/api/auth/tokens/${missing}`,
        headers: as(t.tokens.admin),
      });
      assert.equal(none.statusCode, 404);
      assert.deepEqual(errorOf(none), {
        code: 'not-found',
        message: `token '${missing}' does not exist`,
        path: 'params.tokenId',
      });
      assert.equal(errorOf(intruder).message, `token '${first.record.id}' does not exist`);
    });
  });
}
