// Who is calling, decided from the request alone: these tests give `authenticate` hand-made requests
// and a store that knows one token (by its SHA-256, as the real store keeps it), so each rule of
// authenticate.ts's head comment is checked on its own: Bearer header first, then the session cookie,
// a stale cookie = signed out, and a cookie-authenticated state change only from our own origin
// (RFC 6454 origin = scheme, host, port; default ports compare equal).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { Store } from '@openrgs/store';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { authenticate, bearerOf, resolveToken } from './authenticate.js';

const TOKEN = `rgs_${'Q'.repeat(43)}`;
const OTHER = `rgs_${'w'.repeat(43)}`;
const USER = { id: 'u-1', username: 'ana', displayName: null, role: 'surgeon', disabled: false };

/** A store that knows TOKEN only, looked up by its SHA-256 hex (computed here with node:crypto). */
function fakeStore() {
  const lookups: string[] = [];
  const known = createHash('sha256').update(TOKEN).digest('hex');
  const store = {
    users: {
      findActiveToken: async (hash: string) => {
        lookups.push(hash);
        return hash === known
          ? { user: USER, token: { id: 'tok-1', expiresAt: '2030-01-01T00:00:00.000Z' } }
          : undefined;
      },
    },
  } as unknown as Store;
  return { store, lookups };
}

function request(parts: {
  method?: string;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
}): FastifyRequest {
  return {
    method: parts.method ?? 'GET',
    headers: parts.headers ?? {},
    cookies: parts.cookies,
  } as unknown as FastifyRequest;
}

function refusal(fn: () => unknown): Promise<ApiError> {
  return (async () => {
    try {
      await fn();
    } catch (err) {
      assert.ok(err instanceof ApiError, String(err));
      return err;
    }
    assert.fail('expected an ApiError');
  })();
}

test('bearerOf: none without the header; the token of "Bearer <token>" (any case, any spacing)', async () => {
  assert.equal(bearerOf(request({})), undefined);
  assert.equal(bearerOf(request({ headers: { authorization: `Bearer ${TOKEN}` } })), TOKEN);
  assert.equal(bearerOf(request({ headers: { authorization: `bearer \t ${TOKEN}` } })), TOKEN);
  for (const bad of [
    `Basic ${TOKEN}`,
    'Bearer',
    'Bearer ',
    `Bearer ${TOKEN} extra`,
    `xBearer ${TOKEN}`,
    `Bearer${TOKEN}`,
  ]) {
    const err = await refusal(() => bearerOf(request({ headers: { authorization: bad } })));
    assert.equal(err.code, 'unauthenticated', bad);
    assert.equal(err.message, 'Authorization header must be "Bearer <token>"');
    assert.equal(err.path, 'header.authorization');
  }
});

test('resolveToken: the user, token id and expiry for a known token; null otherwise, without a lookup for a malformed one', async () => {
  const { store, lookups } = fakeStore();
  assert.deepEqual(await resolveToken(store, TOKEN, 'query'), {
    user: USER,
    tokenId: 'tok-1',
    expiresAt: '2030-01-01T00:00:00.000Z',
    via: 'query',
  });
  assert.equal(await resolveToken(store, OTHER, 'bearer'), null);
  assert.equal(lookups.length, 2);
  assert.equal(await resolveToken(store, 'not-a-token', 'bearer'), null);
  assert.equal(lookups.length, 2, 'a malformed token never reaches the database');
});

test('authenticate: a good bearer token; an unknown one is a 401 (not "signed out")', async () => {
  const { store } = fakeStore();
  const ok = await authenticate(request({ headers: { authorization: `Bearer ${TOKEN}` } }), store);
  assert.equal(ok?.via, 'bearer');
  assert.equal(ok?.user.username, 'ana');
  const err = await refusal(() =>
    authenticate(
      request({ headers: { authorization: `Bearer ${OTHER}` }, cookies: { rgs_session: TOKEN } }),
      store,
    ),
  );
  assert.equal(err.code, 'unauthenticated');
  assert.equal(err.message, 'the bearer token is unknown, expired or revoked; sign in again');
});

