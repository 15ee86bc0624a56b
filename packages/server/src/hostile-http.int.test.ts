// HTTP edges against hostile or careless clients (issue 14 points 13, 15): every answer — Fastify's
// own router and connection errors, library errors, ours — has the one documented error shape;
// requests naming a host that is not ours get 421; an empty PATCH and a GET with a body get 400.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ErrorBody } from '@openrgs/api';
import { as, type TestApp, testApp } from './test-support.js';

/** Sends raw bytes and returns the whole answer (status line, headers, body). */
function raw(port: number, text: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => {
      out += d.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = out.split('\r\n\r\n', 2);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body });
    });
    socket.write(text);
    setTimeout(() => socket.end(), 300);
  });
}

function shape(body: string): ErrorBody['error'] {
  return ErrorBody.parse(JSON.parse(body)).error;
}

describe('HTTP edges (sqlite)', () => {
  let t: TestApp;
  let port: number;
  before(async () => {
    t = await testApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
  });
  after(async () => t.close());

  test('a Host that is not loopback, an IP address or allowed → 421 naming the host; loopback and IPs pass', async () => {
    const evil = await raw(
      port,
      'GET /api/health HTTP/1.1\r\nHost: rebind.evil.example\r\nConnection: close\r\n\r\n',
    );
    assert.equal(evil.status, 421);
    const error = shape(evil.body);
    assert.equal(error.code, 'misdirected-request');
    assert.equal(error.path, 'header.host');
    assert.match(error.message, /rebind\.evil\.example.*--allowed-hosts/);
    // DNS rebinding reaches the setup route the same way: refused before any handler.
    const setup = await raw(
      port,
      'POST /api/setup HTTP/1.1\r\nHost: rebind.evil.example:8080\r\nContent-Type: application/json\r\n' +
        'Content-Length: 2\r\nConnection: close\r\n\r\n{}',
    );
    assert.equal(setup.status, 421);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, '192.168.1.20:8080']) {
      const ok = await raw(port, `GET /api/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      assert.equal(ok.status, 200, host);
    }
    const none = await raw(port, 'GET /api/health HTTP/1.0\r\n\r\n');
    assert.equal(none.status, 400);
    assert.equal(shape(none.body).path, 'header.host');
  });

  test('--allowed-hosts: a listed name is answered and may open the WebSocket from its origin', async () => {
    const { AllowedHosts, originAllowed } = await import('./http/hosts.js');
    const allowed = new AllowedHosts(['rgs.hospital.example', 'or.example:8443']);
    assert.equal(allowed.allows('rgs.hospital.example'), true);
    assert.equal(allowed.allows('RGS.hospital.example:8080'), true);
    assert.equal(allowed.allows('or.example:8443'), true);
    assert.equal(allowed.allows('or.example:80'), false);
    assert.equal(allowed.allows('evil.example'), false);
    assert.equal(allowed.allows('localhost:8080'), true);
    assert.equal(new AllowedHosts(['*']).allows('anything.example'), true);
    assert.throws(() => new AllowedHosts(['http://x/y']), /not a host name/);
    const req = (host: string, origin?: string) =>
      ({ headers: { host, ...(origin ? { origin } : {}) } }) as Parameters<typeof originAllowed>[0];
    assert.equal(originAllowed(req('127.0.0.1:8080', 'http://127.0.0.1:8080'), allowed).ok, true);
    assert.equal(originAllowed(req('127.0.0.1:8080', 'http://127.0.0.1:9999'), allowed).ok, false);
    assert.equal(originAllowed(req('127.0.0.1:8080', 'https://rgs.hospital.example'), allowed).ok, true);
    assert.equal(originAllowed(req('evil.example', 'http://evil.example'), allowed).ok, false);
    assert.equal(originAllowed(req('127.0.0.1:8080', 'null'), allowed).ok, false);
    assert.equal(originAllowed(req('127.0.0.1:8080'), allowed).ok, true, 'no Origin: not a browser');
  });

  test("Fastify's own answers have the documented shape: bad URL, long segment, huge headers, malformed request", async () => {
    const badUrl = await raw(
      port,
      'GET /api/cases/%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    );
    assert.equal(badUrl.status, 400);
    assert.equal(shape(badUrl.body).code, 'bad-request');
    assert.equal(shape(badUrl.body).path, 'url');
    const longSegment = await raw(
      port,
      `GET /api/cases/${'a'.repeat(300)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(longSegment.status, 414);
    assert.equal(shape(longSegment.body).code, 'uri-too-long');
    const hugeUrl = await raw(
      port,
      `GET /api/cases?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(hugeUrl.status, 431);
    assert.equal(shape(hugeUrl.body).code, 'headers-too-large');
    const garbage = await raw(port, 'GARBAGE\r\n\r\n');
    assert.equal(garbage.status, 400);
    assert.equal(shape(garbage.body).code, 'bad-request');
    const plainLive = await t.app.inject({ url: '/api/live', headers: as(t.tokens.viewer) });
    assert.equal(plainLive.statusCode, 400);
    assert.match(shape(plainLive.body).message, /WebSocket/);
    for (const [status, body] of [
      [404, (await t.app.inject({ url: '/api/nope' })).body],
      [404, (await t.app.inject({ method: 'PROPFIND', url: '/api/cases' })).body],
      [
        413,
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/cases',
            headers: as(t.tokens.admin, { 'content-type': 'application/json' }),
            payload: `{"label":"${'x'.repeat(70_000)}"}`,
          })
        ).body,
      ],
    ] as const) {
      assert.ok(shape(body), `${status}: ${body}`);
    }
  });

  test('a GET with a body → 400; an empty PATCH → 400 and no audit row', async () => {
    const getBody = await raw(
      port,
      'GET /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Authorization: Bearer ${t.tokens.admin}\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{"a":1}`,
    );
    assert.equal(getBody.status, 400);
    assert.deepEqual(shape(getBody.body), {
      code: 'bad-request',
      message: 'a GET request takes no body',
      path: 'body',
    });
    const kase = (
      await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: as(t.tokens.admin),
        payload: { label: 'empty patch' },
      })
    ).json() as { id: string };
    const me = (await t.app.inject({ url: '/api/auth/me', headers: as(t.tokens.viewer) })).json() as {
      user: { id: string };
    };
    const auditBefore = (await t.store.audit.list({ limit: 1000 })).length;
    for (const url of [`/api/cases/${kase.id}`, `/api/users/${me.user.id}`]) {
      const res = await t.app.inject({ method: 'PATCH', url, headers: as(t.tokens.admin), payload: {} });
      assert.equal(res.statusCode, 400, url);
      assert.deepEqual(shape(res.body), {
        code: 'validation',
        message: 'an empty patch changes nothing: name at least one field',
        path: 'body',
      });
    }
    assert.equal((await t.store.audit.list({ limit: 1000 })).length, auditBefore, 'no audit row');
  });
});
