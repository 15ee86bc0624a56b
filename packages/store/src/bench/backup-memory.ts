// Peak memory of `rgs backup` and `rgs restore` on a large PostgreSQL store (a benchmark, not a test: it
// prints figures). A fresh schema in database `test` is filled through the store API with one case, one
// live session of FRAMES raw frames (the largest table a real site grows) and MEASUREMENTS measurements,
// then each command runs as its own process under /usr/bin/time, which reports the peak resident set.
// Usage: node --import tsx packages/store/src/bench/backup-memory.ts [--frames 400000] [--measurements 2000]
//        [--formats json,pg_dump]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Store } from '../store.js';
import { type TempTarget, tempTarget } from '../testing.js';

const root = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '400000' },
    measurements: { type: 'string', default: '2000' },
    formats: { type: 'string', default: 'json' },
  },
});
const frames = Number(values.frames);
const measurements = Number(values.measurements);
const formats = String(values.formats).split(',');
const actor = { userId: null, username: 'bench' };

async function populate(target: TempTarget['target']): Promise<void> {
  const store = await Store.open(target);
  try {
    const kase = await store.cases.create(actor, { label: 'BENCH-BACKUP' });
    const session = await store.live.start(actor, {
      caseId: kase.id,
      stationId: 'bench',
      probeId: null,
      probeName: 'bench probe',
    });
    const batch = 20_000;
    for (let from = 0; from < frames; from += batch) {
      const rows = [];
      for (let seq = from; seq < Math.min(frames, from + batch); seq += 1) {
        rows.push({
          liveSessionId: session.id,
          seq,
          startSeconds: seq * 0.1,
          durationSeconds: 0.1,
          counts: (seq * 7919) % 1000,
          liveTimeSeconds: 0.0999,
          receivedAtMs: 1_764_000_000_000 + seq * 100,
        });
      }
      await store.live.appendFrames(rows);
    }
    for (let i = 0; i < measurements; i += 1) {
      await store.measurements.record(actor, {
        caseId: kase.id,
        idempotencyKey: `m-${i}`,
        requestHash: `h-${i}`,
        input: {
          kind: 'in-vivo',
          siteLabel: `site ${i}`,
          counts: 1000 + i,
          durationSeconds: 10,
          measuredAt: new Date(1_764_000_000_000 + i * 1000).toISOString(),
          source: 'manual',
        },
        derive: (_ctx, input) => ({
          rateCps: input.counts / input.durationSeconds,
          rateLowCps: null,
          rateHighCps: null,
          decayCorrectedRateCps: null,
          decayReferenceTime: null,
          nuclide: null,
          halfLifeSeconds: null,
          backgroundModel: null,
          ratio: null,
          verdict: 'undecided',
          evidence: 'benchmark',
        }),
      });
    }
  } finally {
    await store.close();
  }
}

const BASE_PG_URL = process.env.RGS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function freshDatabaseFor(sourceUrl: string): Promise<TempTarget> {
  const name = `rgs_t_db_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`).finally(() => admin.end());
  const url = sourceUrl.replace(/\/test\?/, `/${name}?`);
  return {
    target: { engine: 'postgres', url },
    flag: { databaseUrl: url },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: BASE_PG_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`).finally(() => client.end());
    },
  };
}

interface Figure {
  peakRssMiB: number;
  seconds: number;
}

function timed(args: string[]): Figure {
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', '%M %e', process.execPath, join(root, 'packages/cli/bin/rgs.js'), ...args],
    {
      encoding: 'utf8',
      cwd: root,
    },
  );
  const lines = run.stderr.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  const [kb, seconds] = last.split(' ').map(Number);
  if (run.status !== 0 || kb === undefined || seconds === undefined) {
    throw new Error(`rgs ${args[0]} failed (${run.status}): ${run.stdout}${run.stderr}`);
  }
  return { peakRssMiB: Math.round(kb / 102.4) / 10, seconds };
}

const work = mkdtempSync(join(tmpdir(), 'openrgs-bench-backup-'));
const temps: TempTarget[] = [];
try {
  const source = await tempTarget('postgres');
  temps.push(source);
  const started = Date.now();
  await populate(source.target);
  console.log(
    `store: ${frames} live frames + ${measurements} measurements (PostgreSQL), filled in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const format of formats) {
    const file = join(work, `backup-${format}`);
    const url = 'databaseUrl' in source.flag ? source.flag.databaseUrl : '';
    const formatFlag = format === 'json' ? [] : ['--format', format];
    const made = timed(['backup', '--out', file, '--database-url', url, ...formatFlag]);
    const mib = Math.round(statSync(file).size / 104857.6) / 10;
    console.log(
      `backup  (${format}): peak RSS ${made.peakRssMiB} MiB, ${made.seconds} s, file ${mib} MiB  [load ${loadavg()[0]?.toFixed(2)}]`,
    );
    // A pg_dump archive goes back into the schema it came from: a fresh database, same search_path.
    const into = format === 'pg_dump' ? await freshDatabaseFor(url) : await tempTarget('postgres');
    temps.push(into);
    const intoUrl = 'databaseUrl' in into.flag ? into.flag.databaseUrl : '';
    const back = timed(['restore', '--from', file, '--database-url', intoUrl]);
    console.log(
      `restore (${format} → PostgreSQL): peak RSS ${back.peakRssMiB} MiB, ${back.seconds} s  [load ${loadavg()[0]?.toFixed(2)}]`,
    );
    if (format === 'json') {
      const sqlite = await tempTarget('sqlite');
      temps.push(sqlite);
      const dir = 'dataDir' in sqlite.flag ? sqlite.flag.dataDir : '';
      const toSqlite = timed(['restore', '--from', file, '--data-dir', dir]);
      console.log(
        `restore (${format} → SQLite): peak RSS ${toSqlite.peakRssMiB} MiB, ${toSqlite.seconds} s  [load ${loadavg()[0]?.toFixed(2)}]`,
      );
    }
  }
} finally {
  for (const t of temps) await t.cleanup().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
