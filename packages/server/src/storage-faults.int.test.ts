// Issue 14 point 9: storage faults (disk full on SQLite, PostgreSQL down or the connection cut) answer
// 503 `unavailable` in the documented error shape, the log names the cause (and no patient data), and
// /api/health says degraded with the reason — and all of it clears when the storage is back.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type TempTarget, tempTarget } from '@openrgs/store/testing';
import { sql } from 'kysely';
import { hashPassword } from './auth/passwords.js';
import { type RunningServer, startServer } from './server.js';
import { as, PASSWORD } from './test-support.js';

const LABEL = 'PATIENT-SECRET-LABEL-77';

interface Health {
  status: string;
  storage: { status: string; code?: string; reason?: string; since?: string };
}

async function signIn(server: RunningServer): Promise<string> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: PASSWORD },
  });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { token: string }).token;
}

async function health(server: RunningServer): Promise<Health> {
  const res = await server.app.inject({ method: 'GET', url: '/api/health' });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Health;
}

function assertUnavailable(res: { statusCode: number; json(): unknown; body: string }, cause: RegExp): void {
  assert.equal(res.statusCode, 503, res.body);
  const body = res.json() as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, 'unavailable');
  assert.match(body.error.message, cause);
  assert.doesNotMatch(res.body, /at .*\.ts:\d+|stack/i, 'no stack trace');
}

describe('SQLite disk full (PRAGMA max_page_count)', () => {
  let temp: TempTarget;
  let server: RunningServer;
  const log: string[] = [];
  before(async () => {
    temp = await tempTarget('sqlite');
    server = await startServer({ target: temp.target, port: 0, logError: (line) => log.push(line) });
    await server.store.users.create(
      { userId: null, username: 'test' },
      { username: 'admin', role: 'admin', passwordHash: await hashPassword(PASSWORD) },
    );
  });
  after(async () => {
    await server.close();
    await temp.cleanup();
  });

  test('writes and logins answer 503 naming the cause; health is degraded until a write succeeds', async () => {
    const token = await signIn(server);
    assert.equal((await health(server)).status, 'ok');
    // The store's one connection may not grow the file beyond its current size: the next page it needs
    // fails with SQLITE_FULL, as on a full disk.
    const pages = await sql<{ page_count: number }>`pragma page_count`.execute(
      server.store.db.withoutPlugins(),
    );
    const count = Number(pages.rows[0]?.page_count);
    await sql.raw(`pragma max_page_count = ${count}`).execute(server.store.db.withoutPlugins());

    let full: Awaited<ReturnType<typeof server.app.inject>> | undefined;
    for (let i = 0; i < 50 && full === undefined; i++) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: as(token),
        payload: { label: `${LABEL} ${i}`, indication: 'x'.repeat(450) },
      });
      if (res.statusCode !== 201) full = res;
    }
    assert.ok(full, 'the database filled up');
    assertUnavailable(full, /disk is full.*SQLITE_FULL/);

    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    // Signing in writes a session: it cannot be granted while nothing can be written.
    assertUnavailable(login, /SQLITE_FULL/);

    const degraded = await health(server);
    assert.equal(degraded.status, 'degraded');
    assert.equal(degraded.storage.code, 'SQLITE_FULL');
    assert.match(degraded.storage.reason ?? '', /disk is full/);

    const logged = log.join('\n');
    assert.match(logged, /storage fault: the disk is full .*\[SQLITE_FULL\]/);
    assert.match(logged, /POST \/api\/cases → 503/);
    assert.ok(!logged.includes(LABEL), 'the log holds no record content');

    // Space again: the next write succeeds and health is ok.
    await sql.raw('pragma max_page_count = 1073741823').execute(server.store.db.withoutPlugins());
    const again = await server.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as(token),
      payload: { label: 'after the disk was freed' },
    });
    assert.equal(again.statusCode, 201, again.body);
    assert.equal((await health(server)).status, 'ok');
  });
});

/** A TCP relay to PostgreSQL that the test can cut (connections reset, port closed) and restore. */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(port = 0): Promise<void> {
    const server = createServer((client) => {
      const upstream = tcpConnect(5432, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

describe('PostgreSQL down (connection cut, port closed)', () => {
  let temp: TempTarget;
  let server: RunningServer;
  const relay = new Relay();
  const log: string[] = [];
  before(async () => {
    temp = await tempTarget('postgres');
    await relay.start();
    const url = new URL((temp.target as { url: string }).url);
    url.port = String(relay.port);
    server = await startServer({
      target: { engine: 'postgres', url: url.toString() },
      port: 0,
      logError: (line) => log.push(line),
    });
    await server.store.users.create(
      { userId: null, username: 'test' },
      { username: 'admin', role: 'admin', passwordHash: await hashPassword(PASSWORD) },
    );
  });
  after(async () => {
    await relay.cut();
    await server.close();
    await temp.cleanup();
  });

  test('requests answer 503 naming the cause, health is degraded; both recover when PostgreSQL is back', async () => {
    const token = await signIn(server);
    assert.equal((await health(server)).status, 'ok');
    await relay.cut();

    const write = await server.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as(token),
      payload: { label: LABEL },
    });
    assertUnavailable(write, /PostgreSQL|connection/);
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    assertUnavailable(login, /PostgreSQL|connection/);

    const degraded = await health(server);
    assert.equal(degraded.status, 'degraded');
    assert.match(degraded.storage.code ?? '', /ECONNREFUSED|connection-lost/);
    assert.match(degraded.storage.reason ?? '', /PostgreSQL/);
    const logged = log.join('\n');
    assert.match(logged, /storage fault: .*PostgreSQL/);
    assert.ok(!logged.includes(LABEL), 'the log holds no record content');

    await relay.start(relay.port);
    const back = await server.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: as(token),
      payload: { label: 'after PostgreSQL came back' },
    });
    assert.equal(back.statusCode, 201, back.body);
    assert.equal((await health(server)).status, 'ok');
  });
});
