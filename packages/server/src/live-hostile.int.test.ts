// The live WebSocket against hostile clients (issue 14 points 4 and 7): nothing but the auth message
// before authentication, an authentication deadline, a message rate per socket, a socket that does
// not read is closed, browser origins checked, and a socket closed when its session ends. The flood
// test prints its figures; its bounds are loose (a shared 2-core machine) — `rgs bench hostile` gives
// the figures for the README.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import WebSocket from 'ws';
import {
  AUTH_TIMEOUT_MS,
  CLOSE,
  HARD_BUFFERED_BYTES,
  MESSAGE_BURST,
  SOFT_BUFFERED_BYTES,
} from './routes/live-ws.js';
import { as, PASSWORD, type TestApp, testApp } from './test-support.js';

interface Closed {
  code: number;
  reason: string;
}

class Client {
  readonly messages: { type: string; [k: string]: unknown }[] = [];
  readonly closed: Promise<Closed>;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(JSON.parse(data.toString())));
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('error', () => {});
  }
  static async open(url: string, headers: Record<string, string> = {}): Promise<Client> {
    const ws = new WebSocket(url, { headers });
    const client = new Client(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }
  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }
  async waitFor(type: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.type === type);
      if (found) return found;
      if (Date.now() > end) throw new Error(`no '${type}' message within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)),
  ]);
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

describe('live WebSocket against hostile clients (sqlite)', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await testApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });
  after(async () => t.close());

  test('a message other than auth before authentication closes the socket (1008) and is not answered', async () => {
    const c = await Client.open(`ws://${base}/api/live`);
    c.send({ type: 'ping' });
    const closed = await within(c.closed, 3000, 'close after a pre-auth ping');
    assert.equal(closed.code, CLOSE.policy);
    assert.match(closed.reason, /'ping' message before authentication/);
    assert.equal(
      c.messages.some((m) => m.type === 'pong'),
      false,
      'no pong before authentication',
    );
    for (const bad of ['not json', JSON.stringify({ type: 'subscribe', stationId: 'test-1' })]) {
      const d = await Client.open(`ws://${base}/api/live`);
      d.ws.send(bad);
      assert.equal((await within(d.closed, 3000, 'close')).code, CLOSE.policy);
    }
    // The auth message itself is what opens the socket.
    const ok = await Client.open(`ws://${base}/api/live`);
    ok.send({ type: 'auth', token: t.tokens.viewer });
    await ok.waitFor('ready');
    ok.send({ type: 'ping' });
    await ok.waitFor('pong');
    ok.ws.close();
  });

  test('no authentication within the deadline closes the socket', async () => {
    const c = await Client.open(`ws://${base}/api/live`);
    const started = Date.now();
    const closed = await within(c.closed, AUTH_TIMEOUT_MS + 3000, 'close at the auth deadline');
    assert.equal(closed.code, CLOSE.policy);
    assert.match(closed.reason, /no authentication within 5 s/);
    assert.ok(Date.now() - started >= AUTH_TIMEOUT_MS - 100);
  });

  test('more messages than the rate allows close the socket (4429)', async () => {
    const c = await Client.open(`ws://${base}/api/live?token=${t.tokens.viewer}`);
    await c.waitFor('ready');
    for (let i = 0; i < MESSAGE_BURST * 3; i += 1) c.send({ type: 'ping' });
    const closed = await within(c.closed, 3000, 'close after a burst');
    assert.equal(closed.code, CLOSE.rateLimited);
    assert.match(closed.reason, /messages per second/);
    const pongs = c.messages.filter((m) => m.type === 'pong').length;
    assert.ok(pongs <= MESSAGE_BURST, `${pongs} pongs answered, burst is ${MESSAGE_BURST}`);
  });

  test('a socket that never reads is closed; the server does not queue without bound', async () => {
    const c = await Client.open(`ws://${base}/api/live?token=${t.tokens.viewer}&stationId=test-1`);
    await c.waitFor('subscribed');
    // Stop reading: the kernel buffers fill, then the server's queue for this socket grows.
    const raw = (c.ws as unknown as { _socket: import('node:net').Socket })._socket;
    raw.pause();
    const serverSockets = [...(t.app.websocketServer as { clients: Set<WebSocket> }).clients];
    let maxQueued = 0;
    let closedAt: number | null = null;
    void c.closed.then(() => {
      closedAt = Date.now();
    });
    const started = Date.now();
    while (Date.now() - started < 30_000) {
      for (let i = 0; i < 200; i += 1) t.source.push(5);
      for (const s of serverSockets) maxQueued = Math.max(maxQueued, s.bufferedAmount);
      if (serverSockets.every((s) => s.readyState !== s.OPEN)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const serverClosed = serverSockets.every((s) => s.readyState !== s.OPEN);
    assert.ok(serverClosed, 'the server closed the socket that did not read');
    raw.resume();
    await within(c.closed, 5000, 'client sees the close');
    console.log(
      `non-reading socket: closed by the server after ${((Date.now() - started) / 1000).toFixed(1)} s of frames, ` +
        `largest queue ${maxQueued} bytes (soft ${SOFT_BUFFERED_BYTES}, hard ${HARD_BUFFERED_BYTES})`,
    );
    assert.ok(maxQueued <= HARD_BUFFERED_BYTES + 64 * 1024, `queued ${maxQueued} bytes`);
    assert.ok(closedAt !== null || c.ws.readyState === c.ws.CLOSED);
  });

  test('a browser upgrade from another origin is refused (403, error shape); our own origin passes', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'u-viewer', password: PASSWORD },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const ws = new WebSocket(`ws://${base}/api/live`, {
        headers: { cookie, origin: 'http://evil.example' },
      });
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.on('open', () => reject(new Error('a cross-origin upgrade was accepted')));
      ws.on('error', () => {});
    });
    assert.equal(refused.status, 403);
    const error = (JSON.parse(refused.body) as { error: { code: string; message: string; path: string } })
      .error;
    assert.equal(error.code, 'forbidden');
    assert.equal(error.path, 'header.origin');
    assert.match(error.message, /evil\.example/);
    // Same origin with the cookie: accepted and authenticated by the cookie.
    const own = await Client.open(`ws://${base}/api/live`, { cookie, origin: `http://${base}` });
    await own.waitFor('ready');
    own.ws.close();
  });

  test('logout, revocation and a disabled account close open sockets at once', async () => {
    const login = async () =>
      (
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: 'u-viewer', password: PASSWORD },
          })
        ).json() as { token: string }
      ).token;
    const token = await login();
    const c = await Client.open(`ws://${base}/api/live?token=${token}&stationId=test-1`);
    await c.waitFor('subscribed');
    const logout = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: as(token) });
    assert.equal(logout.statusCode, 204);
    const closed = await within(c.closed, 1000, 'close after logout');
    assert.equal(closed.code, CLOSE.sessionEnded);
    assert.match(closed.reason, /session ended \(logout\)/);

    const second = await login();
    const d = await Client.open(`ws://${base}/api/live`);
    d.send({ type: 'auth', token: second });
    await d.waitFor('ready');
    const me = (await t.app.inject({ url: '/api/auth/me', headers: as(second) })).json() as {
      tokenId: string;
      user: { id: string };
    };
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/auth/tokens/${me.tokenId}`,
      headers: as(t.tokens.admin),
    });
    assert.equal(revoke.statusCode, 200);
    assert.equal((await within(d.closed, 1000, 'close after revocation')).code, CLOSE.sessionEnded);

    const third = await login();
    const e = await Client.open(`ws://${base}/api/live?token=${third}`);
    await e.waitFor('ready');
    // A display name changes nothing; disabling the account closes the socket.
    const rename = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${me.user.id}`,
      headers: as(t.tokens.admin),
      payload: { displayName: 'Viewer' },
    });
    assert.equal(rename.statusCode, 200);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(e.ws.readyState, e.ws.OPEN, 'a new display name does not end the session');
    const disable = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${me.user.id}`,
      headers: as(t.tokens.admin),
      payload: { disabled: true },
    });
    assert.equal(disable.statusCode, 200);
    const disabled = await within(e.closed, 1500, 'close after the account was disabled');
    assert.equal(disabled.code, CLOSE.sessionEnded);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${me.user.id}`,
      headers: as(t.tokens.admin),
      payload: { disabled: false },
    });
  });

  test('two sockets flooding pings before authentication: health and a viewer keep their pace', async () => {
    const viewer = await Client.open(`ws://${base}/api/live?token=${t.tokens.surgeon}&stationId=test-1`);
    await viewer.waitFor('subscribed');
    const arrivals: number[] = [];
    viewer.ws.on('message', (data) => {
      if (data.toString().startsWith('{"type":"live"')) arrivals.push(performance.now());
    });
    const floodMs = 4000;
    const worker = new Worker(new URL('./bench/ws-flood-worker.mjs', import.meta.url), {
      workerData: { url: `ws://${base}/api/live`, sockets: 2, ms: floodMs },
    });
    const flood = new Promise<{ connections: number; messages: number; closeCodes: Record<string, number> }>(
      (resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      },
    );
    const ticker = setInterval(() => t.source.push(4), 50);
    const health: number[] = [];
    const end = Date.now() + floodMs;
    while (Date.now() < end) {
      const t0 = performance.now();
      const res = await fetch(`http://${base}/api/health`);
      await res.arrayBuffer();
      health.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    clearInterval(ticker);
    const stats = await flood;
    await worker.terminate();
    viewer.ws.close();
    const gaps = arrivals.slice(1).map((a, i) => a - arrivals[i]!);
    const p99 = percentile(health, 0.99);
    const maxGap = Math.max(...gaps);
    console.log(
      `WebSocket flood (2 pre-auth sockets, ${floodMs / 1000} s): ${stats.connections} connections, ` +
        `${stats.messages} messages sent, close codes ${JSON.stringify(stats.closeCodes)}; ` +
        `/api/health p50 ${percentile(health, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${health.length} requests); ` +
        `viewer ${arrivals.length} frames, largest gap ${maxGap.toFixed(0)} ms (frames every 50 ms)`,
    );
    assert.ok(stats.connections >= 2);
    assert.ok((stats.closeCodes[String(CLOSE.policy)] ?? 0) >= 1, 'flooders were closed for policy');
    // Loose bounds: this machine is shared with other work; the issue saw a p99 of 3.5 s and frame
    // gaps of 2.7 s before the fix. `rgs bench hostile` measures it with the server in its own process.
    assert.ok(p99 < 2000, `/api/health p99 ${p99.toFixed(0)} ms`);
    assert.ok(maxGap < 2000, `viewer frame gap ${maxGap.toFixed(0)} ms`);
    assert.ok(arrivals.length >= (floodMs / 50) * 0.25, `${arrivals.length} frames`);
  });
});
