// `rgs bench map`: freehand mapping figures per scenario and seed — localisation error, lesions found, false
// hotspots, scan and reconstruction seconds, live update rate. A benchmark: it reports, it does not judge.

import { cpus, loadavg } from 'node:os';
import {
  alignFrames,
  DEFAULT_BODY_BASIS,
  DEFAULT_HOTSPOTS,
  type HotspotOptions,
  isInjectionDepot,
  LIVE_HOTSPOTS,
  organTemplatesOf,
  reconstructMap,
} from '@openrgs/map';
import { firstIssue } from '@openrgs/outcome';
import { createMapWorkerState, LIVE_UPDATE_MS, SIM_FRAME_SECONDS } from '@openrgs/server';
import { findProbePreset, findScenario, SCENARIOS, type Scenario } from '@openrgs/sim';
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

type Lesion = Scenario['lesions'][number];

function distanceCm(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(
    (a[0] as number) - (b[0] as number),
    (a[1] as number) - (b[1] as number),
    (a[2] as number) - (b[2] as number),
  );
}

/**
 * Hotspots against the truth: each target lesion's nearest hotspot within MATCH_CM finds it (its distance
 * the localisation error); a hotspot near no lesion present (targets and injection depots) is false.
 */
function scoreHotspots<
  H extends {
    positionCm: readonly number[];
    deltaLogLikelihood: number;
    refinementZ?: number | null;
    refinementShare?: number | null;
  },
>(hotspots: readonly H[], targets: readonly Lesion[], present: readonly Lesion[]) {
  const errorsMm: number[] = [];
  for (const lesion of targets) {
    const best = Math.min(...hotspots.map((h) => distanceCm(h.positionCm, lesion.centerCm)));
    if (best <= MATCH_CM) errorsMm.push(best * 10);
  }
  const foundGains = hotspots
    .filter((h) => targets.some((l) => distanceCm(h.positionCm, l.centerCm) <= MATCH_CM))
    .map((h) => h.deltaLogLikelihood);
  const falseOnes = hotspots.filter(
    (h) => !present.some((l) => distanceCm(h.positionCm, l.centerCm) <= MATCH_CM),
  );
  return { errorsMm, foundGains, falseOnes };
}

const mean = (v: readonly number[]) => (v.length > 0 ? v.reduce((s, x) => s + x, 0) / v.length : null);

/** One live update scored against the truth. */
export interface LiveScore {
  /** Scan seconds at the update (the frames it used end here). */
  atSeconds: number;
  lesionsFound: number;
  falseHotspots: number;
  meanErrorMm: number | null;
}

/** Scan times at which the text table shows the live hotspots (the update nearest to each). */
const LIVE_CHECKPOINTS_SECONDS = [10, 20, 30, 45, 60];

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
  /** CPU seconds of the final reconstruction. */
  reconstructionCpuSeconds: number;
  liveUpdates: number;
  /** Wall-clock seconds per live update (mean, max) on this machine at the printed load. */
  liveUpdateMeanSeconds: number;
  liveUpdateMaxSeconds: number;
  /** CPU seconds per live update (mean, max): what the update costs, whatever the load. */
  liveUpdateMeanCpuSeconds: number;
  liveUpdateMaxCpuSeconds: number;
  /** Live updates over the scan seconds, on the server's schedule (see liveReplay). */
  liveUpdatesPerSecond: number;
  /** Live grids made (a rebuild of the system matrix each). */
  liveGrids: number;
  /** The sweep's data had no target lesions (--background-only). */
  backgroundOnly: boolean;
  /** Largest log-likelihood gain of a false hotspot (null: none): what a threshold must stay above. */
  falseHotspotMaxDeltaLogLikelihood: number | null;
  /**
   * The false hotspots of the final map: gain and Vuong z against the finer body (null: not tested), for
   * calibrating the finer-body test's cut-off (--edge-z).
   */
  falseHotspotTests: Array<{
    positionCm: number[];
    deltaLogLikelihood: number;
    refinementZ: number | null;
    refinementShare: number | null;
  }>;
  /** The hotspots that found a lesion: the lesion, gain and Vuong z against the finer body. */
  foundTests: Array<{
    lesion: string;
    deltaLogLikelihood: number;
    refinementZ: number | null;
    refinementShare: number | null;
  }>;
  /** Smallest log-likelihood gain of a hotspot that found a lesion (null: none). */
  foundMinDeltaLogLikelihood: number | null;
  /** Fitted diameters of the hotspots that found a lesion, mm, by lesion (0: fitted as a point). */
  foundDiameterMm: Array<{ lesion: string; diameterMm: number; trueDiameterMm: number }>;
  /** Every live update's hotspots scored as the final map's (empty with --no-live). */
  liveTimeline: LiveScore[];
  /** The live updates nearest to LIVE_CHECKPOINTS_SECONDS (those within the scan). */
  liveCheckpoints: LiveScore[];
  /** Scan seconds from which every live update found as many lesions as the final map (null: never). */
  liveSteadySeconds: number | null;
  /**
   * --live-compare: the same live replay again, right after, with the other live hotspot options (the
   * finer-body test's cheap form on when the default has it off, and back): its rate, CPU per update and
   * false hotspots per update, for a ratio at one load.
   */
  liveCompare: {
    edgeTest: boolean;
    liveUpdatesPerSecond: number;
    liveUpdateMeanCpuSeconds: number;
    meanFalseHotspots: number;
    maxFalseHotspots: number;
    lastFalseHotspots: number;
    lastLesionsFound: number;
  }[];
}

