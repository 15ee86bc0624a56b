// A constant-rate station: Poisson counts at a fixed true rate, 20 Hz, no patient model. For load
// tests and benchmarks, where the server's cost should not be mixed with the virtual patient's.
// `--simulate poisson:RATE` (RATE in cps).

import { createRandom, type RandomSource, samplePoisson } from '@openrgs/numeric';
import { startFrameTicker } from './frame-ticker.js';
import type { StationSink, StationSource } from './station-source.js';

export const POISSON_FRAME_SECONDS = 0.05;

export class PoissonSource implements StationSource {
  readonly kind = 'simulated' as const;
  readonly frameSeconds = POISSON_FRAME_SECONDS;
  private readonly random: RandomSource;
  private stopTicker: (() => void) | null = null;
  private deviceSeconds = 0;

  constructor(
    readonly id: string,
    /** True count rate, counts per second, > 0. */
    readonly rateCps: number,
    seed: number,
  ) {
    if (!(rateCps > 0) || !Number.isFinite(rateCps))
      throw new RangeError(`rate must be > 0 cps, got ${rateCps}`);
    this.random = createRandom(seed);
  }

  get name(): string {
    return `Poisson ${this.id} (${this.rateCps} cps)`;
  }

  get scenario(): string {
    return `poisson:${this.rateCps}`;
  }

  start(sink: StationSink): void {
    this.stopTicker = startFrameTicker(POISSON_FRAME_SECONDS, (atMs) => {
      const frame = {
        startSeconds: this.deviceSeconds,
        durationSeconds: POISSON_FRAME_SECONDS,
        counts: samplePoisson(this.random, this.rateCps * POISSON_FRAME_SECONDS),
      };
      this.deviceSeconds += POISSON_FRAME_SECONDS;
      sink.frame(frame, atMs);
    });
  }

  async stop(): Promise<void> {
    this.stopTicker?.();
    this.stopTicker = null;
  }
}
