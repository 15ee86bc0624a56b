// One audio engine per page. Mode and volume persist across reloads; mute deliberately does not, so a
// reload never leaves the room silent without anyone having chosen it.
import { AudioEngine, type AudioMode } from '../audio.js';

const KEY = 'openrgs.audio';

function load(): { mode: AudioMode; volume: number } {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw) {
      const value = JSON.parse(raw) as { mode?: unknown; volume?: unknown };
      const mode =
        value.mode === 'pitch' || value.mode === 'squelch' || value.mode === 'clicks'
          ? value.mode
          : 'squelch';
      const volume =
        typeof value.volume === 'number' && value.volume >= 0 && value.volume <= 1 ? value.volume : 0.6;
      return { mode, volume };
    }
  } catch {
    // Unreadable saved settings: start from the defaults below.
  }
  return { mode: 'squelch', volume: 0.6 };
}

export const audioEngine = new AudioEngine({ ...load(), muted: false });

audioEngine.subscribe(() => {
  const { mode, volume } = audioEngine.current;
  localStorage.setItem(KEY, JSON.stringify({ mode, volume }));
});