/**
 * The live map as the server makes it during a simulated sweep: the server's worker code
 * (createMapWorkerState) fed the server's 0.05 s frames and an on-time tracker's poses, an update asked every LIVE_UPDATE_MS unless one is
 * still running, a slow one followed at once by the next (tracked-map.ts). The clock is virtual and moves by
 * each update's measured wall time, so the rate is what this machine sustains at this load; the worker
 * thread's start and the message copies are not in it.
 */
function liveReplay(
  scenario: Scenario,
  seed: number,
  scanSeconds: number,
  truth: { targets: readonly Lesion[]; present: readonly Lesion[] },
  liveHotspots: HotspotOptions = LIVE_HOTSPOTS,
) {
  const sweep = simulateSweep({
    scenario,
    seconds: scanSeconds,
    seed,
    frameSeconds: SIM_FRAME_SECONDS,
    trackerHz: 20,
  });
  const aligned = alignFrames(sweep.frames, sweep.poses, { latencySeconds: 0, maxGapSeconds: 0.5 });
  if (!aligned.ok) throw new Error(firstIssue(aligned.issues).message);
  const state = createMapWorkerState(
    {
      probeId: sweep.probeId,
      nuclide: sweep.nuclide,
      medium: mediumOf(scenario),
      voxelSizeMm: VOXEL_MM,
      depthCm: DEPTH_CM,
      plannedPoses: sweep.poses.map((p) => ({ tipCm: p.positionCm, direction: p.direction })),
      // An on-time tracker's samples: the worker estimates the tracker latency every 10 updates, as on a
      // tracked station, so the rate below includes that cost.
      trackedPoses: sweep.poses,
    },
    () => performance.now(),
    liveHotspots,
  );
  const all = aligned.value.frames;
  const wall: number[] = [];
  const cpu: number[] = [];
  const timeline: LiveScore[] = [];
  let grids = 0;
  let next = 0;
  for (let t = LIVE_UPDATE_MS / 1000; t <= scanSeconds; ) {
    const batch = [];
    while (next < all.length && (all[next]?.midSeconds as number) < t)
      batch.push(all[next++] as (typeof all)[0]);
    state.add(batch);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const update = state.update();
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(c0);
    if (update) {
      wall.push(seconds);
      cpu.push((used.user + used.system) / 1e6);
      grids = update.gridsMade;
      const scored = scoreHotspots(update.hotspots, truth.targets, truth.present);
      timeline.push({
        atSeconds: Number(t.toFixed(2)),
        lesionsFound: scored.errorsMm.length,
        falseHotspots: scored.falseOnes.length,
        meanErrorMm: mean(scored.errorsMm),
      });
    }
    t += Math.max(LIVE_UPDATE_MS / 1000, seconds);
  }
  return {
    liveUpdates: wall.length,
    liveUpdateMeanSeconds: mean(wall) ?? 0,
    liveUpdateMaxSeconds: Math.max(0, ...wall),
    liveUpdateMeanCpuSeconds: mean(cpu) ?? 0,
    liveUpdateMaxCpuSeconds: Math.max(0, ...cpu),
    liveUpdatesPerSecond: wall.length / scanSeconds,
    liveGrids: grids,
    liveTimeline: timeline,
  };
}

interface BenchOptions {
  localBackgroundRadiusCm: number | undefined;
  backgroundOnly: boolean;
  minDeltaLogLikelihood: number | undefined;
  minRefinementZ: number | undefined;
  noBody: boolean;
  skipLive: boolean;
  organs: boolean;
  liveCompare: boolean;
}

