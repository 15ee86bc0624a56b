import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Store } from '@openrgs/store';
import { type TempTarget, tempTarget } from '@openrgs/store/testing';
import { type Kysely, sql } from 'kysely';
import { runCli } from '../test-io.js';

describe('rgs serve: flags and refusals', () => {
  let t: TempTarget;
  after(async () => t?.cleanup());

  test('bad flags exit non-zero naming the value', async () => {
    const port = await runCli(['serve', '--port', 'eighty']);
    assert.notEqual(port.code, 0);
    assert.match(port.stderr, /--port: 'eighty' is not a number/);
    const big = await runCli(['serve', '--port', '70000']);
    assert.match(big.stderr, /--port: '70000' must be at most 65535/);
    const count = await runCli(['serve', '--simulated-stations', '3']);
    assert.equal(count.code, 2);
    assert.match(count.stderr, /need --simulate/);
    const both = await runCli(['serve', '--data-dir', 'x', '--database-url', 'postgres://a/b']);
    assert.equal(both.code, 2);
    const notPg = await runCli(['serve', '--database-url', 'mysql://a/b']);
    assert.match(notPg.stderr, /is not a PostgreSQL URL/);
  });

  test('a database newer than this code is refused before anything listens', async () => {
    t = await tempTarget('sqlite');
    const store = await Store.open(t.target);
    await sql`insert into schema_migrations (version, name, applied_at) values (9999, '9999-future', 'x')`.execute(
      store.db.withoutPlugins() as unknown as Kysely<unknown>,
    );
    await store.close();
    const run = await runCli(['serve', '--port', '0', '--data-dir', (t.flag as { dataDir: string }).dataDir]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /schema version 9999 .* does not know/);
    assert.doesNotMatch(run.stdout, /listening on/);
  });

  test('an unknown simulator scenario is named', async () => {
    const run = await runCli([
      'serve',
      '--port',
      '0',
      '--data-dir',
      '/tmp/never-used',
      '--simulate',
      'no-such',
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--simulate: unknown scenario 'no-such'/);
  });

  test('--allowed-hosts, --trusted-proxy and RGS_SETUP_TOKEN are checked before anything starts', async () => {
    const bad = await runCli(['serve', '--port', '0', '--allowed-hosts', 'https://x.example/']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--allowed-hosts: 'https:\/\/x.example\/' is not a host name or host:port/);
    const proxy = await runCli(['serve', '--port', '0', '--trusted-proxy', '10.0.0.0/33']);
    assert.equal(proxy.code, 2);
    assert.match(proxy.stderr, /--trusted-proxy: '10.0.0.0\/33' is not an IP address or CIDR range/);
    const saved = process.env.RGS_SETUP_TOKEN;
    process.env.RGS_SETUP_TOKEN = 'short';
    try {
      const short = await runCli(['serve', '--port', '0', '--data-dir', '/tmp/never-used']);
      assert.equal(short.code, 2);
      assert.match(short.stderr, /RGS_SETUP_TOKEN must be at least 16 characters/);
    } finally {
      if (saved === undefined) delete process.env.RGS_SETUP_TOKEN;
      else process.env.RGS_SETUP_TOKEN = saved;
    }
  });

  test('a fresh server prints a one-time setup code that setup needs; other host names get 421', async () => {
    const dir = await tempTarget('sqlite');
    const rgs = fileURLToPath(new URL('../../bin/rgs.js', import.meta.url));
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '' };
    delete env.RGS_SETUP_TOKEN;
    const child = spawn(
      process.execPath,
      [
        rgs,
        'serve',
        '--port',
        '0',
        '--data-dir',
        (dir.flag as { dataDir: string }).dataDir,
        '--allowed-hosts',
        'or.example',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    try {
      let out = '';
      const ready = await new Promise<{ url: string; code: string }>((resolve, reject) => {
        // The first `rgs` of a fresh clone builds packages/*/dist (under a lock other tests may hold): on a
        // loaded 2-core machine that alone has taken over 30 s.
        const timer = setTimeout(() => reject(new Error(`no setup code in 120 s: ${out}`)), 120_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const url = /listening on (\S+)/.exec(out)?.[1];
          const code = /setup code: (\S+)/.exec(out)?.[1];
          if (url && code) {
            clearTimeout(timer);
            resolve({ url, code });
          }
        });
      });
      assert.match(ready.code, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
      const post = (host: string, body: unknown) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request(`${ready.url}/api/setup`, {
            method: 'POST',
            headers: { host, 'content-type': 'application/json' },
          });
          req.on('response', (res) => {
            let text = '';
            res.on('data', (d: Buffer) => {
              text += d.toString();
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          });
          req.on('error', reject);
          req.end(JSON.stringify(body));
        });
      const admin = { username: 'chief', password: 'a long enough secret' };
      const rebound = await post('attacker.example:8080', { ...admin, setupToken: ready.code });
      assert.equal(rebound.status, 421);
      assert.match(rebound.body, /misdirected-request/);
      const wrong = await post('or.example', { ...admin, setupToken: 'AAAAA-AAAAA-AAAAA-AAAAA' });
      assert.equal(wrong.status, 403);
      const right = await post('or.example', { ...admin, setupToken: ready.code });
      assert.equal(right.status, 201, right.body);
      const again = await post('or.example', { ...admin, username: 'other', setupToken: ready.code });
      assert.equal(again.status, 409);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await dir.cleanup();
    }
  });
});
