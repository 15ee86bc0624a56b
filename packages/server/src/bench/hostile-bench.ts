// `rgs bench hostile` (npm run bench:hostile): the real server as a child process, tried as an attacker
// would on loopback (issue 14). Prints figures, not pass/fail:
//  - hostile requests: every route of /api/openapi.json with hostile bodies (every field set to
//    injection text, control characters, lone surrogates, huge and non-finite-looking numbers, odd
//    dates, prototype pollution, deep nesting), hostile path parameters and queries, wrong Host,
//    bodies on GET, empty PATCHes, and raw malformed HTTP — counting 5xx answers, answers not in the
//    documented error shape, and stack traces in bodies;
//  - authorization: every route × every role lacking its permission, and without a token: any 2xx
//    is a violation;
//  - /api/health p50/p99 while the heaviest registry query runs (3000 imported lesions, 10000
//    bootstrap replicates asked), and while two sockets flood the WebSocket before authenticating
//    (with the largest frame gap a subscribed viewer saw).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ErrorBody } from '@openrgs/api';
import pg from 'pg';
import WebSocket from 'ws';
import { api, createBenchSchema, percentile, SETUP_TOKEN, spawnServer } from './server-bench.js';

export interface HostileBenchOptions {
  /** PostgreSQL database (a scratch schema is created and dropped); else SQLite in a temp dir. */
  databaseUrl?: string | undefined;
  /** Lesions in the imported historic registry for the heavy query (default 3000). */
  registryLesions?: number;
  /** Seconds of the WebSocket flood (default 5). */
  floodSeconds?: number;
  /** Most seconds spent on hostile requests (default 45). */
  hostileSeconds?: number;
  log?: (line: string) => void;
}

interface Timing {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

export interface HostileBenchResult {
  engine: 'sqlite' | 'postgres';
  requests: {
    tried: number;
    byStatus: Record<string, number>;
    serverErrors: number;
    /** Non-2xx answers whose body is not `{ error: { code, message, path? } }`. */
    notInErrorShape: number;
    stackTraces: number;
    /** The first few 5xx / shape / stack findings, for the log. */
    examples: string[];
    /** The first few requests that got no HTTP answer at all (status 0: the client refused or the socket closed). */
    noAnswer: string[];
  };
  authorization: { probes: number; violations: number; examples: string[] };
  /**
   * /api/health with nothing heavy running (only the simulated station), probed for 3 s just before the
   * heavy query: what the machine itself adds. On a loaded shared host this alone can exceed 50 ms.
   */
  baseline: { health: Timing };
  registry: {
    lesions: number;
    statsStatus: number;
    statsSeconds: number;
    replicatesUsed: number | null;
    health: Timing;
  };
  flood: {
    seconds: number;
    connections: number;
    messages: number;
    health: Timing;
    viewerFrames: number;
    maxFrameGapMs: number;
  };
  /** Lines the server wrote to stderr about 5xx answers (each names the route and the cause). */
  serverErrorLogLines: number;
  seconds: number;
  /** Load average (1 min) at the start and at the end of the run: the figures mean little without it. */
  machine: { cpuModel: string; cores: number; node: string; loadAverage: { start: number; end: number } };
}

const ROLES = ['admin', 'surgeon', 'nuclear-medicine', 'physicist', 'viewer'] as const;
const STACK = /\bat [\w.<>$]+ \(|\.(ts|js|mjs):\d+:\d+|node_modules|\n\s+at /;

/** Values every body field is set to in turn. */
const HOSTILE_VALUES: unknown[] = [
  null,
  '',
  '   ',
  "'; DROP TABLE cases; --",
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '=HYPERLINK("http://evil.example","x")',
  '-2+3',
  'Robert\u0000Tables',
  'abc\u202Eevil',
  '\u0007bell\u009bcsi',
  'lone \ud800 surrogate',
  'Р-eba51c',
  'cafe\u0301',
  'x'.repeat(5000),
  0,
  -1,
  -0,
  1e-310,
  1e308,
  -1e308,
  2 ** 53 + 1,
  3.5,
  true,
  [],
  {},
  [1, 2, 3],
  { nested: { deeper: 'x' } },
  '1e309',
  'NaN',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-13-45T99:99:99Z',
  '00000000-0000-0000-0000-000000000000',
];

const HOSTILE_IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'x'.repeat(250),
  "'%20OR%20'1'='1",
  '00000000-0000-0000-0000-000000000000',
  '-1',
  '1e309',
  '%E2%80%AE',
  '%ZZ',
];

const HOSTILE_QUERIES = [
  'limit=-1',
  'limit=1e400',
  'afterSeq=NaN',
  'caseId=%00',
  'replicates=99999999',
  'includeSynthetic=maybe',
  'unknown=1',
  'fromSeq=-5&limit=100000000',
  'reference=0001-01-01',
  'a[b]=1&a[c]=2',
];

interface Operation {
  method: string;
  path: string;
  permission: string;
  fields: string[];
  hasBody: boolean;
}

function fieldsOf(schema: unknown, out = new Set<string>()): Set<string> {
  if (schema === null || typeof schema !== 'object') return out;
  const s = schema as Record<string, unknown>;
  for (const key of Object.keys((s.properties as object) ?? {})) out.add(key);
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    for (const member of (s[k] as unknown[]) ?? []) fieldsOf(member, out);
  }
  return out;
}

