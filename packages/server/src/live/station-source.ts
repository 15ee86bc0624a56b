// A station's source of frames: a probe driver (@openrgs/probe) or the simulator (@openrgs/sim),
// adapted to one small interface. The server owns everything after the frame.
import type {
  BodyMap,
  FaultFlags,
  FaultsRequest,
  ProbeStatus,
  StationPose,
  StationSpectrum,
} from '@openrgs/api';
import type { CountFrame } from '@openrgs/counting';
import type { z } from 'zod';
import type { StationMap } from './tracked-map.js';

export interface StationSink {
  /** One validated frame; receivedAtMs is host epoch time (fractional ms) when it arrived. */
  frame(frame: CountFrame, receivedAtMs: number): void;
  /** The device reports a status change (disconnected, low battery, error…). */
  status(status: ProbeStatus, reason?: string): void;
}

export interface StationSource {
  readonly id: string;
  readonly name: string;
  readonly kind: 'simulated' | 'probe';
  /** Simulator scenario, null for probes. */
  readonly scenario: string | null;
  /** Nuclide the source counts (its energy window is set for it), when known; null for probes. */
  readonly nuclide?: string | null;
  /** Nominal frame length, seconds (the silence watchdog uses it). */
  readonly frameSeconds: number;
  start(sink: StationSink): void;
  stop(): Promise<void>;
  /** Simulator only: the schema of a pose and how to apply it. */
  readonly pose?: {
    schema: z.ZodType;
    apply(pose: unknown): void;
    current(): z.infer<typeof StationPose>['pose'];
  };
  /** Simulator only: the coronal body map (organs, lesions) the console draws for the demo. */
  bodyMap?(): z.infer<typeof BodyMap>;
  /** Freehand 3D mapping (simulated stations; a probe station with a tracker): scans and the map. */
  readonly map?: StationMap;
  /** Spectroscopic stations: the current pulse-height spectrum with its windows (@openrgs/api StationSpectrum). */
  spectrum?(): StationSpectrum;
  /** Simulator only: switch simulated faults (silent, garbage, disconnected) on or off. */
  setFaults?(faults: z.infer<typeof FaultsRequest>): z.infer<typeof FaultFlags>;
  /**
   * Simulator only: called just before each frame is counted with the host time (ms) of the frame's
   * midpoint (the frame is stamped with its end, half a frame later). A simulated sweep sets the probe's
   * pose there, so the pose a frame was counted at is the sweep's pose at its own midpoint however late
   * the host's timers run (frame-ticker.ts: catch-up frames each carry their own time).
   */
  beforeFrame?: ((midMs: number) => void) | null;
}
