// Sound in one compact block: whether it plays at all (browsers need a gesture first), mode, volume, mute.
import { memo, useSyncExternalStore } from 'react';
import { AUDIO_MODES, type AudioMode } from '../audio.js';
import { audioEngine } from './audio-settings.js';

export const AudioControls = memo(function AudioControls() {
  const settings = useSyncExternalStore(audioEngine.subscribe, () => audioEngine.current);
  const running = useSyncExternalStore(audioEngine.subscribe, () => audioEngine.running);
  return (
    <fieldset className="audio-controls" data-testid="sound">
      <legend>Sound</legend>
      {!running && (
        <button
          type="button"
          className="sound-off"
          onClick={() => audioEngine.unlock()}
          data-testid="enable-sound"
        >
          <strong>SOUND OFF</strong> — press any key or here
        </button>
      )}
      {running && settings.muted && (
        <div className="alert warning small" role="status">
          MUTED — press <kbd>S</kbd> to unmute
        </div>
      )}
      <div className="audio-row">
        <select
          aria-label="Sound mode"
          value={settings.mode}
          onChange={(event) => audioEngine.configure({ mode: event.target.value as AudioMode })}
        >
          {AUDIO_MODES.map((mode) => (
            <option key={mode.id} value={mode.id}>
              {mode.label}
            </option>
          ))}
        </select>
      </div>
      {/* The mode select has the row to itself (its text is not cut); volume and mute share the next. */}
      <div className="audio-row audio-volume-row">
        <label className="audio-volume">
          <span>
            Volume <span className="mono">{Math.round(settings.volume * 100)} %</span>
          </span>
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
});
