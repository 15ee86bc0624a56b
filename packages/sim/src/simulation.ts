// The live virtual patient: a probe pose in, expected rate and Poisson CountFrames out, reproducible from a
// seed; fault flags for testing what the console does when a probe goes silent, babbles or disconnects.
//
// Reproducibility contract: the same scenario, probe, seed and the same sequence of calls (setPose,
// nextFrame/step with the same durations, setFaults) give the same frames bit for bit on the same
// Node.js major version. Counts come from their own random stream (seed stream 1); fault bytes from
// another (stream 2), so switching faults on and off never changes the counts that follow.

import type { CountFrame } from '@openrgs/counting';
import { createRandom, deriveSeed, type RandomSource, samplePoisson } from '@openrgs/numeric';
import { firstIssue, type Issue, OutcomeError } from '@openrgs/outcome';
import { trunkWithOpening } from './anatomy.js';
import { type BodyMap, bodyMapOf } from './body-map.js';
import { buildFastResponse } from './fast-response.js';
import { buildPatientSources, decayOver, type PatientSources } from './patient.js';
import { physics as defaultPhysics } from './physics-adapter.js';
import { checkPose, type ProbePose } from './pose.js';
import type { ProbeModel } from './probe-model.js';
import { findProbePreset, PROBE_PRESETS } from './probe-presets.js';
import { sourceRateCps } from './rate.js';
import { applyDeadTime, createProbeResponse } from './response.js';
import { buildResponseTable, type ResponseTable, tableLineCpsPerMBq } from './response-table.js';
import { findScenario, SCENARIOS, type Scenario } from './scenarios.js';
import type { SimPhysics } from './sim-physics.js';

export type SimulationErrorCode =
  | 'unknown-scenario'
  | 'unknown-probe'
  | 'no-window'
  | 'invalid-seed'
  | 'invalid-pose'
  | 'invalid-duration';

/** What stops a simulation from being made or moved: one `invalid` issue with its code. */
export type SimulationIssue = Issue & { code: SimulationErrorCode };

/**
 * Thrown by createSimulation and setPose for options a user gave (scenario, probe, seed, pose, duration):
 * an OutcomeError carrying its one `invalid` issue, so a caller words it through the same scheme as any
 * Outcome's issues (the server's fromIssues, the CLI's messagesOf); the message is the issue's. Thrown,
 * not returned, because a Simulation is a stateful object its callers build once and drive frame by frame.
 */
export class SimulationError extends OutcomeError<SimulationIssue> {
  constructor(code: SimulationErrorCode, message: string) {
    super([{ kind: 'invalid', code, message }]);
    this.name = 'SimulationError';
  }

  /** The issue's code. */
  get code(): SimulationErrorCode {
    return firstIssue(this.issues).code;
  }
}

export interface FaultFlags {
  /** The device sends nothing (device time still runs). */
  silent: boolean;
  /** The device sends random bytes instead of frames. */
  garbage: boolean;
  /** The link is down. */
  disconnected: boolean;
  /**
   * The probe is lifted off the patient (or faces away into the air): it sees no tracer, only its own
   * background (probe.backgroundCps) — the "lifted probe" that gives a near-zero background site.
   */
  lifted?: boolean;
}

/** What the simulated device emits for one interval under the current faults. */
export type SimulationOutput =
  | { kind: 'frame'; frame: CountFrame; expectedCounts: number }
  | { kind: 'silent'; startSeconds: number; durationSeconds: number }
  | { kind: 'garbage'; startSeconds: number; durationSeconds: number; bytes: Uint8Array }
  | { kind: 'disconnected'; startSeconds: number; durationSeconds: number };

