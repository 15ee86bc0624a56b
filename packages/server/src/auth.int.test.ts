import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_ENGINES } from '@openrgs/store/testing';
import { hashPassword } from './auth/passwords.js';
import { DURABLE_RULE } from './routes/auth.js';
import { createAppWithStore } from './server.js';
import { as, errorOf, PASSWORD, type TestApp, testApp } from './test-support.js';

for (const engine of TEST_ENGINES) {
  describe(`first-run setup on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(engine, { withUsers: false });
    });
    after(async () => t.close());

    test('setup creates the first admin once, signs them in, then refuses', async () => {
      assert.deepEqual((await t.app.inject({ url: '/api/setup' })).json(), { needed: true });
      // The one-time code `rgs serve` prints: 4 groups of 5 Crockford base32 characters (100 bits).
      assert.match(t.setupToken ?? '', /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
      const without = await t.app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { username: 'Chief', password: 'a long enough secret' },
      });
      assert.equal(without.statusCode, 400);
      assert.equal(errorOf(without).path, 'body.setupToken');
      assert.match(errorOf(without).message, /setup code `rgs serve` printed/);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: {
          setupToken: 'AAAAA-AAAAA-AAAAA-AAAAA',
          username: 'Chief',
          password: 'a long enough secret',
        },
      });
      assert.equal(wrong.statusCode, 403);
      assert.equal(errorOf(wrong).path, 'body.setupToken');
      assert.match(errorOf(wrong).message, /setup code is wrong/);
      assert.equal(await t.store.users.count(), 0, 'a wrong code creates nobody');
      // Typed as read: lower case, without dashes, O for 0 — still the code.
      const typed = (t.setupToken ?? '').toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
      const body = { setupToken: typed, username: 'Chief', password: 'a long enough secret' };
      const [a, b] = await Promise.all([
        t.app.inject({ method: 'POST', url: '/api/setup', payload: body }),
        t.app.inject({ method: 'POST', url: '/api/setup', payload: { ...body, username: 'other' } }),
      ]);
      const statuses = [a.statusCode, b.statusCode].sort();
      assert.deepEqual(statuses, [201, 409], 'two racing setups: exactly one wins');
      const winner = a.statusCode === 201 ? a : b;
      const created = winner.json() as { token: string; user: { role: string; username: string } };
      assert.equal(created.user.role, 'admin');
      assert.match(String(winner.headers['set-cookie']), /rgs_session=.*HttpOnly.*SameSite=Strict/i);
      const me = await t.app.inject({ url: '/api/auth/me', headers: as(created.token) });
      assert.equal(me.statusCode, 200);
      assert.ok((me.json() as { permissions: string[] }).permissions.includes('user:manage'));
      assert.deepEqual((await t.app.inject({ url: '/api/setup' })).json(), { needed: false });
      const late = await t.app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { ...body, username: 'late' },
      });
      assert.equal(late.statusCode, 409);
      assert.match(errorOf(late).message, /sign in/);
      assert.equal(await t.store.users.count(), 1);
    });
  });

  describe(`authentication and roles on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(engine);
    });
    after(async () => t.close());

    test('no token → 401 naming what to send; a garbage bearer → 401', async () => {
      const none = await t.app.inject({ url: '/api/cases' });
      assert.equal(none.statusCode, 401);
      assert.match(errorOf(none).message, /Authorization: Bearer/);
      const bad = await t.app.inject({ url: '/api/cases', headers: { authorization: 'Bearer rgs_nope' } });
      assert.equal(bad.statusCode, 401);
    });

    test('roles: viewer changes nothing, physicist cannot create cases, only admin manages users', async () => {
      const viewer = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: as(t.tokens.viewer),
        payload: { label: 'x' },
      });
      assert.equal(viewer.statusCode, 403);
      assert.match(errorOf(viewer).message, /viewer.*case:write/);
      const physicist = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: as(t.tokens.physicist),
        payload: { label: 'x' },
      });
      assert.equal(physicist.statusCode, 403);
      for (const role of ['surgeon', 'nuclear-medicine', 'physicist', 'viewer']) {
        const res = await t.app.inject({ url: '/api/users', headers: as(t.tokens[role]) });
        assert.equal(res.statusCode, 403, role);
      }
      assert.equal((await t.app.inject({ url: '/api/users', headers: as(t.tokens.admin) })).statusCode, 200);
    });

    test('identifying patient data: only with patient-identity:read, and each read is audited', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: as(t.tokens.surgeon),
        payload: { pseudonym: 'NET-0001', identity: { familyName: "O'Brien", givenName: 'Ana' } },
      });
      assert.equal(created.statusCode, 201, created.body);
      const id = (created.json() as { id: string }).id;
      assert.equal((created.json() as { identity?: unknown }).identity, undefined);
      const denied = await t.app.inject({
        url: `/api/patients/${id}?include=identity`,
        headers: as(t.tokens.physicist),
      });
      assert.equal(denied.statusCode, 403);
      const plain = await t.app.inject({ url: `/api/patients/${id}`, headers: as(t.tokens.physicist) });
      assert.equal(plain.statusCode, 200);
      assert.equal((plain.json() as { identity?: unknown }).identity, undefined);
      const full = await t.app.inject({
        url: `/api/patients/${id}?include=identity`,
        headers: as(t.tokens.surgeon),
      });
      assert.equal((full.json() as { identity: { familyName: string } }).identity.familyName, "O'Brien");
      const audit = await t.store.audit.list({ entityId: id, limit: 10 });
      assert.deepEqual(
        audit.map((r) => r.action),
        ['patient.create', 'patient-identity.read'],
      );
      assert.doesNotMatch(
        JSON.stringify(audit),
        /O'Brien/,
        'the audit log keeps which fields changed, not the names',
      );
    });

    test('logout revokes the token; a disabled user loses their sessions', async () => {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'u-viewer', password: PASSWORD },
      });
      const token = (login.json() as { token: string }).token;
      assert.equal((await t.app.inject({ url: '/api/auth/me', headers: as(token) })).statusCode, 200);
      assert.equal(
        (await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: as(token) })).statusCode,
        204,
      );
      assert.equal((await t.app.inject({ url: '/api/auth/me', headers: as(token) })).statusCode, 401);

      const login2 = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'u-viewer', password: PASSWORD },
      });
      const token2 = (login2.json() as { token: string; user: { id: string } }).token;
      const userId = (login2.json() as { user: { id: string } }).user.id;
      const disable = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${userId}`,
        headers: as(t.tokens.admin),
        payload: { disabled: true },
      });
      assert.equal(disable.statusCode, 200, disable.body);
      assert.equal((await t.app.inject({ url: '/api/auth/me', headers: as(token2) })).statusCode, 401);
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'u-viewer', password: PASSWORD },
      });
      assert.equal(again.statusCode, 401);
    });

    test('the last admin cannot be demoted', async () => {
      const me = (await t.app.inject({ url: '/api/auth/me', headers: as(t.tokens.admin) })).json() as {
        user: { id: string };
      };
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${me.user.id}`,
        headers: as(t.tokens.admin),
        payload: { role: 'viewer' },
      });
      assert.equal(res.statusCode, 409);
      assert.equal(errorOf(res).path, 'body.role');
    });

    test('API tokens: created once, usable as bearer, revocable', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/auth/tokens',
        headers: as(t.tokens.physicist),
        payload: { label: 'qc script', expiresInDays: 30 },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { token, record } = created.json() as { token: string; record: { id: string } };
      assert.equal((await t.app.inject({ url: '/api/probes', headers: as(token) })).statusCode, 200);
      const revoked = await t.app.inject({
        method: 'DELETE',
        url: `/api/auth/tokens/${record.id}`,
        headers: as(t.tokens.physicist),
      });
      assert.equal(revoked.statusCode, 200);
      assert.equal((await t.app.inject({ url: '/api/probes', headers: as(token) })).statusCode, 401);
    });

    test('the session cookie authenticates the console; a cross-origin state change is refused', async () => {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'u-surgeon', password: PASSWORD },
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
      assert.equal(me.statusCode, 200);
      const same = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: { cookie, origin: 'http://localhost:80', host: 'localhost:80' },
        payload: { label: 'by cookie' },
      });
      assert.equal(same.statusCode, 201, same.body);
      const cross = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: { cookie, origin: 'https://evil.example', host: 'localhost:80' },
        payload: { label: 'csrf' },
      });
      assert.equal(cross.statusCode, 403);
      assert.equal(errorOf(cross).path, 'header.origin');
    });

    test('login is rate-limited per address and username, with Retry-After', async () => {
      const wrong = { username: 'u-admin', password: 'wrong password!' };
      for (let i = 0; i < 5; i += 1) {
        const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: wrong });
        assert.equal(res.statusCode, 401);
      }
      const limited = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'u-admin', password: PASSWORD },
      });
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      const failures = await t.store.audit.list({ entityType: 'user', limit: 1000 });
      assert.ok(failures.filter((r) => r.action === 'auth.login-failed').length >= 5);
    });

    test('failed sign-ins per username count across addresses and restarts (from the audit log): a slow-down; success is audited', async () => {
      const target = 'u-durable';
      await t.store.users.create(
        { userId: null, username: 'test' },
        { username: target, role: 'viewer', passwordHash: await hashPassword(PASSWORD) },
      );
      // Ten wrong passwords from ten addresses: no address reaches its own limit of five.
      for (let i = 0; i < DURABLE_RULE.free; i += 1) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: `10.0.0.${i + 1}`,
          payload: { username: target, password: 'wrong password!' },
        });
        assert.equal(res.statusCode, 401, res.body);
      }
      // A fresh server on the same store (a restart, or another process) slows the right password too
      // (its clock held at the last failure: the first delay is 1 s).
      const atLastFailure = Date.now();
      const { app: restarted } = await createAppWithStore(t.store, {
        now: () => new Date(atLastFailure),
        sources: [],
        consoleDir: '/nonexistent-console-dist',
        logError: () => {},
      });
      try {
        const refused = await restarted.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress: '10.0.1.1',
          payload: { username: target.toUpperCase(), password: PASSWORD },
        });
        assert.equal(refused.statusCode, 429, refused.body);
        assert.match(errorOf(refused).message, /\(from any address\): try again in 1 s/);
        const retryAfter = Number(refused.headers['retry-after']);
        assert.ok(retryAfter > 0 && retryAfter <= DURABLE_RULE.baseMs / 1000, `Retry-After ${retryAfter}`);
      } finally {
        await restarted.close();
      }
      // Another user is not affected; a successful sign-in is in the audit log.
      const other = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.0.2.1',
        payload: { username: 'u-surgeon', password: PASSWORD },
      });
      assert.equal(other.statusCode, 200, other.body);
      const records = await t.store.audit.list({ entityType: 'user', limit: 10_000 });
      assert.ok(records.some((r) => r.action === 'auth.login' && r.actor.username === 'u-surgeon'));
    });

    test('security headers on every answer; the audit log has no route that changes it', async () => {
      const res = await t.app.inject({ url: '/api/health' });
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(res.headers['cache-control'], 'no-store');
      for (const method of ['PATCH', 'PUT', 'DELETE', 'POST'] as const) {
        const r = await t.app.inject({ method, url: '/api/audit', headers: as(t.tokens.admin), payload: {} });
        assert.equal(r.statusCode, 404, method);
      }
    });

    test('OpenAPI document lists the contract routes with their schemas', async () => {
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
        openapi: string;
        paths: Record<
          string,
          Record<
            string,
            {
              requestBody?: {
                content: {
                  'application/json': { schema: { required?: string[]; additionalProperties?: boolean } };
                };
              };
            }
          >
        >;
      };
      assert.equal(doc.openapi, '3.1.0');
      for (const path of [
        '/api/auth/login',
        '/api/cases',
        '/api/cases/{id}',
        '/api/cases/{id}/measurements',
        '/api/audit',
        '/api/stations',
        '/api/live',
      ]) {
        assert.ok(doc.paths[path], path);
      }
      const schema =
        doc.paths['/api/cases/{id}/measurements']?.post?.requestBody?.content['application/json'].schema;
      assert.deepEqual(schema?.required?.sort(), [
        'counts',
        'durationSeconds',
        'kind',
        'measuredAt',
        'siteLabel',
      ]);
      assert.equal(schema?.additionalProperties, false);
    });

    test('the console: placeholder page when unbuilt, JSON 404 under /api', async () => {
      const page = await t.app.inject({ url: '/cases/123' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /npm run build -w @openrgs\/console/);
      const api = await t.app.inject({ url: '/api/nothing-here' });
      assert.equal(api.statusCode, 404);
      assert.equal(errorOf(api).code, 'not-found');
    });
  });
}
