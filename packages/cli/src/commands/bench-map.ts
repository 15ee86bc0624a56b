// `rgs bench map`: freehand mapping figures per scenario and seed — localisation error, lesions found, false
// hotspots, scan and reconstruction seconds, live update rate. A benchmark: it reports, it does not judge.
import { cpus, loadavg } from 'node:os';
import {
  alignFrames,
  createLiveMap,
  DEFAULT_HOTSPOTS,
  DEFAULT_MLEM,
  detectorFor,
  gridOverScan,
  MAX_VOXELS,
  reconstructMap,
} from '@openrgs/map';
import { findProbePreset, findScenario, SCENARIOS } from '@openrgs/sim';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  optionalNumber,
  stringFlag,
  writeResult,
} from '../command.js';
import { mediumOf, simulateSweep } from '../map-input.js';

const DEFAULT_SCENARIOS = [
  'freehand-phantom',
  'qc-co57',
  'sentinel-node',
  'ileal-net-hynic-toc',
  'ileal-primary-occult-node',
  'indeterminate-near-kidney',
  'impalpable-small-deposit',
];
/** A hotspot within this distance of a lesion's centre finds it, cm. */
const MATCH_CM = 1.0;
const VOXEL_MM = 5;
const DEPTH_CM = 5;

export interface MapBenchRow {
  scenario: string;
  seed: number;
  scanSeconds: number;
  counts: number;
  lesions: number;
  lesionsFound: number;
  falseHotspots: number;
  meanErrorMm: number | null;
  maxErrorMm: number | null;
  reconstructionSeconds: number;
  liveUpdates: number;
  liveUpdateMeanSeconds: number;
  liveUpdateMaxSeconds: number;
  liveUpdatesPerSecond: number;
}

function benchOne(name: string, seed: number, scanSeconds: number): MapBenchRow {
  const scenario = findScenario(name);
  if (!scenario) throw new CliError(`--scenarios: unknown scenario '${name}'`);
  const probe = findProbePreset(scenario.probe);
  if (!probe) throw new Error(`scenario ${name}: unknown probe ${scenario.probe}`);
  const sweep = simulateSweep({ scenario, seconds: scanSeconds, seed, frameSeconds: 0.1, trackerHz: 50 });
  const medium = mediumOf(scenario);
  const started = performance.now();
  const made = reconstructMap({
    frames: sweep.frames,
    poses: sweep.poses,
    probe,
    nuclide: scenario.nuclide,
    medium,
    voxelSizeMm: VOXEL_MM,
    depthCm: DEPTH_CM,
    latencySeconds: 0,
    maxGapSeconds: 0.5,
  });
  const reconstructionSeconds = (performance.now() - started) / 1000;
  if (!made.ok) throw new CliError(`${name}: ${made.issue.message}`);
  // Targets: the lesions, without an injection depot (≥ 1 MBq), as the sweep covers them.
  const targets = scenario.lesions.filter(
    (l) => !(l.uptake.kind === 'activity' && l.uptake.activityMBq >= 1),
  );
  const distance = (a: readonly number[], b: readonly number[]) =>
    Math.hypot(
      (a[0] as number) - (b[0] as number),
      (a[1] as number) - (b[1] as number),
      (a[2] as number) - (b[2] as number),
    );
  const errors: number[] = [];
  for (const lesion of targets) {
    const best = Math.min(...made.result.hotspots.map((h) => distance(h.positionCm, lesion.centerCm)));
    if (best <= MATCH_CM) errors.push(best * 10);
  }
  const falseHotspots = made.result.hotspots.filter(
    (h) => !scenario.lesions.some((l) => distance(h.positionCm, l.centerCm) <= MATCH_CM),
  ).length;
  // Live: the grid is fixed at the start (the planned scan region); every second the new frames are added
  // and the estimate refined from the last one (a few passes) with its hotspots.
  const aligned = alignFrames(sweep.frames, sweep.poses, { latencySeconds: 0, maxGapSeconds: 0.5 });
  if (!aligned.ok) throw new Error(aligned.issue.message);
  const grid = gridOverScan(aligned.alignment.frames, {
    voxelSizeCm: VOXEL_MM / 10,
    depthCm: DEPTH_CM,
    medium,
    marginCm: 0.5,
    maxVoxels: MAX_VOXELS,
  });
  const detector = detectorFor({ probe, nuclide: scenario.nuclide, depthCm: DEPTH_CM });
  if (!grid.ok || !detector.ok) throw new Error('live grid');
  const live = createLiveMap({ grid: grid.grid, detector: detector.model, medium });
  const updates: number[] = [];
  const all = aligned.alignment.frames;
  let next = 0;
  for (let second = 1; second <= Math.ceil(scanSeconds); second++) {
    const batch = [];
    while (next < all.length && (all[next]?.midSeconds as number) < second)
      batch.push(all[next++] as (typeof all)[0]);
    const t0 = performance.now();
    live.add(batch);
    live.update(
      { ...DEFAULT_MLEM, maxIterations: 4 },
      { ...DEFAULT_HOTSPOTS, maxCandidates: 4 },
      all.slice(0, next),
    );
    updates.push((performance.now() - t0) / 1000);
  }
  const mean = updates.reduce((s, v) => s + v, 0) / updates.length;
  return {
    scenario: name,
    seed,
    scanSeconds,
    counts: sweep.frames.reduce((s, f) => s + f.counts, 0),
    lesions: targets.length,
    lesionsFound: errors.length,
    falseHotspots,
    meanErrorMm: errors.length > 0 ? errors.reduce((s, v) => s + v, 0) / errors.length : null,
    maxErrorMm: errors.length > 0 ? Math.max(...errors) : null,
    reconstructionSeconds,
    liveUpdates: updates.length,
    liveUpdateMeanSeconds: mean,
    liveUpdateMaxSeconds: Math.max(...updates),
    liveUpdatesPerSecond: 1 / mean,
  };
}