export interface SimulationOptions {
  /** Scenario name (see SCENARIOS / `rgs simulate --list`) or a scenario object. */
  scenario: string | Scenario;
  /** Whole number 0 ≤ seed ≤ 2^53 − 1. */
  seed: number;
  /** Probe preset id or model; default: the scenario's probe. */
  probe?: string | ProbeModel;
  /** Barnes–Hut opening parameter (default 0.4; 0 = exact sum over every voxel). */
  theta?: number;
  /** Trunk voxel edge, cm (default 0.5). */
  voxelCm?: number;
  physics?: SimPhysics;
}

export interface Simulation {
  readonly scenario: Scenario;
  readonly probe: ProbeModel;
  readonly nuclide: string;
  readonly seed: number;
  /** Monotonic device time, seconds since the simulation started. */
  deviceTimeSeconds(): number;
  pose(): ProbePose;
  /** Moves the probe; throws SimulationError('invalid-pose') on non-finite numbers or a zero direction. */
  setPose(pose: { positionCm: readonly number[]; direction: readonly number[] }): void;
  /** Expected observed rate (cps: sources + background, after dead time) at a pose (default: current) now. */
  expectedRateCps(pose?: ProbePose): number;
  /** Expected rate from the sources alone (cps, no background, no dead time) at a pose, now. */
  sourceRateCps(pose?: ProbePose): number;
  /** One Poisson frame of `durationSeconds` at the current pose; device time advances. Ignores faults. */
  nextFrame(durationSeconds: number): CountFrame;
  /** What the device emits for the next `durationSeconds` under the current faults; device time advances. */
  step(durationSeconds: number): SimulationOutput;
  setFaults(faults: Partial<FaultFlags>): void;
  faults(): FaultFlags;
  /** Coronal 2-D map (cm) of the body, organs and lesions, for drawing. */
  bodyMap(): BodyMap;
  /** Sources at the session start (activities per tissue and lesion), for display and tests. */
  sources(): PatientSources;
}

function resolveScenario(scenario: string | Scenario): Scenario {
  if (typeof scenario !== 'string') return scenario;
  const found = findScenario(scenario);
  if (!found) {
    throw new SimulationError(
      'unknown-scenario',
      `unknown scenario '${scenario}' (known: ${SCENARIOS.map((s) => s.name).join(', ')})`,
    );
  }
  return found;
}

function resolveProbe(probe: string | ProbeModel): ProbeModel {
  if (typeof probe !== 'string') return probe;
  const found = findProbePreset(probe);
  if (!found) {
    throw new SimulationError(
      'unknown-probe',
      `unknown probe preset '${probe}' (known: ${PROBE_PRESETS.map((p) => p.id).join(', ')})`,
    );
  }
  return found;
}

// Sources depend only on the scenario object, the half-life and the voxel size, and are never mutated:
// simulations of the same scenario share them (a server restarting a station skips the voxelisation).
const sourceCache = new WeakMap<Scenario, Map<string, PatientSources>>();

function patientSourcesFor(scenario: Scenario, halfLifeSeconds: number, voxelCm: number): PatientSources {
  let byKey = sourceCache.get(scenario);
  if (!byKey) {
    byKey = new Map();
    sourceCache.set(scenario, byKey);
  }
  const key = `${halfLifeSeconds}/${voxelCm}`;
  let sources = byKey.get(key);
  if (!sources) {
    sources = buildPatientSources(scenario, { halfLifeSeconds, voxelCm });
    byKey.set(key, sources);
  }
  return sources;
}

