// `rgs simulate`: frames from the virtual patient for a fixed probe pose or a recorded probe path.

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { csvRows, numberField, readCsvRecords } from '@openrgs/csv';
import { firstIssue } from '@openrgs/outcome';
import {
  checkPose,
  createSimulation,
  findScenario,
  type ProbePose,
  SCENARIOS,
  SimulationError,
} from '@openrgs/sim';
import { z } from 'zod';
import {
  booleanFlag,
  CliError,
  type CliIo,
  type Command,
  JSON_OPTION,
  optionalNumber,
  requireNumber,
  requireString,
  stringFlag,
  writeResult,
} from '../command.js';

export const PATH_HEADER = 'timeSeconds,xCm,yCm,zCm,dx,dy,dz';

/** A vector flag `x,y,z`: three finite numbers. */
export function parseVector(text: string, flag: string): [number, number, number] {
  const parts = text.split(',');
  if (parts.length !== 3)
    throw new CliError(`--${flag}: '${text}' must be three comma-separated numbers (x,y,z)`, 2);
  const values = parts.map((p) =>
    /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(p) ? Number(p) : Number.NaN,
  );
  if (!values.every(Number.isFinite))
    throw new CliError(`--${flag}: '${text}' must be three comma-separated numbers (x,y,z)`, 2);
  return values as [number, number, number];
}

export interface PathPoint {
  timeSeconds: number;
  pose: ProbePose;
}

const PATH_ROW = z.object(
  Object.fromEntries(PATH_HEADER.split(',').map((name) => [name, numberField()])) as Record<
    'timeSeconds' | 'xCm' | 'yCm' | 'zCm' | 'dx' | 'dy' | 'dz',
    ReturnType<typeof numberField>
  >,
);

/** Parses a probe-path CSV (see `rgs simulate --help`) with the one CSV reader; errors name the line. */
export function parsePathCsv(text: string): PathPoint[] {
  const read = readCsvRecords(text);
  if (!read.ok)
    throw new CliError(`--path: line ${firstIssue(read.issues).line}: ${firstIssue(read.issues).message}`);
  const [header, ...body] = read.value;
  const headerText = header?.fields.join(',') ?? '';
  if (header === undefined || header.line !== 1 || headerText !== PATH_HEADER)
    throw new CliError(`--path: line 1 must be the header '${PATH_HEADER}', got '${headerText}'`);
  const checked = csvRows(body, PATH_HEADER.split(','), PATH_ROW);
  if (!checked.ok) {
    const first = checked.issues[0];
    throw new CliError(`--path: line ${first?.line}: ${first?.message}`);
  }
  const points: PathPoint[] = [];
  for (const row of checked.value) {
    const { line, timeSeconds: t } = row;
    const previous = points.at(-1);
    if (t < 0) throw new CliError(`--path: line ${line}: timeSeconds ${t} is negative`);
    if (previous && t <= previous.timeSeconds) {
      throw new CliError(`--path: line ${line}: timeSeconds ${t} is not after ${previous.timeSeconds}`);
    }
    const checkedPose = checkPose({
      positionCm: [row.xCm, row.yCm, row.zCm],
      direction: [row.dx, row.dy, row.dz],
    });
    if (!checkedPose.ok)
      throw new CliError(`--path: line ${line}: ${firstIssue(checkedPose.issues).message}`);
    points.push({ timeSeconds: t, pose: checkedPose.value });
  }
  if (points.length === 0) throw new CliError('--path: no poses after the header');
  return points;
}

/** The pose at time t: linear interpolation between path points, held before the first and after the last. */
export function poseAt(path: readonly PathPoint[], t: number): ProbePose {
  const first = path[0] as PathPoint;
  if (t <= first.timeSeconds) return first.pose;
  for (let i = 1; i < path.length; i++) {
    const b = path[i] as PathPoint;
    if (t <= b.timeSeconds) {
      const a = path[i - 1] as PathPoint;
      const f = (t - a.timeSeconds) / (b.timeSeconds - a.timeSeconds);
      const mix = (u: readonly number[], v: readonly number[]) =>
        [0, 1, 2].map((k) => (u[k] as number) + f * ((v[k] as number) - (u[k] as number)));
      const positionCm = mix(a.pose.positionCm, b.pose.positionCm);
      const checked = checkPose({ positionCm, direction: mix(a.pose.direction, b.pose.direction) });
      // Opposite directions interpolate through zero at the midpoint: keep the earlier direction there.
      return checked.ok
        ? checked.value
        : { positionCm: positionCm as [number, number, number], direction: a.pose.direction };
    }
  }
  return (path.at(-1) as PathPoint).pose;
}