function timing(values: number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    samples: sorted.length,
  };
}

/** Probes /api/health every `everyMs` until `until` resolves; returns the answer times, ms. */
async function probeHealth(url: string, until: Promise<unknown>, everyMs = 20): Promise<number[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const times: number[] = [];
  while (!done) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${url}/api/health`);
      await res.arrayBuffer();
    } catch {
      // a refused connection counts by its time too
    }
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return times;
}

function raw(url: string, text: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let out = '';
    socket.setTimeout(3000, () => socket.destroy());
    socket.on('data', (d) => {
      out += d.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      const [head = '', body = ''] = out.split('\r\n\r\n', 2);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body });
    });
    socket.write(text);
    setTimeout(() => socket.end(), 300);
  });
}

function historicCsv(lesions: number): string {
  const header =
    'caseLabel,tracer,lesion,site,imagingStatus,inVivoRatio,rgsResult,netConfirmed,resectionStatus';
  const rows = Array.from({ length: lesions }, (_, i) => {
    const tumour = i % 3 !== 0;
    const ratio = (tumour ? 2 : 1) + (i % 17) / 10;
    return `H${i},Tc-99m-EDDA/HYNIC-TOC,H${i}a,bowel,seen,${ratio.toFixed(1)},${tumour ? 'positive' : 'negative'},${tumour ? 'yes' : 'no'},R0`;
  });
  return `${header}\n${rows.join('\n')}\n`;
}

export async function runHostileBench(options: HostileBenchOptions = {}): Promise<HostileBenchResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  const lesions = options.registryLesions ?? 3000;
  const floodSeconds = options.floodSeconds ?? 5;
  const hostileSeconds = options.hostileSeconds ?? 45;
  let cleanup: () => Promise<void> = async () => {};
  let storageArgs: string[];
  let engine: 'sqlite' | 'postgres';
  if (options.databaseUrl !== undefined) {
    engine = 'postgres';
    const schema = `rgs_hostile_${randomBytes(5).toString('hex')}`;
    await createBenchSchema(options.databaseUrl, schema);
    const sep = options.databaseUrl.includes('?') ? '&' : '?';
    storageArgs = [
      '--database-url',
      `${options.databaseUrl}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    ];
    cleanup = async () => {
      const c = new pg.Client({ connectionString: options.databaseUrl });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  } else {
    engine = 'sqlite';
    const dir = mkdtempSync(join(tmpdir(), 'openrgs-hostile-'));
    storageArgs = ['--data-dir', dir];
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  log(`starting the server (${engine}, one simulated station at 20 Hz)…`);
  const server = await spawnServer([...storageArgs, '--simulate', 'poisson:150']);
  const { url } = server;
  try {
    // Users of every role, signed in.
    const password = 'hostile bench password';
    const setup = await api<{ token: string }>(url, null, 'POST', '/api/setup', {
      setupToken: SETUP_TOKEN,
      username: 'u-admin',
      password,
    });
    const tokens: Record<string, string> = { admin: setup.token };
    const permissions: Record<string, Set<string>> = {};
    for (const role of ROLES) {
      if (role !== 'admin') {
        await api(url, tokens.admin!, 'POST', '/api/users', { username: `u-${role}`, role, password });
        tokens[role] = (
          await api<{ token: string }>(url, null, 'POST', '/api/auth/login', {
            username: `u-${role}`,
            password,
          })
        ).token;
      }
      const me = await api<{ permissions: string[] }>(url, tokens[role]!, 'GET', '/api/auth/me');
      permissions[role] = new Set(me.permissions);
    }
    // A case, so that case routes have something to refuse hostile input about.
    const kase = await api<{ id: string }>(url, tokens.admin!, 'POST', '/api/cases', { label: 'hostile' });

    const doc = await api<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      url,
      null,
      'GET',
      '/api/openapi.json',
    );
    const operations: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (path === '/api/live') continue; // the WebSocket: the flood phase tries it
        const schema = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)
          ?.content?.['application/json']?.schema;
        operations.push({
          method: method.toUpperCase(),
          path,
          permission: String(op['x-permission']),
          fields: [...fieldsOf(schema)],
          hasBody: schema !== undefined,
        });
      }
    }

    const byStatus: Record<string, number> = {};
    const examples: string[] = [];
    const noAnswer: string[] = [];
    let tried = 0;
    let serverErrors = 0;
    let notInErrorShape = 0;
    let stackTraces = 0;
    const judge = (what: string, status: number, body: string) => {
      tried += 1;
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status === 0 && noAnswer.length < 5) noAnswer.push(`${what}: ${body.slice(0, 120)}`);
      if (status >= 500) {
        serverErrors += 1;
        if (examples.length < 10) examples.push(`${status} ${what}: ${body.slice(0, 160)}`);
      }
      if (STACK.test(body)) {
        stackTraces += 1;
        if (examples.length < 10) examples.push(`stack trace ${what}: ${body.slice(0, 160)}`);
      }
      if (status >= 400 && status !== 0) {
        let ok = false;
        try {
          ok = ErrorBody.safeParse(JSON.parse(body)).success;
        } catch {
          ok = false;
        }
        if (!ok) {
          notInErrorShape += 1;
          if (examples.length < 10)
            examples.push(`not in the error shape ${status} ${what}: ${body.slice(0, 160)}`);
        }
      }
    };
    const send = async (
      method: string,
      path: string,
      token: string | null,
      body?: string,
      headers: Record<string, string> = {},
    ): Promise<{ status: number; text: string }> => {
      try {
        const res = await fetch(`${url}${path}`, {
          method,
          headers: {
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
            ...headers,
          },
          ...(body !== undefined ? { body } : {}),
        });
        return { status: res.status, text: await res.text() };
      } catch (error) {
        return { status: 0, text: String(error) };
      }
    };
    const fill = (path: string, id: string) =>
      path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === 'id' && path.startsWith('/api/cases') ? id : randomUUID(),
      );

    // 1. Authorization: every route × every role lacking its permission, and no token at all.
    log(`authorization: ${operations.length} routes × ${ROLES.length} roles and no token…`);
    let probes = 0;
    let violations = 0;
    const authExamples: string[] = [];
    for (const op of operations) {
      if (op.permission === 'public') continue;
      const path = fill(op.path, kase.id);
      const body = op.hasBody ? '{}' : undefined;
      const subjects: [string, string | null][] = [['no token', null]];
      for (const role of ROLES) {
        if (op.permission !== 'authenticated' && !permissions[role]!.has(op.permission)) {
          subjects.push([role, tokens[role]!]);
        }
      }
      for (const [who, token] of subjects) {
        const res = await send(op.method, path, token, body);
        judge(`${op.method} ${path} as ${who}`, res.status, res.text);
        probes += 1;
        const expected = token === null ? 401 : 403;
        if ((res.status >= 200 && res.status < 300) || (res.status !== expected && res.status < 500)) {
          if (res.status >= 200 && res.status < 300) violations += 1;
          if (authExamples.length < 10 && res.status >= 200 && res.status < 300) {
            authExamples.push(`${op.method} ${op.path} as ${who} → ${res.status}`);
          }
        }
      }
    }

    // 2. Hostile requests, as the admin (every permission), within the time budget.
    log(`hostile requests (at most ${hostileSeconds} s)…`);
    const deadline = performance.now() + hostileSeconds * 1000;
    const jobs: (() => Promise<void>)[] = [];
    for (const op of operations) {
      if (op.path === '/api/auth/logout') continue; // would end the bench's own session
      const path = fill(op.path, kase.id);
      const tryIt = (what: string, p: string, body?: string, headers?: Record<string, string>) =>
        jobs.push(async () => {
          const res = await send(op.method, p, tokens.admin!, body, headers);
          judge(`${op.method} ${what}`, res.status, res.text);
        });
      if (op.hasBody) {
        for (const body of [
          '{}',
          '[]',
          'null',
          '"text"',
          '12',
          '{',
          '{"__proto__":{"polluted":1}}',
          '{"constructor":{"prototype":{"polluted":1}}}',
          `${'['.repeat(5000)}${']'.repeat(5000)}`,
          `{"x":"${'y'.repeat(70_000)}"}`,
        ]) {
          tryIt(`${op.path} body ${body.slice(0, 30)}`, path, body);
        }
        for (const field of op.fields) {
          for (const value of HOSTILE_VALUES) {
            tryIt(
              `${op.path} ${field}=${JSON.stringify(value)?.slice(0, 30)}`,
              path,
              JSON.stringify({ [field]: value }),
            );
          }
        }
        tryIt(`${op.path} text/plain`, path, 'plain', { 'content-type': 'text/plain' });
      } else if (op.method === 'GET') {
        // fetch refuses a GET with a body: raw.
        jobs.push(async () => {
          const res = await raw(
            url,
            `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${tokens.admin}\r\n` +
              'Content-Type: application/json\r\nContent-Length: 19\r\nConnection: close\r\n\r\n{"unexpected":true}',
          );
          judge(`GET ${op.path} with a body`, res.status, res.body);
        });
      } else {
        tryIt(`${op.path} with a body`, path, '{"unexpected":true}');
      }
      if (op.path.includes('{')) {
        for (const id of HOSTILE_IDS) {
          const p = op.path.replace(/\{\w+\}/, id).replace(/\{(\w+)\}/g, () => randomUUID());
          tryIt(`${op.path} id ${id.slice(0, 20)}`, p, op.hasBody ? '{}' : undefined);
        }
      }
      if (op.method === 'GET') {
        for (const q of HOSTILE_QUERIES) tryIt(`${op.path}?${q}`, `${path}?${q}`);
      }
    }
    // A Host naming another DNS name (fetch cannot send one): raw, on every GET route, first.
    for (const op of operations) {
      if (op.method !== 'GET') continue;
      const path = fill(op.path, kase.id);
      jobs.unshift(async () => {
        const res = await raw(
          url,
          `GET ${path} HTTP/1.1\r\nHost: rebind.evil.example\r\nAuthorization: Bearer ${tokens.admin}\r\nConnection: close\r\n\r\n`,
        );
        judge(`GET ${op.path} Host rebind.evil.example`, res.status, res.body);
      });
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < jobs.length && performance.now() < deadline) {
          const job = jobs[next++]!;
          await job();
        }
      }),
    );
    const rawTries = [
      'GARBAGE\r\n\r\n',
      'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: ' + 'a'.repeat(20_000) + '\r\n\r\n',
      `GET /api/cases?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
      'GET /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}',
      'GET /api/health HTTP/1.0\r\n\r\n',
      'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"a":',
      'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n',
      'GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    ];
    for (const text of rawTries) {
      const res = await raw(url, text);
      judge(`raw ${JSON.stringify(text.slice(0, 30))}`, res.status, res.body);
    }

    // 3a. The baseline: /api/health with nothing heavy running.
    const baselineHealth = await probeHealth(url, new Promise((r) => setTimeout(r, 3000)));

    // 3. The heaviest registry query, with /api/health probed meanwhile.
    log(`registry: importing ${lesions} historic lesions, then statistics with 10000 replicates…`);
    await api(url, tokens.surgeon!, 'POST', '/api/registry/import', {
      source: 'hostile bench',
      csv: historicCsv(lesions),
    });
    const statsStarted = performance.now();
    const stats = send('GET', '/api/registry/stats?replicates=10000&includeSynthetic=false', tokens.viewer!);
    const registryHealth = await probeHealth(url, stats);
    const statsAnswer = await stats;
    const statsSeconds = (performance.now() - statsStarted) / 1000;
    let replicatesUsed: number | null = null;
    try {
      replicatesUsed =
        (JSON.parse(statsAnswer.text) as { bootstrap?: { replicates?: number } }).bootstrap?.replicates ??
        null;
    } catch {
      replicatesUsed = null;
    }

    // 4. Two sockets flooding the WebSocket before authenticating; a viewer subscribed meanwhile.
    log(`WebSocket flood: 2 unauthenticated sockets for ${floodSeconds} s…`);
    const wsUrl = `${url.replace(/^http/, 'ws')}/api/live`;
    const viewer = new WebSocket(`${wsUrl}?token=${tokens.viewer}&stationId=sim-1`);
    const arrivals: number[] = [];
    viewer.on('message', (data) => {
      if (data.toString().startsWith('{"type":"live"')) arrivals.push(performance.now());
    });
    await new Promise<void>((resolve, reject) => {
      viewer.once('open', () => resolve());
      viewer.once('error', reject);
    });
    await new Promise((r) => setTimeout(r, 500));
    const floodFrom = arrivals.length;
    const worker = new Worker(new URL('./ws-flood-worker.mjs', import.meta.url), {
      workerData: { url: wsUrl, sockets: 2, ms: floodSeconds * 1000 },
    });
    const flood = new Promise<{ connections: number; messages: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const floodHealth = await probeHealth(url, flood);
    const floodStats = await flood;
    await worker.terminate();
    viewer.close();
    const during = arrivals.slice(floodFrom);
    const gaps = during.slice(1).map((a, i) => a - during[i]!);

    return {
      engine,
      requests: { tried, byStatus, serverErrors, notInErrorShape, stackTraces, examples, noAnswer },
      authorization: { probes, violations, examples: authExamples },
      baseline: { health: timing(baselineHealth) },
      registry: {
        lesions,
        statsStatus: statsAnswer.status,
        statsSeconds,
        replicatesUsed,
        health: timing(registryHealth),
      },
      flood: {
        seconds: floodSeconds,
        connections: floodStats.connections,
        messages: floodStats.messages,
        health: timing(floodHealth),
        viewerFrames: during.length,
        maxFrameGapMs: gaps.length > 0 ? Math.max(...gaps) : Number.NaN,
      },
      serverErrorLogLines: server
        .stderr()
        .split('\n')
        .filter((l) => / → 5\d\d: /.test(l)).length,
      seconds: (performance.now() - started) / 1000,
      machine: {
        cpuModel: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        node: process.version,
        loadAverage: { start: loadAtStart, end: loadavg()[0] ?? Number.NaN },
      },
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await cleanup();
  }
}
