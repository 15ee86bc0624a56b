// Raw frames go to disk in batches: one transaction per flush for all stations (one fsync on SQLite),
// at least once a second. A failed flush keeps the frames and retries; nothing is dropped silently.
import type { LiveFramesTable, Store } from '@openrgs/store';

export interface FrameWriterStats {
  written: number;
  pending: number;
  failedFlushes: number;
  lastError: string | null;
}

export class FrameWriter {
  private pending: LiveFramesTable[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly stats: FrameWriterStats = { written: 0, pending: 0, failedFlushes: 0, lastError: null };

  constructor(
    private readonly store: Store,
    /** Flush period, ms (≤ 1000: frames are on disk within a second). */
    private readonly flushIntervalMs = 250,
    private readonly onError: (message: string) => void = () => {},
  ) {
    if (!(flushIntervalMs > 0 && flushIntervalMs <= 1000))
      throw new RangeError('flushIntervalMs must be in (0, 1000]');
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  append(row: LiveFramesTable): void {
    this.pending.push(row);
  }

  /** Writes everything appended so far; resolves when it is committed (or the attempt failed). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.store.live
      .appendFrames(batch)
      .then(() => {
        this.stats.written += batch.length;
      })
      .catch((error: unknown) => {
        // Put the batch back in front, in order; the next tick retries.
        this.pending = batch.concat(this.pending);
        this.stats.failedFlushes += 1;
        this.stats.lastError = error instanceof Error ? error.message : String(error);
        this.onError(`frame flush failed (${batch.length} frames kept for retry): ${this.stats.lastError}`);
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }

  getStats(): FrameWriterStats {
    return { ...this.stats, pending: this.pending.length };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
