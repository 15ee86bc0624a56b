// `rgs bench server`: the real server as a child process with N constant-rate simulated stations at
// 20 Hz, each recording into a case; screens subscribed over WebSocket; clients posting measurements.
// Reports frame-to-screen latency, frames lost (to screens and on disk), measurements acknowledged
// per second (each acknowledged after commit), and the server's CPU. Figures, not pass/fail.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactUrl } from '@openrgs/store';
import pg from 'pg';
import WebSocket from 'ws';
import { hostNowMs } from '../live/frame-ticker.js';

export interface ServerBenchOptions {
  stations: number;
  screensPerStation: number;
  posters: number;
  /** Length of each measured phase, seconds. */
  seconds: number;
  warmupSeconds: number;
  /** True count rate of each station, cps. */
  rateCps: number;
  /** Measurements per second (all posters together) in the paced phase. */
  pacedPerSecond: number;
  /** PostgreSQL database to bench in (a scratch schema is created and dropped); else SQLite in a temp dir. */
  databaseUrl?: string | undefined;
  /** SQLite directory to use instead of a temp dir (kept). */
  dataDir?: string | undefined;
  log?: (line: string) => void;
}

export interface PhaseResult {
  /** `paced`: measurements at a steady rate; `max`: posters back to back, as fast as acknowledged. */
  posting: 'paced' | 'max';
  seconds: number;
  latencyMs: { p50: number; p99: number; max: number; samples: number };
  measurements: { acknowledged: number; perSecond: number; p50Ms: number; p99Ms: number; failed: number };
  cpu: { serverPercentOfOneCore: number; benchClientsPercentOfOneCore: number };
  /** The server's own event-loop delay over the last 5 s of the phase (what its thread added). */
  serverEventLoopDelayMs: { p50: number; p99: number; max: number } | null;
  /** 1-minute load average at the end of the phase (other work on the machine). */
  loadAverage1m: number;
}

export interface ServerBenchResult {
  engine: 'sqlite' | 'postgres';
  stations: number;
  screens: number;
  posters: number;
  frameRateHz: number;
  frames: {
    /** Frames the stations produced during the measured phases (by seq). */
    produced: number;
    /** LiveStates received by all screens during the measured phases. */
    delivered: number;
    /** Seq gaps seen by screens (frames a screen never received). */
    lostToScreens: number;
    /** Frames of the sessions on disk after the sessions ended. */
    persisted: number;
    /** Frames produced during the sessions but missing on disk. */
    missingOnDisk: number;
  };
  paced: PhaseResult;
  max: PhaseResult;
  machine: { cpuModel: string; cores: number; node: string };
}

