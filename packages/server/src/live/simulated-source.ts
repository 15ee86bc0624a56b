// A simulated station: the virtual patient of @openrgs/sim stepped in real time at 20 Hz. Its faults
// (silent, garbage, disconnected) reach the screens the way a real probe's would.
import { PoseRequest } from '@openrgs/api';
import type { BodyMap, FaultFlags, Simulation } from '@openrgs/sim';
import { createSimulation } from '@openrgs/sim';
import type { z } from 'zod';
import { hostNowMs, startFrameTicker } from './frame-ticker.js';
import type { StationSink, StationSource } from './station-source.js';

/** Frame length of simulated stations, seconds (20 Hz, a typical probe unit's update rate). */
export const SIM_FRAME_SECONDS = 0.05;

export class SimulatedSource implements StationSource {
  readonly kind = 'simulated' as const;
  readonly frameSeconds = SIM_FRAME_SECONDS;
  readonly simulation: Simulation;
  private stopTicker: (() => void) | null = null;
  private state: 'frame' | 'silent' | 'garbage' | 'disconnected' = 'frame';
  /**
   * Called before each frame is counted with the host time (ms) of the frame's midpoint (it is stamped
   * with its end, half a frame later): a simulated sweep moves the probe there (TrackedMap), so each frame
   * is counted at the pose of its own midpoint — the time the map pairs it at.
   */
  beforeFrame: ((midMs: number) => void) | null = null;

  readonly pose = {
    schema: PoseRequest as z.ZodType,
    apply: (pose: unknown) => {
      const p = pose as z.infer<typeof PoseRequest>;
      this.simulation.setPose({ positionCm: p.positionCm, direction: p.direction });
    },
    current: () => this.simulation.pose(),
  };

  constructor(
    readonly id: string,
    readonly scenario: string,
    seed: number,
    /** Host clock, epoch ms (a test's fake clock). */
    private readonly now: () => number = hostNowMs,
  ) {
    this.simulation = createSimulation({ scenario, seed });
  }

  get name(): string {
    return `Simulator ${this.id} (${this.simulation.scenario.title})`;
  }

  get nuclide(): string {
    return this.simulation.nuclide;
  }

  bodyMap(): BodyMap {
    return this.simulation.bodyMap();
  }

  setFaults(faults: Partial<FaultFlags>): FaultFlags {
    this.simulation.setFaults(faults);
    return this.simulation.faults();
  }

  start(sink: StationSink): void {
    this.stopTicker = startFrameTicker(SIM_FRAME_SECONDS, (atMs) => this.emit(sink, atMs), this.now);
  }

  /**
   * One frame ending at host time atMs: the probe is moved to the pose of its midpoint (beforeFrame), then
   * counts; the frame is stamped with its end.
   */
  private emit(sink: StationSink, atMs: number): void {
    this.beforeFrame?.(atMs - (SIM_FRAME_SECONDS * 1000) / 2);
    const out = this.simulation.step(SIM_FRAME_SECONDS);
    if (out.kind !== this.state) {
      this.state = out.kind;
      if (out.kind === 'frame') sink.status('connected');
      else if (out.kind === 'disconnected') sink.status('disconnected', 'simulated link down');
      else if (out.kind === 'garbage') sink.status('error', 'the device sends bytes that are not frames');
    }
    if (out.kind === 'frame') sink.frame(out.frame, atMs);
  }

  async stop(): Promise<void> {
    this.stopTicker?.();
    this.stopTicker = null;
  }
}

export function simulatedSources(scenario: string, count: number, firstSeed = 1): SimulatedSource[] {
  return Array.from(
    { length: count },
    (_, i) => new SimulatedSource(`sim-${i + 1}`, scenario, firstSeed + i),
  );
}
