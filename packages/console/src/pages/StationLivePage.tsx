// The probe on its own, without a case: check the probe, hear it, try demo mode. Recording needs a case.
import { useState } from 'react';
import * as api from '../api.js';
import { BodyMap } from '../live/BodyMap.js';
import { LiveView } from '../live/LiveView.js';
import { useAsync } from '../use-async.js';

export function StationLivePage() {
  const stations = useAsync(() => api.listStations(), []);
  const [chosen, setChosen] = useState<string | null>(null);
  if (stations.error) {
    return (
      <div className="alert error" role="alert">
        Could not list the probe stations: {stations.error}
      </div>
    );
  }
  if (!stations.data) return <p className="muted">Loading stations…</p>;
  if (stations.data.length === 0) {
    return (
      <p className="alert warning">
        No probe station is attached to this server. Start it with a probe or with --simulate.
      </p>
    );
  }
  const station = stations.data.find((s) => s.id === chosen) ?? stations.data[0];
  if (!station) return null;
  return (
    <LiveView
      stationId={station.id}
      header={
        <div className="case-strip">
          <span className="guidance" data-testid="no-case">
            {station.session
              ? 'This station is recording for a case: its T/B and verdict are that case’s. Open the case to mark measurements.'
              : 'Probe check — no case open: the rate only. T/B and the verdict need a case’s background; open a case to record measurements.'}
          </span>
          <span className="spacer" />
          {stations.data.length > 1 && (
            <label className="inline">
              Station
              <select value={station.id} onChange={(event) => setChosen(event.target.value)}>
                {stations.data.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      }
      aside={station.poseSupported ? <BodyMap stationId={station.id} /> : undefined}
    />
  );
}
