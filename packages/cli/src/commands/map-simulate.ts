// `rgs map simulate`: a tracked freehand sweep over a scenario's target region and its count frames.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findScenario, SCENARIOS } from '@openrgs/sim';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  optionalNumber,
  requireNumber,
  requireString,
  writeResult,
} from '../command.js';
import { mediumOf, scanRegionOf, simulateSweep } from '../map-input.js';
import { PATH_HEADER } from './simulate.js';

const fixed = (v: number, d: number) => {
  const s = v.toFixed(d).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
};

function write(cwd: string, file: string, flag: string, text: string): void {
  try {
    writeFileSync(resolve(cwd, file), text);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unwritable';
    throw new CliError(`--${flag}: cannot write '${file}' (${reason})`);
  }
}

export const command: Command = {
  name: 'map simulate',
  summary:
    'a tracked freehand sweep of a scenario (probe path CSV + count frames CSV), reproducible from the seed',
  usage:
    '--scenario NAME --seconds S --seed N --frames-out F.csv --path-out P.csv [--frame-seconds F] [--tracker-hz H] [--json]',
  details: [
    "The sweep covers the scenario's target lesions (an injection depot ≥ 1 MBq is not a target) with 2 cm to",
    'spare, serpentine passes along x then along y, the probe fanned ±25° and the hand trembling; the tip glides',
    '2 mm above the tissue surface (the open-abdomen plane, or the survey plane). Path CSV: the tracker samples',
    `(${PATH_HEADER}), as rgs simulate --path and rgs map reconstruct --path read it. Frames CSV: the counts`,
    'with the pose at each frame midpoint. Reconstruct with the --surface-z-cm this command prints.',
  ].join('\n'),
  options: {
    scenario: { type: 'string', description: 'scenario name (rgs simulate --list)' },
    seconds: { type: 'string', description: 'scan duration, s (> 0, ≤ 3600)' },
    seed: { type: 'string', description: 'random seed, whole number 0 … 2^53 - 1' },
    'frames-out': { type: 'string', description: 'frames CSV to write' },
    'path-out': { type: 'string', description: 'probe path CSV to write' },
    'frame-seconds': { type: 'string', description: 'count frame duration, s (default 0.1)' },
    'tracker-hz': { type: 'string', description: 'tracker sample rate, Hz (default 50)' },
    json: JSON_OPTION,
  },
  run(io, args) {
    const json = booleanFlag(args, 'json');
    const name = requireString(args, 'scenario');
    const scenario = findScenario(name);
    if (!scenario)
      throw new CliError(
        `--scenario: unknown scenario '${name}' (known: ${SCENARIOS.map((s) => s.name).join(', ')})`,
      );
    const seconds = requireNumber(args, 'seconds', { min: 0, exclusiveMin: true, max: 3600 });
    const seed = requireNumber(args, 'seed', { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true });
    const framesOut = requireString(args, 'frames-out');
    const pathOut = requireString(args, 'path-out');
    const frameSeconds = optionalNumber(args, 'frame-seconds', { min: 0.01, max: 10 }) ?? 0.1;
    const trackerHz = optionalNumber(args, 'tracker-hz', { min: 1, max: 1000 }) ?? 50;
    if (frameSeconds > seconds)
      throw new CliError(`--frame-seconds: ${frameSeconds} is longer than --seconds ${seconds}`);
    const region = scanRegionOf(scenario);
    const { poses, frames, probeId, nuclide } = simulateSweep({
      scenario,
      seconds,
      seed,
      frameSeconds,
      trackerHz,
    });
    const count = frames.length;
    let totalCounts = 0;
    const frameRows = ['startSeconds,durationSeconds,counts'];
    for (const frame of frames) {
      totalCounts += frame.counts;
      frameRows.push(`${fixed(frame.startSeconds, 6)},${fixed(frame.durationSeconds, 6)},${frame.counts}`);
    }
    const pathRows = [PATH_HEADER];
    for (const p of poses)
      pathRows.push(
        [p.timeSeconds, ...p.positionCm, ...p.direction].map((v, i) => fixed(v, i === 0 ? 6 : 5)).join(','),
      );
    write(io.cwd, framesOut, 'frames-out', `${frameRows.join('\n')}\n`);
    write(io.cwd, pathOut, 'path-out', `${pathRows.join('\n')}\n`);
    const medium = mediumOf(scenario);
    const data = {
      scenario: scenario.name,
      probe: probeId,
      nuclide: nuclide,
      seed,
      seconds,
      frames: count,
      frameSeconds,
      poses: poses.length,
      totalCounts,
      scanRegion: region,
      medium,
      lesions: scenario.lesions.map((l) => ({ id: l.id, centerCm: l.centerCm })),
      framesOut,
      pathOut,
    };
    writeResult(io, json, data, () =>
      [
        `${scenario.name}, probe ${probeId}, seed ${seed}: ${count} frames of ${frameSeconds} s, ${poses.length} poses, ${totalCounts} counts`,
        `written to ${framesOut} and ${pathOut}`,
        `reconstruct: rgs map reconstruct --frames ${framesOut} --path ${pathOut} --probe ${probeId} --nuclide ${nuclide}` +
          (medium.kind === 'tissue-below' ? ` --surface-z-cm ${medium.surfaceZCm}` : ''),
      ].join('\n'),
    );
    return 0;
  },
};
