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

/** A background site the outlier check flagged, with why and the team's decision (issue 12). */
const LiveFlaggedSite = z.object({
  siteLabel: z.string(),
  direction: z.enum(['low', 'high']),
  rateCps: z.number(),
  /** unconfirmed: left out and no verdict until kept or dropped; kept: counts; dropped: never counts. */
  status: z.enum(['unconfirmed', 'kept', 'dropped']),
  reason: z.string(),
});

/** The normal-tissue model the verdict rests on (the one summary every screen and report prints). */
export const LiveBackground = z.object({
  meanCps: z.number(),
  sdCps: z.number(),
  sites: z.number().int(),
  thresholdCps: z.number(),
  // Optional extensions (issue 12):
  /** Spread between normal sites the limit uses, as a CV; null when unknown (one site, no prior). */
  spreadCv: z.number().nullable().optional(),
  /** Sites given, including flagged and dropped ones. */
  sitesGiven: z.number().int().optional(),
  /** Sites needed before verdicts stop being provisional, and why (in terms of the spread seen). */
  minimumSites: z.number().int().optional(),
  minimumSitesReason: z.string().optional(),
  provisional: z.boolean().optional(),
  thresholdRatio: z.number().optional(),
  /** How the limit was computed, in words. */
  rule: z.string().optional(),
  /** Spread prior learnt from the department's past cases (empirical Bayes); null when none. */
  prior: z.object({ cases: z.number().int(), source: z.string() }).nullable().optional(),
  flagged: z.array(LiveFlaggedSite).optional(),
  /** Why no verdict may rest on the model yet (an unconfirmed flagged site); null when usable. */
  blockedReason: z.string().nullable().optional(),
});
export type LiveBackground = z.infer<typeof LiveBackground>;

/** A coded warning about the background, e.g. `background-outlier` naming the site. */
export const LiveWarning = z.object({
  code: z.string(),
  message: z.string(),
  siteLabel: z.string().optional(),
});
export type LiveWarning = z.infer<typeof LiveWarning>;

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
  background: LiveBackground.nullable(),
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
  /**
   * Probability in percent that the verdict is right under the whole model (counting noise, the spread
   * between sites and the uncertainty of having only k sites); null while undecided. Screens print it
   * rounded down to 0.1 %, never up to 100 %.
   */
  confidencePercent: z.number().nullable().optional(),
  /** True while the background has fewer sites than the spread seen asks for (background.minimumSites). */
  provisional: z.boolean().optional(),
  /** Coded warnings about the background (`background-outlier` names the flagged site and why). */
  warnings: z.array(LiveWarning).optional(),
});
export type LiveState = z.infer<typeof LiveState>;