/** Decimal seconds without binary noise (0.30000000000000004 → 0.3). */
function seconds(value: number): string {
  return String(Number(value.toFixed(9)));
}

function listScenarios(io: CliIo, json: boolean): number {
  const data = SCENARIOS.map((s) => ({
    name: s.name,
    title: s.title,
    tracer: s.tracer,
    nuclide: s.nuclide,
    injectedActivityMBq: s.injectedActivityMBq,
    hoursAfterInjection: s.hoursAfterInjection,
    probe: s.probe,
    startPose: s.startPose,
    lesions: s.lesions.map((l) => ({
      id: l.id,
      label: l.label,
      centerCm: l.centerCm,
      diameterCm: l.diameterCm,
      uptake: l.uptake,
      imaging: l.imaging,
      palpable: l.palpable,
      tumour: l.tumour,
    })),
  }));
  writeResult(io, json, data, () =>
    data
      .map((s) =>
        [
          `${s.name}  ${s.title}`,
          `    ${s.tracer ?? s.nuclide}${s.injectedActivityMBq > 0 ? `, ${s.injectedActivityMBq} MBq, ${s.hoursAfterInjection} h after injection` : ''}; probe ${s.probe}; start at [${s.startPose.positionCm.join(', ')}] cm looking [${s.startPose.direction.join(', ')}]`,
          ...s.lesions.map(
            (l) =>
              `    - ${l.id}: ${l.label}; ${l.diameterCm * 10} mm at [${l.centerCm.join(', ')}] cm; ` +
              (l.uptake.kind === 'ratio'
                ? `${l.uptake.ratio}× ${l.uptake.relativeTo ?? 'host tissue'}`
                : `${l.uptake.activityMBq * 1000} kBq`) +
              `; imaging ${l.imaging}${l.palpable ? ', palpable' : ''}`,
          ),
        ].join('\n'),
      )
      .join('\n'),
  );
  return 0;
}

