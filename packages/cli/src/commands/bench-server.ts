// `rgs bench server`: frame-to-screen latency, frames lost, durable measurements per second and CPU
// of the real server with N simulated stations at 20 Hz (figures for the README; not a test).
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  optionalNumber,
  stringFlag,
  writeResult,
} from '../command.js';

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export const command: Command = {
  name: 'bench server',
  summary: 'benchmark the server: N simulated stations at 20 Hz, screens subscribed, measurements posted',
  usage: '[--stations N] [--screens-per-station K] [--posters P] [--seconds S] [--database-url URL] [--json]',
  details:
    'Starts `rgs serve` as a child process with N constant-rate Poisson stations (poisson:RATE, 20 Hz),\n' +
    'one live session per station (frames recorded), K WebSocket screens per station, and P clients\n' +
    'posting measurements: first paced (--paced-per-second in total), then back to back (the maximum\n' +
    'durable rate); each phase is reported. SQLite in a temporary directory unless --database-url is\n' +
    'given (then a scratch schema is created in that database and dropped afterwards).',
  options: {
    stations: { type: 'string', description: 'simulated stations, 1–100 (default 20)' },
    'screens-per-station': { type: 'string', description: 'WebSocket screens per station, 1–10 (default 2)' },
    posters: { type: 'string', description: 'concurrent measurement posters, 1–64 (default 4)' },
    'paced-per-second': {
      type: 'string',
      description: 'measurements per second (all posters) in the paced phase, 0–1000 (default 1 per station)',
    },
    seconds: { type: 'string', description: 'measured interval, seconds, 2–600 (default 20)' },
    'warmup-seconds': {
      type: 'string',
      description: 'discarded interval before measuring, seconds, 0–60 (default 3)',
    },
    'rate-cps': {
      type: 'string',
      description: 'true count rate of each station, cps, 1–100000 (default 150)',
    },
    'database-url': {
      type: 'string',
      description: 'PostgreSQL database to bench in (scratch schema, dropped after)',
    },
    'data-dir': { type: 'string', description: 'SQLite directory to use instead of a temporary one (kept)' },
    json: JSON_OPTION,
  },
  run: async (io, args) => {
    const databaseUrl = stringFlag(args, 'database-url');
    const dataDir = stringFlag(args, 'data-dir');
    if (databaseUrl !== undefined && dataDir !== undefined)
      throw new CliError('give --database-url or --data-dir, not both', 2);
    if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new CliError(
        `--database-url: '${databaseUrl.replace(/:[^:@/]*@/, ':***@')}' is not a postgres:// URL`,
        2,
      );
    }
    const options = {
      stations: optionalNumber(args, 'stations', { min: 1, max: 100, integer: true }) ?? 20,
      screensPerStation: optionalNumber(args, 'screens-per-station', { min: 1, max: 10, integer: true }) ?? 2,
      posters: optionalNumber(args, 'posters', { min: 1, max: 64, integer: true }) ?? 4,
      seconds: optionalNumber(args, 'seconds', { min: 2, max: 600 }) ?? 20,
      warmupSeconds: optionalNumber(args, 'warmup-seconds', { min: 0, max: 60 }) ?? 3,
      rateCps: optionalNumber(args, 'rate-cps', { min: 1, max: 100_000 }) ?? 150,
      pacedPerSecond: optionalNumber(args, 'paced-per-second', { min: 0, max: 1000 }),
      databaseUrl,
      dataDir,
    };
    const json = booleanFlag(args, 'json');
    const settings = { ...options, pacedPerSecond: options.pacedPerSecond ?? options.stations };
    const { runServerBench, BenchSetupError } = await import('@openrgs/server');
    let r: Awaited<ReturnType<typeof runServerBench>>;
    try {
      r = await runServerBench({
        ...settings,
        log: json ? () => {} : (line) => io.stderr.write(`${line}\n`),
      });
    } catch (error) {
      if (error instanceof BenchSetupError) throw new CliError(error.message, 1);
      throw error;
    }
    const phase = (p: typeof r.paced) =>
      [
        `  ${p.posting === 'paced' ? 'paced posting' : 'max posting  '}  frame → screen p50 ${fixed(p.latencyMs.p50, 2)} ms  p99 ${fixed(p.latencyMs.p99, 2)} ms  max ${fixed(p.latencyMs.max, 2)} ms (${p.latencyMs.samples} samples)`,
        `                 measurements ${fixed(p.measurements.perSecond)} /s acknowledged durably  p50 ${fixed(p.measurements.p50Ms, 2)} ms  p99 ${fixed(p.measurements.p99Ms, 2)} ms  failed ${p.measurements.failed}`,
        `                 CPU server ${fixed(p.cpu.serverPercentOfOneCore)} % of one core, bench clients ${fixed(p.cpu.benchClientsPercentOfOneCore)} %  server event-loop delay p99 ${fixed(p.serverEventLoopDelayMs?.p99 ?? Number.NaN, 2)} ms  load average ${fixed(p.loadAverage1m, 2)}`,
      ].join('\n');
    writeResult(io, json, r, () =>
      [
        `rgs bench server — ${r.engine}, ${r.stations} stations × 20 Hz, ${r.screens} screens, ${r.posters} posters (${r.machine.cores} × ${r.machine.cpuModel}, Node ${r.machine.node})`,
        phase(r.paced),
        phase(r.max),
        `  frames         produced ${r.frames.produced}  delivered ${r.frames.delivered}  lost to screens ${r.frames.lostToScreens}  on disk ${r.frames.persisted}  missing on disk ${r.frames.missingOnDisk}`,
      ].join('\n'),
    );
    return 0;
  },
};