const NO_LIVE = {
  liveUpdates: 0,
  liveUpdateMeanSeconds: 0,
  liveUpdateMaxSeconds: 0,
  liveUpdateMeanCpuSeconds: 0,
  liveUpdateMaxCpuSeconds: 0,
  liveUpdatesPerSecond: 0,
  liveGrids: 0,
  liveTimeline: [] as LiveScore[],
};

function benchOne(name: string, seed: number, scanSeconds: number, o: BenchOptions): MapBenchRow {
  const scenario = findScenario(name);
  if (!scenario) throw new CliError(`--scenarios: unknown scenario '${name}'`);
  const probe = findProbePreset(scenario.probe);
  if (!probe) throw new Error(`scenario ${name}: unknown probe ${scenario.probe}`);
  const sweep = simulateSweep({
    scenario,
    seconds: scanSeconds,
    seed,
    frameSeconds: 0.1,
    trackerHz: 50,
    withoutTargets: o.backgroundOnly,
  });
  const medium = mediumOf(scenario);
  const organs = organTemplatesOf(scenario);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
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
    hotspots: {
      ...(o.localBackgroundRadiusCm !== undefined
        ? { localBackgroundRadiusCm: o.localBackgroundRadiusCm }
        : {}),
      ...(o.minDeltaLogLikelihood !== undefined ? { minDeltaLogLikelihood: o.minDeltaLogLikelihood } : {}),
      ...(o.minRefinementZ !== undefined ? { minRefinementZ: o.minRefinementZ } : {}),
    },
    ...(o.noBody ? { body: null } : {}),
    ...(!o.noBody && o.organs && organs ? { body: { ...DEFAULT_BODY_BASIS, organs } } : {}),
  });
  const reconstructionSeconds = (performance.now() - started) / 1000;
  const cpuUsed = process.cpuUsage(cpuStarted);
  const reconstructionCpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
  if (!made.ok) throw new CliError(`${name}: ${firstIssue(made.issues).message}`);
  // Targets: the lesions, without an injection depot (≥ 1 MBq), as the sweep covers them; none in a
  // background-only sweep (every hotspot away from a depot is false there).
  const present = o.backgroundOnly ? scenario.lesions.filter((l) => isInjectionDepot(l)) : scenario.lesions;
  const targets = present.filter((l) => !isInjectionDepot(l));
  const { errorsMm: errors, foundGains, falseOnes } = scoreHotspots(made.value.hotspots, targets, present);
  const falseHotspots = falseOnes.length;
  const z = (v: number | null) => (v === null ? null : Number(v.toFixed(2)));
  const falseHotspotTests = falseOnes.map((h) => ({
    positionCm: h.positionCm.map((v) => Number(v.toFixed(2))),
    deltaLogLikelihood: Number(h.deltaLogLikelihood.toFixed(1)),
    refinementZ: z(h.refinementZ),
    refinementShare: z(h.refinementShare),
  }));
  const foundTests = targets.flatMap((l) => {
    const h = made.value.hotspots
      .filter((c) => distanceCm(c.positionCm, l.centerCm) <= MATCH_CM)
      .sort((a, b) => distanceCm(a.positionCm, l.centerCm) - distanceCm(b.positionCm, l.centerCm))[0];
    return h
      ? [
          {
            lesion: l.id,
            deltaLogLikelihood: Number(h.deltaLogLikelihood.toFixed(1)),
            refinementZ: z(h.refinementZ),
            refinementShare: z(h.refinementShare),
          },
        ]
      : [];
  });
  const foundDiameterMm = targets.flatMap((l) => {
    const near = made.value.hotspots.filter((h) => distanceCm(h.positionCm, l.centerCm) <= MATCH_CM);
    const h = near.sort(
      (a, b) => distanceCm(a.positionCm, l.centerCm) - distanceCm(b.positionCm, l.centerCm),
    )[0];
    return h
      ? [{ lesion: l.id, diameterMm: Number(h.diameterMm.toFixed(1)), trueDiameterMm: l.diameterCm * 10 }]
      : [];
  });
  const live = o.skipLive ? NO_LIVE : liveReplay(scenario, seed, scanSeconds, { targets, present });
  const liveCompare: MapBenchRow['liveCompare'] = [];
  if (!o.skipLive && o.liveCompare) {
    const summary = (edgeTest: boolean, l: ReturnType<typeof liveReplay>) => {
      const f = l.liveTimeline.map((u) => u.falseHotspots);
      return {
        edgeTest,
        liveUpdatesPerSecond: l.liveUpdatesPerSecond,
        liveUpdateMeanCpuSeconds: l.liveUpdateMeanCpuSeconds,
        meanFalseHotspots: mean(f) ?? 0,
        maxFalseHotspots: Math.max(0, ...f),
        lastFalseHotspots: f.at(-1) ?? 0,
        lastLesionsFound: l.liveTimeline.at(-1)?.lesionsFound ?? 0,
      };
    };
    const defaultHasEdge = LIVE_HOTSPOTS.localRefinement != null;
    liveCompare.push(summary(defaultHasEdge, live));
    const other: HotspotOptions = defaultHasEdge
      ? { ...LIVE_HOTSPOTS, localRefinement: null }
      : {
          ...LIVE_HOTSPOTS,
          localRefinement: DEFAULT_HOTSPOTS.localRefinement ?? null,
          refinementSeenFramesOnly: true,
        };
    liveCompare.push(
      summary(!defaultHasEdge, liveReplay(scenario, seed, scanSeconds, { targets, present }, other)),
    );
  }
  const liveCheckpoints = LIVE_CHECKPOINTS_SECONDS.filter((c) => c <= scanSeconds).flatMap((c) => {
    let at: LiveScore | undefined;
    for (const u of live.liveTimeline)
      if (!at || Math.abs(u.atSeconds - c) < Math.abs(at.atSeconds - c)) at = u;
    return at ? [at] : [];
  });
  let liveSteadySeconds: number | null = null;
  for (let i = live.liveTimeline.length - 1; i >= 0; i--) {
    if ((live.liveTimeline[i] as LiveScore).lesionsFound < errors.length) break;
    liveSteadySeconds = (live.liveTimeline[i] as LiveScore).atSeconds;
  }
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
    reconstructionCpuSeconds,
    ...live,
    backgroundOnly: o.backgroundOnly,
    falseHotspotMaxDeltaLogLikelihood:
      falseOnes.length > 0 ? Math.max(...falseOnes.map((h) => h.deltaLogLikelihood)) : null,
    foundMinDeltaLogLikelihood: foundGains.length > 0 ? Math.min(...foundGains) : null,
    falseHotspotTests,
    foundTests,
    foundDiameterMm,
    liveCheckpoints,
    liveSteadySeconds: errors.length > 0 ? liveSteadySeconds : null,
    liveCompare,
  };
}

