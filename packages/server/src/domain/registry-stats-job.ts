// Registry statistics off the request thread (issue 14 point 1): computed in a worker thread with a time
// budget, a memory budget and a work budget (bootstrap replicates bounded by the data size), one
// computation per question at a time, at most two at once, and results cached until the data change.
import { Worker } from 'node:worker_threads';
import type { RegistryInput, RegistryStats } from '@openrgs/report';
import { ApiError } from '../errors.js';

/** A computation that runs longer is stopped (the worker is terminated) and answered 503. */
export const STATS_TIME_BUDGET_MS = 30_000;
/** Heap of a statistics worker, MiB. */
const STATS_HEAP_MB = 256;
/**
 * Work budget: bootstrap replicates × lesions. Each replicate resamples and ranks every lesion of each
 * group; 3·10⁶ lesion-replicates took about 1.5 ms per 3000-lesion replicate per group on one idle core
 * here, so 1000 replicates serve up to 3000 lesions and a larger registry gets fewer replicates (never
 * fewer than 100), said in the answer.
 */
export const STATS_WORK_BUDGET = 3_000_000;
const MIN_REPLICATES = 100;
const MAX_CONCURRENT = 2;
const CACHE_ENTRIES = 16;

export interface StatsAnswer extends RegistryStats {
  /** Present when the work budget lowered the replicates asked for. */
  bootstrapLimited?: { requested: number; used: number; reason: string };
}

export function replicatesWithinBudget(requested: number, lesions: number): number {
  const fit = Math.floor(STATS_WORK_BUDGET / Math.max(1, lesions));
  return Math.max(MIN_REPLICATES, Math.min(requested, fit));
}

function runWorker(
  input: RegistryInput,
  options: { bootstrapReplicates: number; seed: number },
  timeBudgetMs: number,
): Promise<RegistryStats> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./registry-stats-worker.mjs', import.meta.url), {
      workerData: { input, options },
      resourceLimits: { maxOldGenerationSizeMb: STATS_HEAP_MB },
    });
    const stop = (why: string) => {
      void worker.terminate();
      reject(new ApiError('unavailable', why, 'query.replicates', undefined, { 'Retry-After': '60' }));
    };
    // Loading the module is not the query's cost (a busy machine can take seconds): a generous bound for
    // the start, then the time budget for the computation itself.
    let timer = setTimeout(
      () => stop('the statistics worker did not start within 120 s; the server is overloaded'),
      120_000,
    );
    worker.on('message', (message: { ready?: true; stats?: RegistryStats; error?: string }) => {
      clearTimeout(timer);
      if (message.ready) {
        timer = setTimeout(
          () =>
            stop(
              `registry statistics took longer than ${timeBudgetMs / 1000} s and were stopped; ask with fewer replicates (query.replicates)`,
            ),
          timeBudgetMs,
        );
        return;
      }
      void worker.terminate();
      if (message.stats) resolve(message.stats);
      else reject(new Error(`registry statistics failed: ${message.error ?? 'no result'}`));
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(
        error instanceof Error && /memory/i.test(error.message)
          ? new ApiError(
              'unavailable',
              `registry statistics exceeded the memory budget of ${STATS_HEAP_MB} MiB`,
              'query.replicates',
            )
          : error,
      );
    });
  });
}

export class RegistryStatsJobs {
  private readonly cache = new Map<string, StatsAnswer>();
  private readonly running = new Map<string, Promise<StatsAnswer>>();

  constructor(private readonly timeBudgetMs = STATS_TIME_BUDGET_MS) {}

  /**
   * `version` changes whenever the data may have (the newest audit sequence number); `load` is only
   * called on a cache miss.
   */
  async get(options: {
    version: string;
    includeSynthetic: boolean;
    replicates: number;
    seed: number;
    load: () => Promise<RegistryInput>;
  }): Promise<StatsAnswer> {
    const key = `${options.version}|${options.includeSynthetic}|${options.replicates}|${options.seed}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const inFlight = this.running.get(key);
    if (inFlight) return inFlight;
    if (this.running.size >= MAX_CONCURRENT) {
      throw new ApiError(
        'unavailable',
        `registry statistics are being computed for ${this.running.size} other requests; try again shortly`,
        undefined,
        undefined,
        { 'Retry-After': '5' },
      );
    }
    const job = (async (): Promise<StatsAnswer> => {
      const input = await options.load();
      const used = replicatesWithinBudget(options.replicates, input.lesions.length);
      const stats = await runWorker(
        input,
        { bootstrapReplicates: used, seed: options.seed },
        this.timeBudgetMs,
      );
      const answer: StatsAnswer =
        used === options.replicates
          ? stats
          : {
              ...stats,
              bootstrapLimited: {
                requested: options.replicates,
                used,
                reason: `${input.lesions.length} lesions: at most ${used} bootstrap replicates fit the work budget`,
              },
            };
      if (this.cache.size >= CACHE_ENTRIES) {
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      this.cache.set(key, answer);
      return answer;
    })();
    this.running.set(key, job);
    try {
      return await job;
    } finally {
      this.running.delete(key);
    }
  }
}
