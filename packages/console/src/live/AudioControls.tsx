import { useSyncExternalStore } from 'react';
import { AUDIO_MODES, type AudioMode } from '../audio.js';
import { audioEngine } from './audio-settings.js';

function useAudio() {
  return useSyncExternalStore(audioEngine.subscribe, () => audioEngine.current);
}
function useAudioRunning() {
  return useSyncExternalStore(audioEngine.subscribe, () => audioEngine.running);
}

export function AudioControls() {
  const settings = useAudio();
  const running = useAudioRunning();
  return (
    <fieldset className="audio-controls">
      <legend>Sound</legend>
      {!running && (
        <button
          type="button"
          className="sound-off"
          onClick={() => audioEngine.unlock()}
          data-testid="enable-sound"
        >
          <strong>SOUND OFF</strong> — press any key or here to enable
        </button>
      )}
      {running && settings.muted && (
        <div className="alert warning" role="status">
          MUTED — press <kbd>S</kbd> to unmute
        </div>
      )}
      <div className="row">
        <label className="inline">
          Mode
          <select
            value={settings.mode}
            onChange={(event) => audioEngine.configure({ mode: event.target.value as AudioMode })}
          >
            {AUDIO_MODES.map((mode) => (
              <option key={mode.id} value={mode.id}>
                {mode.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline volume">
          Volume {Math.round(settings.volume * 100)} %
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={settings.volume}
            onChange={(event) => audioEngine.configure({ volume: Number(event.target.value) })}
          />
        </label>
        <button
          type="button"
          aria-pressed={settings.muted}
          onClick={() => audioEngine.configure({ muted: !settings.muted })}
        >
          {settings.muted ? 'Unmute' : 'Mute'} <kbd>S</kbd>
        </button>
      </div>
    </fieldset>
  );
}
