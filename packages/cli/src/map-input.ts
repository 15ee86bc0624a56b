// Shared by the `rgs map …` commands: reading frames and path files, the scan region of a scenario, the
// medium flag, and running a reconstruction with its wall-clock time.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CountFrame, parseFramesCsv } from '@openrgs/counting';
import {
  detectorFor,
  estimateLatency,
  freehandSweep,
  fromTip,
  isInjectionDepot,
  type LatencyEstimate,
  type MapResult,
  type Medium,
  mediumOf,
  poseAtTime,
  reconstructMap,
  scanRegionOf,
  type TrackedPose,
} from '@openrgs/map';
import { firstIssue } from '@openrgs/outcome';

export { mediumOf, scanRegionOf };

import { createRandom, deriveSeed } from '@openrgs/numeric';
import { createSimulation, findProbePreset, PROBE_PRESETS, type Scenario } from '@openrgs/sim';
import {
  CliError,
  type CliIo,
  optionalNumber,
  type ParsedArgs,
  requireString,
  stringFlag,
} from './command.js';
import { parsePathCsv } from './commands/simulate.js';

function readText(io: CliIo, file: string, flag: string): string {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new CliError(`--${flag}: cannot read '${file}' (${reason})`);
  }
}

export function readFrames(io: CliIo, file: string): CountFrame[] {
  const parsed = parseFramesCsv(readText(io, file, 'frames'));
  if (!parsed.ok)
    throw new CliError(
      `--frames: line ${firstIssue(parsed.issues).line}: ${firstIssue(parsed.issues).message}`,
    );
  if (parsed.value.length !== 1)
    throw new CliError(
      `--frames: ${parsed.value.length} streams in one file; the map takes one probe's frames`,
    );
  return (parsed.value[0]?.frames ?? []).map(({ line: _line, ...frame }) => frame);
}

export function readPath(io: CliIo, file: string): TrackedPose[] {
  return parsePathCsv(readText(io, file, 'path')).map((p) => ({
    timeSeconds: p.timeSeconds,
    positionCm: p.pose.positionCm,
    direction: p.pose.direction,
  }));
}

export function mediumFlag(args: ParsedArgs): Medium {
  const z = optionalNumber(args, 'surface-z-cm', { min: -100, max: 100 });
  return z === undefined ? { kind: 'air' } : { kind: 'tissue-below', surfaceZCm: z };
}

export const MAP_INPUT_OPTIONS = {
  frames: { type: 'string', description: 'frames CSV (startSeconds,durationSeconds,counts)' },
  path: {
    type: 'string',
    description: 'probe path CSV (timeSeconds,xCm,yCm,zCm,dx,dy,dz), patient frame, cm',
  },
  probe: { type: 'string', description: 'probe preset id (rgs probe list)' },
  nuclide: { type: 'string', description: 'nuclide, e.g. Tc-99m' },
  'voxel-mm': { type: 'string', description: 'map voxel edge, mm (0.5–20; default 5)' },
  'depth-cm': { type: 'string', description: 'map depth below the tip along the probe axis, cm (default 5)' },
  'surface-z-cm': {
    type: 'string',
    description: 'tissue (water) below the plane z = Z cm attenuates; without it the sources are in air',
  },
  'estimate-latency': {
    type: 'boolean',
    description: 'estimate the tracker latency from the data (±0.5 s, 0.02 s steps) and report it',
  },
  'latency-seconds': {
    type: 'string',
    description: 'tracker latency, s: a pose stamped t describes the probe at t − latency (default 0)',
  },
} as const;

export interface MapRun {
  result: MapResult;
  reconstructionSeconds: number;
  voxelSizeMm: number;
  medium: Medium;
  lastPose: TrackedPose;
  latencyEstimate: LatencyEstimate | null;
}

