// The audio cue as a pure function of the live state, so the console only plays it: a tone whose pitch
// rises with the rate on a log scale (a fixed musical interval per doubling of the rate, anchored at the
// background), clicks per count, and a squelch that keeps it silent until the rate is credibly above
// background (the one-sided lower confidence limit of the current rate exceeds the background mean).

export type AudioMode = 'pitch' | 'clicks' | 'pitch-and-clicks';

export interface AudioConfig {
  mode: AudioMode;
  /** Pitch at the reference rate (the background mean when known), hertz. */
  baseHz: number;
  /** Semitones the pitch rises per doubling of the rate (12 = one octave per doubling). */
  semitonesPerDoubling: number;
  minHz: number;
  maxHz: number;
  /** Reference rate for the pitch before a background is known, counts per second (display only). */
  referenceCps: number;
  /** Confidence that the rate exceeds background before the sound opens (squelch), e.g. 0.99. */
  squelchConfidence: number;
  /** Clicks beyond this per frame are not played individually (the tone carries the rate). */
  maxClicksPerFrame: number;
}

export const DEFAULT_AUDIO: AudioConfig = {
  mode: 'pitch-and-clicks',
  baseHz: 440,
  semitonesPerDoubling: 12,
  minHz: 110,
  maxHz: 3520,
  referenceCps: 10,
  squelchConfidence: 0.99,
  maxClicksPerFrame: 50,
};

export interface AudioCue {
  /** Tone pitch in hertz, null when silent (squelched, or clicks-only mode). */
  frequencyHz: number | null;
  /** Clicks to play for the last frame. */
  clicks: number;
  /** Linear gain 0..1 before the user's volume. */
  gain: number;
  squelched: boolean;
}

export interface AudioInput {
  rateCps: number;
  /** One-sided lower confidence limit of the rate at config.squelchConfidence, counts per second. */
  rateLowerLimitCps: number;
  /** Background mean, counts per second; null before a background is known (no squelch then). */
  backgroundCps: number | null;
  /** Counts in the frame just received. */
  frameCounts: number;
}

export function audioCue(input: AudioInput, config: AudioConfig = DEFAULT_AUDIO): AudioCue {
  const reference = input.backgroundCps ?? config.referenceCps;
  const squelched = input.backgroundCps !== null && !(input.rateLowerLimitCps > input.backgroundCps);
  if (squelched) return { frequencyHz: null, clicks: 0, gain: 0, squelched: true };
  const doublings = input.rateCps > 0 ? Math.log2(input.rateCps / reference) : Number.NEGATIVE_INFINITY;
  const hz = config.baseHz * 2 ** ((doublings * config.semitonesPerDoubling) / 12);
  const frequencyHz = Math.min(config.maxHz, Math.max(config.minHz, Number.isFinite(hz) ? hz : config.minHz));
  // Louder as the rate climbs above the reference: 0.4 at the reference, 1 at four doublings.
  const gain = Math.min(1, Math.max(0.4, 0.4 + (0.6 * Math.max(0, doublings)) / 4));
  return {
    frequencyHz: config.mode === 'clicks' ? null : frequencyHz,
    clicks: config.mode === 'pitch' ? 0 : Math.min(input.frameCounts, config.maxClicksPerFrame),
    gain,
    squelched: false,
  };
}
