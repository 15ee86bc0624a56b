// A simulated station: the virtual patient of @openrgs/sim stepped in real time at 20 Hz. Its faults
// (silent, garbage, disconnected) reach the screens the way a real probe's would.
import type { BodyMap, FaultFlags, Simulation } from '@openrgs/sim';
import { createSimulation } from '@openrgs/sim';
import type { z } from 'zod';
import { PoseBody } from './sim-schemas.js';
import type { StationSink, StationSource } from './station-source.js';

/** Frame length of simulated stations, seconds (20 Hz, a typical probe unit's update rate). */
export const SIM_FRAME_SECONDS = 0.05;

function hostNowMs(): number {
  return performance.timeOrigin + performance.now();
}

export class SimulatedSource implements StationSource {
  readonly kind = 'simulated' as const;
  readonly frameSeconds = SIM_FRAME_SECONDS;
  readonly simulation: Simulation;
  private timer: NodeJS.Timeout | null = null;
  private startedAtMs = 0;
  private framesDone = 0;
  private state: 'frame' | 'silent' | 'garbage' | 'disconnected' = 'frame';

  readonly pose = {
    schema: PoseBody as z.ZodType,
    apply: (pose: unknown) => {
      const p = pose as z.infer<typeof PoseBody>;
      this.simulation.setPose({ positionCm: p.positionCm, direction: p.direction });
    },
    current: () => this.simulation.pose(),
  };

  constructor(
    readonly id: string,
    readonly scenario: string,
    seed: number,
  ) {
    this.simulation = createSimulation({ scenario, seed });
  }

  get name(): string {
    return `Simulator ${this.id} (${this.simulation.scenario.title})`;
  }

  bodyMap(): BodyMap {
    return this.simulation.bodyMap();
  }

  setFaults(faults: Partial<FaultFlags>): FaultFlags {
    this.simulation.setFaults(faults);
    return this.simulation.faults();
  }

  start(sink: StationSink): void {
    this.startedAtMs = hostNowMs();
    this.framesDone = 0;
    // Frames are due by the host clock, not by counting timer ticks, so timer jitter never drifts.
    this.timer = setInterval(() => this.tick(sink), SIM_FRAME_SECONDS * 1000);
  }

  private tick(sink: StationSink): void {
    const due = Math.floor((hostNowMs() - this.startedAtMs) / (SIM_FRAME_SECONDS * 1000));
    // After a long stall (debugger, suspended laptop) skip ahead instead of bursting minutes of frames.
    if (due - this.framesDone > 40) this.framesDone = due - 1;
    while (this.framesDone < due) {
      this.framesDone += 1;
      const out = this.simulation.step(SIM_FRAME_SECONDS);
      if (out.kind !== this.state) {
        this.state = out.kind;
        if (out.kind === 'frame') sink.status('connected');
        else if (out.kind === 'disconnected') sink.status('disconnected', 'simulated link down');
        else if (out.kind === 'garbage') sink.status('error', 'the device sends bytes that are not frames');
      }
      if (out.kind === 'frame') sink.frame(out.frame, hostNowMs());
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

export function simulatedSources(scenario: string, count: number, firstSeed = 1): SimulatedSource[] {
  return Array.from(
    { length: count },
    (_, i) => new SimulatedSource(`sim-${i + 1}`, scenario, firstSeed + i),
  );
}