export const command: Command = {
  name: 'bench map',
  summary:
    'freehand mapping benchmark: localisation error, lesions found, false hotspots, timings, live rate',
  usage:
    '[--scenarios a,b,…] [--seeds N] [--first-seed K] [--seconds S] [--background-only] [--threshold DL] [--edge-z Z] [--no-body] [--organs] [--no-live] [--live-compare] [--json]',
  details: [
    `Per scenario and seed: a simulated freehand sweep (rgs map simulate), the final reconstruction (${VOXEL_MM} mm`,
    `voxels, ${DEPTH_CM} cm deep), and a live replay as the server runs it: its map worker's code fed 0.05 s frames,`,
    `an update every ${LIVE_UPDATE_MS} ms unless one is running (virtual clock moved by each update's measured time).`,
    'live upd/s = updates / scan seconds; live cpu s = mean CPU seconds per update (the load-free cost).',
    `A lesion is found when a hotspot lies within ${MATCH_CM * 10} mm of its centre; a hotspot near no lesion is false.`,
    'Timings are wall-clock on this machine (the load average is printed with them).',
    '--background-only: the same sweeps of the patient without its target lesions (calibration of the hotspot',
    'test: every hotspot there is false; "max false dL" is the largest log-likelihood gain a false one reached).',
  ].join('\n'),
  options: {
    scenarios: {
      type: 'string',
      description: `comma-separated scenario names (default: ${DEFAULT_SCENARIOS.join(',')})`,
    },
    seeds: { type: 'string', description: 'seeds per scenario, K … K + N − 1 (default 3)' },
    'first-seed': { type: 'string', description: 'first seed K (default 1)' },
    'background-only': {
      type: 'boolean',
      description: 'simulate the patient without its target lesions (false-hotspot calibration)',
    },
    threshold: {
      type: 'string',
      description: "log-likelihood gain a hotspot must reach (default: the map package's, DEFAULT_HOTSPOTS)",
    },
    'edge-z': {
      type: 'string',
      description:
        "least Vuong z a hotspot needs against a finer body in its place (default: the map package's minRefinementZ; a large negative value keeps every hotspot and still reports its z)",
    },
    'no-body': {
      type: 'boolean',
      description: 'no body basis: a uniform background only (the model before the body basis)',
    },
    'no-live': { type: 'boolean', description: 'final reconstruction only, no live replay' },
    'live-compare': {
      type: 'boolean',
      description:
        'replay the live map a second time with the finer-body test switched (on if the default is off); rate, CPU per update and false live hotspots of both in --json liveCompare',
    },
    organs: {
      type: 'boolean',
      description:
        "final map: the scenario's fixed organs (liver, spleen, kidneys, adrenals, pancreas, blood pool) as templates of the body basis, as a registered pre-op CT segmentation would give them (here exact: an upper bound)",
    },
    seconds: { type: 'string', description: 'scan seconds (default 60)' },
    'local-background-cm': {
      type: 'string',
      description:
        'final map only: judge hotspots against the map activity farther than this from every candidate, cm (experimental; default off)',
    },
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
    const first = optionalNumber(args, 'first-seed', { min: 0, max: 1e9, integer: true }) ?? 1;
    const options: BenchOptions = {
      localBackgroundRadiusCm: optionalNumber(args, 'local-background-cm', { min: 0.5, max: 5 }),
      backgroundOnly: booleanFlag(args, 'background-only'),
      minDeltaLogLikelihood: optionalNumber(args, 'threshold', { min: 0, max: 1e6 }),
      minRefinementZ: optionalNumber(args, 'edge-z', { min: -1e6, max: 1e6 }),
      noBody: booleanFlag(args, 'no-body'),
      skipLive: booleanFlag(args, 'no-live'),
      organs: booleanFlag(args, 'organs'),
      liveCompare: booleanFlag(args, 'live-compare'),
    };
    const rows: MapBenchRow[] = [];
    for (const n of names)
      for (let seed = first; seed < first + seeds; seed++) rows.push(benchOne(n, seed, seconds, options));
    const data = { cpus: cpus().length, loadAverage: loadavg()[0], voxelSizeMm: VOXEL_MM, rows };
    const f = (v: number | null, d = 1) => (v === null ? '–' : v.toFixed(d));
    writeResult(io, booleanFlag(args, 'json'), data, () =>
      [
        `rgs bench map: ${seconds} s freehand scans, ${VOXEL_MM} mm voxels; ${data.cpus} CPUs, load ${data.loadAverage?.toFixed(1)}`,
        'scenario                    seed  counts  found  false  mean mm  max mm  recon s  cpu s  live upd/s  live cpu s  max s  found dL  max false dL',
        ...rows.map(
          (r) =>
            `${r.scenario.padEnd(27)} ${String(r.seed).padStart(4)}  ${String(r.counts).padStart(6)}  ${`${r.lesionsFound}/${r.lesions}`.padStart(5)}  ${String(r.falseHotspots).padStart(5)}  ${f(r.meanErrorMm).padStart(7)}  ${f(r.maxErrorMm).padStart(6)}  ${f(r.reconstructionSeconds, 2).padStart(7)}  ${f(r.reconstructionCpuSeconds, 2).padStart(5)}  ${f(r.liveUpdatesPerSecond, 2).padStart(10)}  ${f(r.liveUpdateMeanCpuSeconds, 3).padStart(10)}  ${f(r.liveUpdateMaxSeconds, 2).padStart(5)}  ${f(r.foundMinDeltaLogLikelihood).padStart(8)}  ${f(r.falseHotspotMaxDeltaLogLikelihood).padStart(12)}`,
        ),
        '',
        `live hotspots at ${LIVE_CHECKPOINTS_SECONDS.join(', ')} s into the scan (found/lesions false mean-mm), steady: every update from then on finds what the final map finds; final-map diameters (fitted/true mm)`,
        ...rows.map(
          (r) =>
            `${r.scenario.padEnd(27)} ${String(r.seed).padStart(4)}  ${r.liveCheckpoints
              .map(
                (c) =>
                  `${c.atSeconds.toFixed(0)} s ${c.lesionsFound}/${r.lesions} ${c.falseHotspots} ${f(c.meanErrorMm)}`,
              )
              .join(
                ' | ',
              )}  steady ${r.liveSteadySeconds === null ? '–' : `${r.liveSteadySeconds.toFixed(1)} s`}  ⌀ ${
              r.foundDiameterMm
                .map((d) => `${d.lesion} ${d.diameterMm.toFixed(1)}/${d.trueDiameterMm.toFixed(1)}`)
                .join(', ') || '–'
            }`,
        ),
      ].join('\n'),
    );
    return 0;
  },
};