export function createSimulation(options: SimulationOptions): Simulation {
  const scenario = resolveScenario(options.scenario);
  const probe = resolveProbe(options.probe ?? scenario.probe);
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new SimulationError(
      'invalid-seed',
      `seed must be a whole number from 0 to 2^53 - 1, got ${options.seed}`,
    );
  }
  const physics = options.physics ?? defaultPhysics;
  const theta = options.theta ?? 0.4;
  const nuclide = scenario.nuclide;
  const made = createProbeResponse({ probe, nuclide, tissue: 'soft-tissue', physics });
  if (!made.ok) throw new SimulationError('no-window', firstIssue(made.issues).message);
  const table: ResponseTable = buildResponseTable(made.value);
  const fast = buildFastResponse(table, (rho, z, line) => tableLineCpsPerMBq(table, rho, z, line));
  const halfLifeSeconds = physics.halfLifeSeconds(nuclide);
  const sources = patientSourcesFor(scenario, halfLifeSeconds, options.voxelCm ?? 0.5);
  const trunk = scenario.patient ? trunkWithOpening(scenario.openAbdomenZCm) : null;
  const counts: RandomSource = createRandom(deriveSeed(options.seed, 1));
  const noise: RandomSource = createRandom(deriveSeed(options.seed, 2));
  let current: ProbePose = scenario.startPose;
  let time = 0;
  let faults: FaultFlags = { silent: false, garbage: false, disconnected: false, lifted: false };

  const sourceCpsAt = (pose: ProbePose, atSeconds: number): number =>
    sourceRateCps({
      tree: sources.tree,
      response: fast,
      tipCm: pose.positionCm,
      direction: pose.direction,
      theta,
      trunk,
      probeRadiusCm: probe.shield.outerDiameterCm / 2,
      probeLengthCm: probe.shield.collimatorLengthCm + probe.crystal.thicknessCm + probe.shield.backShieldCm,
    }) * decayOver(halfLifeSeconds, atSeconds);
  const observedCpsAt = (pose: ProbePose, atSeconds: number): number =>
    applyDeadTime(sourceCpsAt(pose, atSeconds) + probe.backgroundCps, probe.deadTimeSeconds);

  const checkDuration = (durationSeconds: number) => {
    if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
      throw new SimulationError(
        'invalid-duration',
        `frame duration must be a finite number of seconds > 0, got ${durationSeconds}`,
      );
    }
  };
  const drawFrame = (durationSeconds: number): { frame: CountFrame; expectedCounts: number } => {
    checkDuration(durationSeconds);
    const rate =
      faults.lifted === true
        ? applyDeadTime(probe.backgroundCps, probe.deadTimeSeconds)
        : observedCpsAt(current, time + durationSeconds / 2);
    const expectedCounts = rate * durationSeconds;
    const n = samplePoisson(counts, expectedCounts);
    const frame: CountFrame = {
      startSeconds: time,
      durationSeconds,
      counts: n,
      liveTimeSeconds: Math.max(0, durationSeconds - n * probe.deadTimeSeconds),
    };
    time += durationSeconds;
    return { frame, expectedCounts };
  };

  return {
    scenario,
    probe,
    nuclide,
    seed: options.seed,
    deviceTimeSeconds: () => time,
    pose: () => current,
    setPose(pose) {
      const checked = checkPose(pose);
      if (!checked.ok)
        throw new SimulationError(
          'invalid-pose',
          `${firstIssue(checked.issues).path}: ${firstIssue(checked.issues).message}`,
        );
      current = checked.value;
    },
    expectedRateCps: (pose) => observedCpsAt(pose ?? current, time),
    sourceRateCps: (pose) => sourceCpsAt(pose ?? current, time),
    nextFrame: (durationSeconds) => drawFrame(durationSeconds).frame,
    step(durationSeconds) {
      const startSeconds = time;
      const drawn = drawFrame(durationSeconds);
      if (faults.disconnected) return { kind: 'disconnected', startSeconds, durationSeconds };
      if (faults.silent) return { kind: 'silent', startSeconds, durationSeconds };
      if (faults.garbage) {
        const length = 1 + (noise.nextUint32() % 64);
        const bytes = new Uint8Array(length);
        for (let i = 0; i < length; i++) bytes[i] = noise.nextUint32() & 0xff;
        return { kind: 'garbage', startSeconds, durationSeconds, bytes };
      }
      return { kind: 'frame', ...drawn };
    },
    setFaults(next) {
      faults = { ...faults, ...next };
    },
    faults: () => ({ ...faults }),
    bodyMap: () => bodyMapOf(scenario),
    sources: () => sources,
  };
}