export const command: Command = {
  name: 'simulate',
  summary: 'count frames from the virtual patient (scenario, probe pose or path, seed) as a frames CSV',
  usage:
    '--scenario NAME --seconds S --seed N --frames-out FILE.csv [--at x,y,z --direction dx,dy,dz | --path FILE] [--frame-seconds F] [--probe PRESET] [--json] | --list [--json]',
  details: [
    'Writes frames CSV `startSeconds,durationSeconds,counts` (device seconds from 0, whole counts) — the format',
    '`rgs detect --frames` reads. Coordinates: patient frame in cm, +x patient left, +y head, +z anterior',
    '(a probe looking into the supine patient points along 0,0,-1). Without --at/--path the probe stays at the',
    "scenario's start pose (rgs simulate --list shows it). The same arguments and seed give the same file.",
    `Path file: CSV with header ${PATH_HEADER}; one pose per line, times strictly increasing (s), position cm,`,
    'direction any non-zero vector; the pose at a frame is interpolated linearly at the frame midpoint, held',
    'before the first and after the last line.',
  ].join('\n'),
  options: {
    scenario: { type: 'string', description: 'scenario name (rgs simulate --list)' },
    seconds: { type: 'string', description: 'simulated duration, seconds (> 0)' },
    seed: { type: 'string', description: 'random seed, whole number 0 … 2^53 - 1' },
    'frames-out': { type: 'string', description: 'frames CSV file to write' },
    at: { type: 'string', description: 'probe tip position x,y,z, cm (patient frame); needs --direction' },
    direction: {
      type: 'string',
      description: 'probe viewing direction dx,dy,dz (unitless, non-zero); needs --at',
    },
    path: { type: 'string', description: `probe path CSV (${PATH_HEADER}; s, cm, unitless)` },
    'frame-seconds': { type: 'string', description: 'frame duration, seconds (> 0; default 0.1)' },
    probe: {
      type: 'string',
      description: "probe preset id (default: the scenario's; rgs probe-response --list)",
    },
    list: { type: 'boolean', description: 'list the scenarios and their lesions' },
    json: JSON_OPTION,
  },
  run(io, args) {
    const json = booleanFlag(args, 'json');
    if (booleanFlag(args, 'list')) return listScenarios(io, json);
    const name = requireString(args, 'scenario');
    const scenario = findScenario(name);
    if (!scenario)
      throw new CliError(
        `--scenario: unknown scenario '${name}' (known: ${SCENARIOS.map((s) => s.name).join(', ')})`,
      );
    const totalSeconds = requireNumber(args, 'seconds', { min: 0, exclusiveMin: true, max: 86400 });
    const seed = requireNumber(args, 'seed', { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
    const framesOut = requireString(args, 'frames-out');
    const frameSeconds = optionalNumber(args, 'frame-seconds', { min: 0, exclusiveMin: true }) ?? 0.1;
    if (frameSeconds > totalSeconds)
      throw new CliError(`--frame-seconds: ${frameSeconds} is longer than --seconds ${totalSeconds}`);
    const atText = stringFlag(args, 'at');
    const directionText = stringFlag(args, 'direction');
    const pathFile = stringFlag(args, 'path');
    if ((atText === undefined) !== (directionText === undefined))
      throw new CliError('--at and --direction go together', 2);
    if (atText !== undefined && pathFile !== undefined)
      throw new CliError('give either --at/--direction or --path, not both', 2);
    let path: PathPoint[] | null = null;
    let fixed: ProbePose = scenario.startPose;
    if (atText !== undefined && directionText !== undefined) {
      const checked = checkPose({
        positionCm: parseVector(atText, 'at'),
        direction: parseVector(directionText, 'direction'),
      });
      if (!checked.ok)
        throw new CliError(
          `--${firstIssue(checked.issues).path === 'direction' ? 'direction' : 'at'}: ${firstIssue(checked.issues).message}`,
          2,
        );
      fixed = checked.value;
    } else if (pathFile !== undefined) {
      let text: string;
      try {
        text = readFileSync(resolve(io.cwd, pathFile), 'utf8');
      } catch (error) {
        const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
        throw new CliError(`--path: cannot read '${pathFile}' (${reason})`);
      }
      path = parsePathCsv(text);
    }
    const probeId = stringFlag(args, 'probe');
    let sim: ReturnType<typeof createSimulation>;
    try {
      sim = createSimulation({ scenario, seed, ...(probeId === undefined ? {} : { probe: probeId }) });
    } catch (error) {
      if (error instanceof SimulationError)
        throw new CliError(`${error.code === 'unknown-probe' ? '--probe: ' : ''}${error.message}`);
      throw error;
    }
    const rows = ['startSeconds,durationSeconds,counts'];
    const whole = Math.floor(totalSeconds / frameSeconds + 1e-9);
    const remainder = totalSeconds - whole * frameSeconds;
    const durations = Array.from({ length: whole }, () => frameSeconds);
    if (remainder > 1e-9) durations.push(remainder);
    let totalCounts = 0;
    let start = 0;
    for (const d of durations) {
      sim.setPose(path ? poseAt(path, start + d / 2) : fixed);
      const frame = sim.nextFrame(d);
      totalCounts += frame.counts;
      rows.push(`${seconds(start)},${seconds(d)},${frame.counts}`);
      start += d;
    }
    try {
      writeFileSync(resolve(io.cwd, framesOut), `${rows.join('\n')}\n`);
    } catch (error) {
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unwritable';
      throw new CliError(`--frames-out: cannot write '${framesOut}' (${reason})`);
    }
    const data = {
      scenario: scenario.name,
      probe: sim.probe.id,
      nuclide: sim.nuclide,
      seed,
      frames: durations.length,
      seconds: totalSeconds,
      frameSeconds,
      totalCounts,
      meanRateCps: totalCounts / totalSeconds,
      framesOut,
      pose: path ? 'path' : fixed,
    };
    writeResult(io, json, data, () =>
      [
        `${scenario.name}, probe ${sim.probe.id}, seed ${seed}: ${durations.length} frames of ${frameSeconds} s`,
        `counts ${totalCounts} in ${totalSeconds} s (mean ${(totalCounts / totalSeconds).toFixed(1)} cps)`,
        `written to ${framesOut}`,
      ].join('\n'),
    );
    return 0;
  },
};
