// Event-loop delay of this server in rolling 5 s windows: how long a ready callback (a frame, a
// request) waited for the thread. Reported by /api/health; the benchmark reads it.
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  windowSeconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const WINDOW_MS = 5000;
/** Sampling period, ms; Node's histogram includes it in every sample, so it is subtracted. */
const RESOLUTION_MS = 5;

export class EventLoopMonitor {
  private histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private last: LoopDelay | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.histogram.enable();
    this.timer = setInterval(() => {
      const h = this.histogram;
      this.last = {
        windowSeconds: WINDOW_MS / 1000,
        p50Ms: Math.max(0, h.percentile(50) / 1e6 - RESOLUTION_MS),
        p99Ms: Math.max(0, h.percentile(99) / 1e6 - RESOLUTION_MS),
        maxMs: Math.max(0, h.max / 1e6 - RESOLUTION_MS),
      };
      h.reset();
    }, WINDOW_MS);
    this.timer.unref();
  }

  /** The last complete window (null during the first 5 s). */
  lastWindow(): LoopDelay | null {
    return this.last;
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}
