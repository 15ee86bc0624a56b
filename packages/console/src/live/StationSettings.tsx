// Nuclide / energy-window preset and integration mode of the station's counting engine.
import { memo, useState } from 'react';
import * as api from '../api.js';
import { errorText, useAsync } from '../use-async.js';

export const StationSettings = memo(function StationSettings({ stationId }: { stationId: string }) {
  const options = useAsync(() => api.stationOptions(stationId), [stationId]);
  const [nuclidePreset, setNuclidePreset] = useState<string | null>(null);
  const [integrationMode, setIntegrationMode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function change(patch: { nuclidePreset?: string; integrationMode?: string }) {
    setError(null);
    try {
      await api.updateStationSettings(stationId, patch);
      if (patch.nuclidePreset) setNuclidePreset(patch.nuclidePreset);
      if (patch.integrationMode) setIntegrationMode(patch.integrationMode);
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  if (options.error) {
    return (
      <fieldset className="station-settings">
        <legend>Counting</legend>
        <p className="small muted">
          Nuclide window and integration are set on the server for this station
          {options.error.includes('no route') || options.error.includes('not found')
            ? ''
            : ` (${options.error})`}
          .
        </p>
      </fieldset>
    );
  }
  if (!options.data) return null;
  const presetValue = nuclidePreset ?? options.data.nuclidePreset ?? options.data.nuclidePresets[0]?.id ?? '';
  const modeValue =
    integrationMode ?? options.data.integrationMode ?? options.data.integrationModes[0]?.id ?? '';
  const presetLabel =
    options.data.nuclidePresets.find((p) => p.id === presetValue)?.label ?? 'window set on the probe unit';
  const modeLabel = options.data.integrationModes.find((m) => m.id === modeValue)?.label ?? modeValue;
  // Changed rarely during a case: one line with the settings in force; opened to change them.
  return (
    <details className="station-settings">
      <summary>
        <strong>Counting</strong>{' '}
        <span className="small" data-testid="counting-summary" title={`${presetLabel} · ${modeLabel}`}>
          {presetLabel} · {modeLabel}
        </span>
      </summary>
      <div className="row">
        {options.data.nuclidePresets.length > 1 ? (
          <label className="inline">
            Nuclide / energy window
            <select
              name="nuclidePreset"
              value={presetValue}
              onChange={(event) => void change({ nuclidePreset: event.target.value })}
            >
              {options.data.nuclidePresets.map((preset) => (
                <option key={preset.id} value={preset.id}>
                  {preset.label}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <div className="small">
            <strong>Nuclide / energy window:</strong>{' '}
            <span data-testid="nuclide">
              {options.data.nuclidePresets[0]?.label ?? 'set on the probe unit'}
            </span>
          </div>
        )}
        <label className="inline">
          Integration
          <select
            name="integrationMode"
            value={modeValue}
            onChange={(event) => void change({ integrationMode: event.target.value })}
          >
            {options.data.integrationModes.map((mode) => (
              <option key={mode.id} value={mode.id}>
                {mode.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <div className="alert error small" role="alert">
          {error}
        </div>
      )}
    </details>
  );
});
