// Durability under SIGKILL: the real server (`node packages/cli/bin/rgs.js serve`) takes a burst of
// measurement posts with idempotency keys and is killed with SIGKILL mid-burst. After a restart every
// acknowledged measurement is there, and retrying every key (acknowledged or in flight) creates no
// duplicate. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TEST_ENGINES, type TempTarget, tempTarget } from '@openrgs/store/testing';

const RGS = fileURLToPath(new URL('../../cli/bin/rgs.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** The first-run setup code the spawned server is given (RGS_SETUP_TOKEN). */
const SETUP_TOKEN = 'crash-test-setup-code';

async function startServer(flag: TempTarget['flag']): Promise<Running> {
  const storage = 'dataDir' in flag ? ['--data-dir', flag.dataDir] : ['--database-url', flag.databaseUrl];
  const child = spawn(process.execPath, [RGS, 'serve', '--port', '0', ...storage], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '', RGS_SETUP_TOKEN: SETUP_TOKEN },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /^listening on (http:\/\/\S+)$/m.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${out}${err}`)));
  });
  return { child, url, exited };
}

async function post(
  url: string,
  token: string,
  path: string,
  body: unknown,
  key?: string,
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token !== '' ? { authorization: `Bearer ${token}` } : {}),
      ...(key !== undefined ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
}

function measurementFor(i: number) {
  return {
    kind: i % 5 === 0 ? 'background' : 'in-vivo',
    siteLabel: `site ${i}`,
    counts: 100 + i,
    durationSeconds: 2,
    measuredAt: new Date(Date.parse('2025-03-04T09:00:00Z') + i * 1000).toISOString(),
  };
}

for (const engine of TEST_ENGINES) {
  describe(`SIGKILL mid-burst on ${engine}`, () => {
    let temp: TempTarget | undefined;
    let running: Running | undefined;
    after(async () => {
      running?.child.kill('SIGKILL');
      await running?.exited;
      await temp?.cleanup();
    });

    test('every acknowledged measurement survives; retries create no duplicates', async () => {
      temp = await tempTarget(engine);
      running = await startServer(temp.flag);
      const setup = await post(running.url, '', '/api/setup', {
        setupToken: SETUP_TOKEN,
        username: 'admin',
        password: 'crash test password',
      });
      assert.equal(setup.status, 201);
      const { token } = (await setup.json()) as { token: string };
      const kase = (await (await post(running.url, token, '/api/cases', { label: 'crash' })).json()) as {
        id: string;
      };

      const acked = new Map<string, string>(); // key → measurement id
      const attempted = new Set<string>();
      let next = 0;
      const KILL_AFTER = 60;
      const TOTAL = 100_000;
      let killed = false;
      const { url } = running;
      const child = running.child;
      const worker = async () => {
        while (!killed && next < TOTAL) {
          const i = next++;
          const key = `crash-${engine}-${String(i).padStart(6, '0')}`;
          attempted.add(key);
          try {
            const res = await post(url, token, `/api/cases/${kase.id}/measurements`, measurementFor(i), key);
            if (res.status === 201) acked.set(key, ((await res.json()) as { id: string }).id);
            else assert.fail(`unexpected ${res.status}: ${await res.text()}`);
          } catch (error) {
            if (!killed) throw error;
          }
          if (acked.size >= KILL_AFTER && !killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 12 }, worker));
      assert.equal(await running.exited, null, 'killed by a signal');
      const inFlight = attempted.size - acked.size;

      running = await startServer(temp.flag);
      const listed = (await (
        await fetch(`${running.url}/api/cases/${kase.id}/measurements`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { id: string; idempotencyKey: string }[];
      const byKey = new Map(listed.map((m) => [m.idempotencyKey, m.id]));
      for (const [key, id] of acked) assert.equal(byKey.get(key), id, `acknowledged ${key} is on disk`);

      // Retry every key: acknowledged ones replay, in-flight ones are created at most once.
      for (const key of attempted) {
        const i = Number(key.split('-').pop());
        const res = await post(
          running.url,
          token,
          `/api/cases/${kase.id}/measurements`,
          measurementFor(i),
          key,
        );
        assert.equal(res.status, 201, await res.clone().text());
        const id = ((await res.json()) as { id: string }).id;
        if (acked.has(key)) assert.equal(id, acked.get(key));
        if (byKey.has(key)) assert.equal(res.headers.get('idempotent-replayed'), 'true');
      }
      const final = (await (
        await fetch(`${running.url}/api/cases/${kase.id}/measurements`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { idempotencyKey: string }[];
      assert.equal(final.length, attempted.size, 'one measurement per key, no duplicates');
      assert.equal(new Set(final.map((m) => m.idempotencyKey)).size, final.length);
      // A figure, not an assertion: how many requests were in flight when the server died.
      process.stdout.write(
        `# ${engine}: ${acked.size} acknowledged, ${inFlight} in flight at SIGKILL, ${listed.length} on disk after restart\n`,
      );
    });
  });
}
