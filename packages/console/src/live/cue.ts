// What each sound mode plays for one LiveState. The engine's cue (LiveState.audio) is squelched — silent —
// until the rate is credibly above background; that is the "squelch" mode. The "pitch" and "clicks" modes
// sound all the time, so the hand hears the rate rise before the statistics open the squelch: while the
// engine's cue is squelched they use the same mapping (the counting package's audioCue, default config as
// the server runs it) with the squelch condition taken as met, and one click per count.
import type { LiveState } from '@openrgs/api';
import { audioCue, DEFAULT_AUDIO } from '@openrgs/counting';
import type { AudioMode } from '../audio.js';

export interface PlayedCue {
  frequencyHz: number | null;
  gain: number;
  clicks: number;
}

export function cueFor(state: LiveState, mode: AudioMode): PlayedCue {
  const engine = state.audio;
  if (mode === 'squelch' || !engine.squelched) {
    return {
      frequencyHz: mode === 'clicks' ? null : engine.frequencyHz,
      gain: engine.gain,
      clicks: mode === 'clicks' ? engine.clicks : 0,
    };
  }
  const open = audioCue({
    rateCps: state.rateCps,
    rateLowerLimitCps: Number.POSITIVE_INFINITY,
    backgroundCps: state.background?.meanCps ?? null,
    frameCounts: state.frame.counts,
  });
  if (mode === 'clicks')
    return {
      frequencyHz: null,
      gain: open.gain,
      clicks: Math.min(state.frame.counts, DEFAULT_AUDIO.maxClicksPerFrame),
    };
  return { frequencyHz: open.frequencyHz, gain: open.gain, clicks: 0 };
}