const RGS = fileURLToPath(new URL('../../../cli/bin/rgs.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** utime + stime of a process in seconds (Linux /proc). */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** The first-run setup code the spawned server is given (RGS_SETUP_TOKEN). */
export const SETUP_TOKEN = 'server-bench-setup-code';

export async function spawnServer(
  args: string[],
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null>; stderr: () => string }> {
  // RGS_BENCH_SERVER_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server.
  const nodeOptions = (process.env.RGS_BENCH_SERVER_NODE_OPTIONS ?? '').split(' ').filter((o) => o !== '');
  const child = spawn(process.execPath, [...nodeOptions, RGS, 'serve', '--port', '0', ...args], {
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
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${out}${err}`)));
  });
  return { child, url, exited, stderr: () => err };
}

export async function api<T>(
  url: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

interface Screen {
  ws: WebSocket;
  lastSeq: Map<string, number>;
}

/** A bench could not set up its storage (no PostgreSQL there, a refused user, …): the message names the URL. */
export class BenchSetupError extends Error {
  override name = 'BenchSetupError';
}

/**
 * Creates the bench's own schema on the PostgreSQL at `url`; a connection or permission failure becomes a
 * BenchSetupError naming the (redacted) URL and the server's reason, not a driver stack trace.
 */
export async function createBenchSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  } catch (error) {
    throw new BenchSetupError(
      `cannot set up the bench on PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`,
    );
  } finally {
    await admin.end().catch(() => {});
  }
}

export async function runServerBench(options: ServerBenchOptions): Promise<ServerBenchResult> {
  const log = options.log ?? (() => {});
  let cleanup: () => Promise<void> = async () => {};
  let storageArgs: string[];
  let engine: 'sqlite' | 'postgres';
  if (options.databaseUrl !== undefined) {
    engine = 'postgres';
    const schema = `rgs_bench_${randomBytes(5).toString('hex')}`;
    await createBenchSchema(options.databaseUrl, schema);
    const sep = options.databaseUrl.includes('?') ? '&' : '?';
    storageArgs = [
      '--database-url',
      `${options.databaseUrl}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    ];
    cleanup = async () => {
      const c = new pg.Client({ connectionString: options.databaseUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  } else {
    engine = 'sqlite';
    const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'openrgs-bench-'));
    storageArgs = ['--data-dir', dir];
    if (options.dataDir === undefined) cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  log(`starting the server (${engine}, ${options.stations} stations at ${options.rateCps} cps, 20 Hz)…`);
  const server = await spawnServer([
    ...storageArgs,
    '--simulate',
    `poisson:${options.rateCps}`,
    '--simulated-stations',
    String(options.stations),
  ]);
  const screens: Screen[] = [];
  try {
    const { url } = server;
    const setup = await api<{ token: string }>(url, null, 'POST', '/api/setup', {
      setupToken: SETUP_TOKEN,
      username: 'bench',
      password: 'steady gamma counts at 20 Hz',
    });
    const token = setup.token;
    const stationIds = Array.from({ length: options.stations }, (_, i) => `sim-${i + 1}`);
    const cases: string[] = [];
    const sessions: string[] = [];
    for (const id of stationIds) {
      const kase = await api<{ id: string }>(url, token, 'POST', '/api/cases', { label: `bench ${id}` });
      cases.push(kase.id);
      sessions.push(
        (await api<{ id: string }>(url, token, 'POST', `/api/stations/${id}/sessions`, { caseId: kase.id }))
          .id,
      );
    }

    let measuring = false;
    let latencies: number[] = [];
    let delivered = 0;
    let lostToScreens = 0;
    const firstSeq = new Map<string, number>();
    const lastSeqSeen = new Map<string, number>();
    const wsBase = url.replace(/^http/, 'ws');
    for (const id of stationIds) {
      for (let k = 0; k < options.screensPerStation; k += 1) {
        const ws = new WebSocket(`${wsBase}/api/live?token=${token}&stationId=${id}`);
        const screen: Screen = { ws, lastSeq: new Map() };
        ws.on('message', (data) => {
          const now = hostNowMs();
          const m = JSON.parse(data.toString()) as {
            type: string;
            stationId: string;
            seq: number;
            receivedAtMs: number;
          };
          if (m.type !== 'live') return;
          const previous = screen.lastSeq.get(m.stationId);
          screen.lastSeq.set(m.stationId, m.seq);
          if (!measuring) return;
          if (!firstSeq.has(m.stationId)) firstSeq.set(m.stationId, m.seq);
          lastSeqSeen.set(m.stationId, Math.max(lastSeqSeen.get(m.stationId) ?? -1, m.seq));
          delivered += 1;
          if (previous !== undefined && m.seq > previous + 1) lostToScreens += m.seq - previous - 1;
          latencies.push(now - m.receivedAtMs);
        });
        await new Promise<void>((resolve, reject) => {
          ws.once('open', () => resolve());
          ws.once('error', reject);
        });
        screens.push(screen);
      }
    }

    // Measurement posters: one measurement after another, each with a fresh key. Paced: together
    // `pacedPerSecond` per second on a fixed schedule; max: back to back.
    let mode: 'paced' | 'max' = 'paced';
    let produced = 0;
    let stop = false;
    let acknowledged = 0;
    let failed = 0;
    let postLatencies: number[] = [];
    let serial = 0;
    const poster = async (p: number) => {
      const periodMs = options.pacedPerSecond > 0 ? (1000 * options.posters) / options.pacedPerSecond : 0;
      let due = hostNowMs() + (periodMs * p) / Math.max(1, options.posters);
      while (!stop) {
        if (mode === 'paced') {
          if (periodMs === 0) {
            await new Promise((r) => setTimeout(r, 100));
            continue;
          }
          const wait = due - hostNowMs();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          due = Math.max(due + periodMs, hostNowMs() - periodMs);
        }
        const i = serial++;
        const caseId = cases[i % cases.length]!;
        const t0 = hostNowMs();
        const res = await fetch(`${url}/api/cases/${caseId}/measurements`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'idempotency-key': `bench-${p}-${i}-${randomBytes(4).toString('hex')}`,
          },
          body: JSON.stringify({
            kind: 'in-vivo',
            siteLabel: `site ${i}`,
            counts: 100 + (i % 50),
            durationSeconds: 2,
            measuredAt: new Date(Date.now() - 1000).toISOString(),
          }),
        });
        await res.arrayBuffer();
        if (!measuring) continue;
        if (res.status === 201) {
          acknowledged += 1;
          postLatencies.push(hostNowMs() - t0);
        } else failed += 1;
      }
    };
    const posting = Array.from({ length: options.posters }, (_, p) => poster(p));
    const pid = server.child.pid!;

    const phase = async (posting: 'paced' | 'max'): Promise<PhaseResult> => {
      mode = posting;
      latencies = [];
      postLatencies = [];
      acknowledged = 0;
      failed = 0;
      firstSeq.clear();
      lastSeqSeen.clear();
      log(`${posting} posting: warming up ${options.warmupSeconds} s, then measuring ${options.seconds} s…`);
      await new Promise((r) => setTimeout(r, options.warmupSeconds * 1000));
      const cpu0 = processCpuSeconds(pid);
      const benchCpu0 = process.cpuUsage();
      const t0 = hostNowMs();
      measuring = true;
      await new Promise((r) => setTimeout(r, options.seconds * 1000));
      measuring = false;
      const wall = (hostNowMs() - t0) / 1000;
      for (const id of stationIds) {
        const first = firstSeq.get(id);
        const last = lastSeqSeen.get(id);
        if (first !== undefined && last !== undefined) produced += last - first + 1;
      }
      const cpu1 = processCpuSeconds(pid);
      const benchCpu = process.cpuUsage(benchCpu0);
      const health = await api<{ eventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number } | null }>(
        url,
        null,
        'GET',
        '/api/health',
      );
      latencies.sort((a, b) => a - b);
      postLatencies.sort((a, b) => a - b);
      return {
        posting,
        seconds: wall,
        latencyMs: {
          p50: percentile(latencies, 0.5),
          p99: percentile(latencies, 0.99),
          max: latencies[latencies.length - 1] ?? Number.NaN,
          samples: latencies.length,
        },
        measurements: {
          acknowledged,
          perSecond: acknowledged / wall,
          p50Ms: percentile(postLatencies, 0.5),
          p99Ms: percentile(postLatencies, 0.99),
          failed,
        },
        cpu: {
          serverPercentOfOneCore: ((cpu1 - cpu0) / wall) * 100,
          benchClientsPercentOfOneCore: ((benchCpu.user + benchCpu.system) / 1e6 / wall) * 100,
        },
        serverEventLoopDelayMs:
          health.eventLoopDelay === null
            ? null
            : {
                p50: health.eventLoopDelay.p50Ms,
                p99: health.eventLoopDelay.p99Ms,
                max: health.eventLoopDelay.maxMs,
              },
        loadAverage1m: loadavg()[0] ?? Number.NaN,
      };
    };
    const paced = await phase('paced');
    const max = await phase('max');
    stop = true;
    await Promise.all(posting);

    // End the sessions (frames flushed first), then compare what is on disk with what was produced.
    let persisted = 0;
    let missingOnDisk = 0;
    for (const sessionId of sessions) {
      await api(url, token, 'POST', `/api/live-sessions/${sessionId}/end`);
      const detail = await api<{ frameCount: number; lastSeq: number | null }>(
        url,
        token,
        'GET',
        `/api/live-sessions/${sessionId}`,
      );
      const firstFrames = await api<{ seq: number }[]>(
        url,
        token,
        'GET',
        `/api/live-sessions/${sessionId}/frames?limit=1`,
      );
      persisted += detail.frameCount;
      const firstOnDisk = firstFrames[0]?.seq;
      if (firstOnDisk !== undefined && detail.lastSeq !== null)
        missingOnDisk += detail.lastSeq - firstOnDisk + 1 - detail.frameCount;
    }
    const cores = cpus().length;
    return {
      engine,
      stations: options.stations,
      screens: screens.length,
      posters: options.posters,
      frameRateHz: 20,
      frames: { produced, delivered, lostToScreens, persisted, missingOnDisk },
      paced,
      max,
      machine: { cpuModel: cpus()[0]?.model ?? 'unknown', cores, node: process.version },
    };
  } finally {
    for (const s of screens) s.ws.terminate();
    server.child.kill('SIGTERM');
    await server.exited;
    await cleanup();
  }
}
