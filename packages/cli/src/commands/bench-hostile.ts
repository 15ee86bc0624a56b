// `rgs bench hostile`: the server tried as an attacker would on loopback (issue 14) — figures for the
// README: requests tried, 5xx, answers outside the error shape, stack traces, authorization
// violations, /api/health p99 during the heaviest registry query and during a WebSocket flood.
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
  name: 'bench hostile',
  summary: 'try the server as an attacker would: hostile requests, role probes, heavy query, WebSocket flood',
  usage: '[--database-url URL] [--lesions N] [--flood-seconds S] [--hostile-seconds S] [--json]',
  details:
    'Starts `rgs serve` as a child process (SQLite in a temporary directory unless --database-url gives\n' +
    'a PostgreSQL database, where a scratch schema is created and dropped), then: every route of\n' +
    '/api/openapi.json with hostile bodies, fields, path parameters, queries and hosts, and raw malformed\n' +
    'HTTP; every route × every role lacking its permission and without a token; the registry statistics\n' +
    'over N imported lesions with 10000 replicates asked while /api/health is probed every 20 ms; two\n' +
    'unauthenticated sockets flooding /api/live while a viewer receives frames. Figures, not pass/fail\n' +
    '(goals: 0 5xx, 0 stack traces, 0 violations, health p99 < 50 ms). About 1–2 minutes.',
  options: {
    'database-url': {
      type: 'string',
      description: 'PostgreSQL database to run in (scratch schema, dropped after)',
    },
    lesions: {
      type: 'string',
      description: 'historic lesions imported for the heavy query, 100–80000 (default 3000)',
    },
    'flood-seconds': { type: 'string', description: 'length of the WebSocket flood, 1–60 s (default 5)' },
    'hostile-seconds': {
      type: 'string',
      description: 'most time spent on hostile requests, 5–600 s (default 45)',
    },
    json: JSON_OPTION,
  },
  run: async (io, args) => {
    const databaseUrl = stringFlag(args, 'database-url');
    if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new CliError(
        `--database-url: '${databaseUrl.replace(/:[^:@/]*@/, ':***@')}' is not a postgres:// URL`,
        2,
      );
    }
    const json = booleanFlag(args, 'json');
    const { runHostileBench, BenchSetupError } = await import('@openrgs/server');
    let r: Awaited<ReturnType<typeof runHostileBench>>;
    try {
      r = await runHostileBench({
        databaseUrl,
        registryLesions: optionalNumber(args, 'lesions', { min: 100, max: 80_000, integer: true }) ?? 3000,
        floodSeconds: optionalNumber(args, 'flood-seconds', { min: 1, max: 60 }) ?? 5,
        hostileSeconds: optionalNumber(args, 'hostile-seconds', { min: 5, max: 600 }) ?? 45,
        log: json ? () => {} : (line) => io.stderr.write(`${line}\n`),
      });
    } catch (error) {
      if (error instanceof BenchSetupError) throw new CliError(error.message, 1);
      throw error;
    }
    const statuses = Object.entries(r.requests.byStatus)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    writeResult(io, json, r, () =>
      [
        `rgs bench hostile — ${r.engine}, ${fixed(r.seconds, 0)} s (${r.machine.cores} × ${r.machine.cpuModel}, Node ${r.machine.node}; load average ${fixed(r.machine.loadAverage.start, 2)} at start, ${fixed(r.machine.loadAverage.end, 2)} at end)`,
        `  requests tried ${r.requests.tried}: 5xx ${r.requests.serverErrors}, stack traces ${r.requests.stackTraces}, not in the error shape ${r.requests.notInErrorShape}  (${statuses})`,
        `  authorization  ${r.authorization.probes} role × route probes: violations ${r.authorization.violations}`,
        `  baseline       /api/health with nothing heavy running, 3 s: p50 ${fixed(r.baseline.health.p50, 2)} ms, p99 ${fixed(r.baseline.health.p99, 2)} ms, max ${fixed(r.baseline.health.max, 2)} ms (${r.baseline.health.samples} probes): what the machine adds`,
        `  heavy query    registry stats over ${r.registry.lesions} lesions (10000 replicates asked, ${r.registry.replicatesUsed ?? 'n/a'} used): HTTP ${r.registry.statsStatus} in ${fixed(r.registry.statsSeconds, 2)} s; /api/health p50 ${fixed(r.registry.health.p50, 2)} ms, p99 ${fixed(r.registry.health.p99, 2)} ms, max ${fixed(r.registry.health.max, 2)} ms (${r.registry.health.samples} probes)`,
        `  WebSocket flood 2 unauthenticated sockets × ${r.flood.seconds} s (${r.flood.connections} connections, ${r.flood.messages} messages): /api/health p50 ${fixed(r.flood.health.p50, 2)} ms, p99 ${fixed(r.flood.health.p99, 2)} ms; viewer ${r.flood.viewerFrames} frames, largest gap ${fixed(r.flood.maxFrameGapMs, 0)} ms (20 Hz)`,
        `  server log     ${r.serverErrorLogLines} lines about 5xx answers`,
        ...[...r.requests.examples, ...r.authorization.examples].map((e) => `    ${e}`),
        ...r.requests.noAnswer.map((e) => `    no answer (status 0): ${e}`),
      ].join('\n'),
    );
    return 0;
  },
};