export function runReconstruction(io: CliIo, args: ParsedArgs): MapRun {
  const frames = readFrames(io, requireString(args, 'frames'));
  const poses = readPath(io, requireString(args, 'path'));
  const probeId = requireString(args, 'probe');
  const probe = findProbePreset(probeId);
  if (!probe)
    throw new CliError(
      `--probe: unknown probe preset '${probeId}' (known: ${PROBE_PRESETS.map((p) => p.id).join(', ')})`,
    );
  const nuclide = requireString(args, 'nuclide');
  const voxelSizeMm = optionalNumber(args, 'voxel-mm', { min: 0.5, max: 20 }) ?? 5;
  const depthCm = optionalNumber(args, 'depth-cm', { min: 0, exclusiveMin: true, max: 15 }) ?? 5;
  const latencySeconds = optionalNumber(args, 'latency-seconds', { min: -5, max: 5 }) ?? 0;
  const medium = mediumFlag(args);
  const started = performance.now();
  const made = reconstructMap({
    frames,
    poses,
    probe,
    nuclide,
    medium,
    voxelSizeMm,
    depthCm,
    latencySeconds,
    maxGapSeconds: 0.5,
  });
  const reconstructionSeconds = (performance.now() - started) / 1000;
  if (!made.ok) {
    const flag =
      firstIssue(made.issues).code === 'unknown-nuclide' || firstIssue(made.issues).code === 'no-window'
        ? '--nuclide: '
        : '';
    throw new CliError(`${flag}${firstIssue(made.issues).message}`);
  }
  let latencyEstimate: LatencyEstimate | null = null;
  if (args.values['estimate-latency'] === true) {
    const model = detectorFor({ probe, nuclide, depthCm });
    if (model.ok)
      latencyEstimate = estimateLatency({
        frames,
        poses,
        model: model.value,
        medium,
        sources: made.value.hotspots,
        backgroundCps: made.value.backgroundCps,
        maxGapSeconds: 0.5,
        rangeSeconds: 0.5,
        stepSeconds: 0.02,
        depthCm,
      });
  }
  void stringFlag;
  return {
    result: made.value,
    reconstructionSeconds,
    voxelSizeMm,
    medium,
    lastPose: poses.at(-1) as TrackedPose,
    latencyEstimate,
  };
}

/** The contract's JSON (voxelSizeMm, reconstructionSeconds, hotspots[{positionCm, relativeActivity}]) and more. */
export function mapSummary(run: MapRun) {
  const round = (v: number, d: number) => Number(v.toFixed(d));
  return {
    voxelSizeMm: run.voxelSizeMm,
    reconstructionSeconds: round(run.reconstructionSeconds, 3),
    hotspots: run.result.hotspots.map((h) => {
      const tip = fromTip(run.lastPose.positionCm, run.lastPose.direction, h.positionCm);
      return {
        positionCm: h.positionCm.map((v) => round(v, 3)),
        relativeActivity: round(h.relativeActivity, 3),
        activityKBq: round(h.activityMBq * 1000, 2),
        uncertaintyMm: round(h.uncertaintyMm, 2),
        // The uniform sphere fitted in place of a point, mm; 0: a point (no extent the data resolve).
        diameterMm: round(h.diameterMm, 1),
        depthBelowTipMm: round(tip.depthMm, 1),
        fromTip: tip.words,
        deltaLogLikelihood: round(h.deltaLogLikelihood, 1),
      };
    }),
    medium: run.medium,
    grid: { originCm: run.result.grid.originCm.map((v) => round(v, 3)), dims: run.result.grid.dims },
    framesUsed: run.result.framesUsed,
    framesWithoutPose: run.result.unposedFrames,
    iterations: run.result.iterations,
    stoppedBy: run.result.stoppedBy,
    backgroundCps: round(run.result.backgroundCps, 3),
    ...(run.latencyEstimate
      ? {
          latencyEstimate: {
            latencySeconds: round(run.latencyEstimate.latencySeconds, 3),
            uncertaintySeconds: round(run.latencyEstimate.uncertaintySeconds, 3),
            intervalSeconds: run.latencyEstimate.intervalSeconds.map((v) => round(v, 3)),
            reliable: run.latencyEstimate.reliable,
            reason: run.latencyEstimate.reason,
          },
        }
      : {}),
  };
}

/** A tracked freehand sweep of a scenario's target region and its frames, reproducible from the seed. */
export function simulateSweep(options: {
  scenario: Scenario;
  seconds: number;
  seed: number;
  frameSeconds: number;
  trackerHz: number;
  /**
   * Sweep the scenario's target region but simulate the patient without its target lesions (injection
   * depots stay): background-only data for calibrating the hotspot test.
   */
  withoutTargets?: boolean;
}): { poses: TrackedPose[]; frames: CountFrame[]; probeId: string; nuclide: string } {
  const { seconds, seed, frameSeconds } = options;
  const scenario = options.scenario;
  const poses = freehandSweep({
    ...scanRegionOf(scenario),
    standoffCm: 0.2,
    seconds,
    sampleSeconds: 1 / options.trackerHz,
    passSpacingCm: 1.5,
    random: createRandom(deriveSeed(seed, 17)),
  });
  const simulated = options.withoutTargets
    ? { ...scenario, lesions: scenario.lesions.filter((l) => isInjectionDepot(l)) }
    : scenario;
  const sim = createSimulation({ scenario: simulated, seed });
  const frames: CountFrame[] = [];
  const count = Math.floor(seconds / frameSeconds + 1e-9);
  for (let k = 0; k < count; k++) {
    const pose = poseAtTime(poses, k * frameSeconds + frameSeconds / 2, 1);
    if (!pose) throw new Error('the sweep does not cover its own frames');
    sim.setPose({ positionCm: [...pose.positionCm], direction: [...pose.direction] });
    frames.push(sim.nextFrame(frameSeconds));
  }
  return { poses, frames, probeId: sim.probe.id, nuclide: sim.nuclide };
}