test('authenticate: no credentials → null; the session cookie → via cookie; a stale or empty cookie → null', async () => {
  const { store, lookups } = fakeStore();
  assert.equal(await authenticate(request({}), store), null);
  assert.equal(await authenticate(request({ cookies: {} }), store), null);
  assert.equal((await authenticate(request({ cookies: { rgs_session: TOKEN } }), store))?.via, 'cookie');
  assert.equal(
    await authenticate(request({ cookies: { other: TOKEN } }), store),
    null,
    'another cookie name',
  );
  assert.equal(await authenticate(request({ method: 'POST', cookies: { rgs_session: OTHER } }), store), null);
  // A stale cookie on a cross-site POST is "signed out" (null), not a refusal: nothing is authenticated.
  const stale = request({
    method: 'POST',
    cookies: { rgs_session: OTHER },
    headers: { host: 'h', origin: 'http://evil.example' },
  });
  assert.equal(await authenticate(stale, store), null);
  const before = lookups.length;
  assert.equal(await authenticate(request({ cookies: { rgs_session: '' } }), store), null);
  assert.equal(lookups.length, before);
});

test('a cookie-authenticated state change must come from our own origin (when an Origin is sent)', async () => {
  const { store } = fakeStore();
  const cookie = { rgs_session: TOKEN };
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    const same = request({
      method,
      cookies: cookie,
      headers: { host: 'or-3.local:8080', origin: 'http://or-3.local:8080' },
    });
    assert.equal((await authenticate(same, store))?.via, 'cookie', method);
    const cross = request({
      method,
      cookies: cookie,
      headers: { host: 'or-3.local:8080', origin: 'http://evil.example' },
    });
    const err = await refusal(() => authenticate(cross, store));
    assert.equal(err.code, 'forbidden', method);
    assert.equal(err.message, "cross-origin request from 'http://evil.example' refused");
    assert.equal(err.path, 'header.origin');
  }
  // Safe methods are not state changes: a cross-site GET is answered (SameSite keeps the cookie home).
  for (const method of ['GET', 'HEAD', 'OPTIONS']) {
    const cross = request({ method, cookies: cookie, headers: { host: 'h', origin: 'http://evil.example' } });
    assert.equal((await authenticate(cross, store))?.via, 'cookie', method);
  }
  // No Origin header (same-origin navigation, older clients): allowed.
  assert.equal(
    (await authenticate(request({ method: 'POST', cookies: cookie, headers: { host: 'h' } }), store))?.via,
    'cookie',
  );
});

test('same origin compares scheme, host and port as URLs do: http://h:80 is http://h', async () => {
  const { store } = fakeStore();
  const post = (origin: string, host?: string) =>
    authenticate(
      request({
        method: 'POST',
        cookies: { rgs_session: TOKEN },
        headers: host === undefined ? { origin } : { origin, host },
      }),
      store,
    );
  assert.equal((await post('http://h:80', 'h'))?.via, 'cookie');
  assert.equal((await post('http://h', 'h:80'))?.via, 'cookie');
  assert.equal((await post('https://h:443', 'h'))?.via, 'cookie');
  assert.equal((await post('HTTP://H', 'h'))?.via, 'cookie', 'scheme and host without case');
  assert.equal(
    (await refusal(() => post('https://h', 'h:80'))).code,
    'forbidden',
    'https default port is 443',
  );
  assert.equal((await refusal(() => post('http://h:8080', 'h'))).code, 'forbidden', 'another port');
  assert.equal((await refusal(() => post('http://h.evil', 'h'))).code, 'forbidden');
  assert.equal(
    (await refusal(() => post('http://h'))).code,
    'forbidden',
    'no Host header: not provably ours',
  );
  assert.equal(
    (await refusal(() => post('http://undefined'))).code,
    'forbidden',
    'not even to a host named "undefined"',
  );
  const bad = await refusal(() => post('null', 'h'));
  assert.equal(bad.code, 'forbidden');
  assert.equal(bad.message, "Origin 'null' is not a URL");
  assert.equal(bad.path, 'header.origin');
});

test('a bearer-authenticated request is not checked for origin (no ambient credential to abuse)', async () => {
  const { store } = fakeStore();
  const req = request({
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, host: 'h', origin: 'http://evil.example' },
  });
  assert.equal((await authenticate(req, store))?.via, 'bearer');
});
