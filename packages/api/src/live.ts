// The live state the server pushes over WebSocket (`/api/live`) to every screen subscribed to a station.
// Shared contract between server (producer) and console (consumer); owned by the server/api maintainer.
import { z } from 'zod';

export const ProbeStatus = z.enum(['connected', 'silent', 'disconnected', 'low-battery', 'error']);
export type ProbeStatus = z.infer<typeof ProbeStatus>;

export const Verdict = z.enum(['positive', 'negative', 'undecided']);
export type Verdict = z.infer<typeof Verdict>;

export const AudioCue = z.object({
  /** Tone pitch in hertz (log-scaled with rate), null when silent (squelched or muted by mode). */
  frequencyHz: z.number().nullable(),
  /** Clicks to play for the last frame (click-per-count mode). */
  clicks: z.number().int().nonnegative(),
  /** Linear gain 0..1 before the user's volume. */
  gain: z.number().min(0).max(1),
  squelched: z.boolean(),
});
export type AudioCue = z.infer<typeof AudioCue>;

export const LiveState = z.object({
  type: z.literal('live'),
  stationId: z.string(),
  /** Increments by one per frame; a gap tells the screen it missed frames. */
  seq: z.number().int().nonnegative(),
  /** Host time (epoch ms) when the server received the frame. */
  receivedAtMs: z.number(),
  probe: z.object({ name: z.string(), status: ProbeStatus, reason: z.string().optional() }),
  frame: z.object({ startSeconds: z.number(), durationSeconds: z.number(), counts: z.number().int() }),
  rateCps: z.number(),
  rateLowCps: z.number(),
  rateHighCps: z.number(),
  background: z
    .object({ meanCps: z.number(), sdCps: z.number(), sites: z.number().int(), thresholdCps: z.number() })
    .nullable(),
  ratio: z.number().nullable(),
  ratioLow: z.number().nullable(),
  ratioHigh: z.number().nullable(),
  verdict: Verdict,
  /** The evidence in words a clinician reads, e.g. "T/B 2.4 (1.9–3.0), 99 % sure after 0.6 s". */
  evidence: z.string(),
  /** While undecided: expected further seconds of holding still to decide; null otherwise. */
  holdStillSeconds: z.number().nullable(),
  audio: AudioCue,
  // Optional extensions (added after the first contract; absent fields mean "not reported"):
  /** Counts and counting seconds accumulated at the current site (since it was marked or restarted). */
  siteCounts: z.number().int().nonnegative().optional(),
  siteSeconds: z.number().nonnegative().optional(),
  /** First frame seq of the server's current site (it restarts at a mark, a detected step or a gap). */
  siteFromSeq: z.number().int().nonnegative().optional(),
  /**
   * The current site's rate interval and T/B with its 95 % interval (site counts over site seconds against
   * the background): what a mark naming this frame's `seq` records. `ratio` above is the displayed
   * (adaptive-window) rate's T/B, which can include frames from before the site started.
   */
  siteRateLowCps: z.number().optional(),
  siteRateHighCps: z.number().optional(),
  siteRatio: z.number().nullable().optional(),
  siteRatioLow: z.number().nullable().optional(),
  siteRatioHigh: z.number().nullable().optional(),
  /** Set when this frame was rejected by the frame check (e.g. impossible rate, time going backwards). */
  frameIssue: z.object({ code: z.string(), message: z.string() }).nullable().optional(),
});
export type LiveState = z.infer<typeof LiveState>;