export const command: Command = {
  name: 'bench map',
  summary:
    'freehand mapping benchmark: localisation error, lesions found, false hotspots, timings, live rate',
  usage: '[--scenarios a,b,…] [--seeds N] [--seconds S] [--json]',
  details: [
    `Per scenario and seed: a simulated freehand sweep (rgs map simulate), the final reconstruction (${VOXEL_MM} mm`,
    `voxels, ${DEPTH_CM} cm deep), and a live replay adding each second's frames to a warm-started estimate.`,
    `A lesion is found when a hotspot lies within ${MATCH_CM * 10} mm of its centre; a hotspot near no lesion is false.`,
    'Timings are wall-clock on this machine (the load average is printed with them).',
  ].join('\n'),
  options: {
    scenarios: {
      type: 'string',
      description: `comma-separated scenario names (default: ${DEFAULT_SCENARIOS.join(',')})`,
    },
    seeds: { type: 'string', description: 'seeds 1 … N per scenario (default 3)' },
    seconds: { type: 'string', description: 'scan seconds (default 60)' },
    json: JSON_OPTION,
  },
  run(io, args) {
    const names = (stringFlag(args, 'scenarios') ?? DEFAULT_SCENARIOS.join(','))
      .split(',')
      .map((s) => s.trim());
    for (const n of names)
      if (!findScenario(n))
        throw new CliError(
          `--scenarios: unknown scenario '${n}' (known: ${SCENARIOS.map((s) => s.name).join(', ')})`,
        );
    const seeds = optionalNumber(args, 'seeds', { min: 1, max: 100, integer: true }) ?? 3;
    const seconds = optionalNumber(args, 'seconds', { min: 5, max: 600 }) ?? 60;
    const rows: MapBenchRow[] = [];
    for (const n of names) for (let seed = 1; seed <= seeds; seed++) rows.push(benchOne(n, seed, seconds));
    const data = { cpus: cpus().length, loadAverage: loadavg()[0], voxelSizeMm: VOXEL_MM, rows };
    const f = (v: number | null, d = 1) => (v === null ? '–' : v.toFixed(d));
    writeResult(io, booleanFlag(args, 'json'), data, () =>
      [
        `rgs bench map: ${seconds} s freehand scans, ${VOXEL_MM} mm voxels; ${data.cpus} CPUs, load ${data.loadAverage?.toFixed(1)}`,
        'scenario                    seed  counts  found  false  mean mm  max mm  recon s  live upd/s',
        ...rows.map(
          (r) =>
            `${r.scenario.padEnd(27)} ${String(r.seed).padStart(4)}  ${String(r.counts).padStart(6)}  ${`${r.lesionsFound}/${r.lesions}`.padStart(5)}  ${String(r.falseHotspots).padStart(5)}  ${f(r.meanErrorMm).padStart(7)}  ${f(r.maxErrorMm).padStart(6)}  ${f(r.reconstructionSeconds, 2).padStart(7)}  ${f(r.liveUpdatesPerSecond, 1).padStart(10)}`,
        ),
      ].join('\n'),
    );
    return 0;
  },
};
