// Choose the probe for the case (its QC state shown; a warning without a passing check today) and the
// station it is attached to.
import { useState } from 'react';
import * as api from '../api.js';
import { errorText, useAsync } from '../use-async.js';
import { qcView } from '../workflow.js';

export function ProbeStep({ caseData, onSaved }: { caseData: api.Case; onSaved: () => void }) {
  const probes = useAsync(() => api.listProbes(), []);
  const stations = useAsync(() => api.listStations(), []);
  const [error, setError] = useState<string | null>(null);
  const now = new Date();

  async function choose(patch: { probeId?: string; stationId?: string }) {
    setError(null);
    try {
      await api.updateCase(caseData.id, patch);
      onSaved();
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  const chosen = probes.data?.find((p) => p.id === caseData.probeId);
  const chosenQc = chosen ? qcView(chosen, now) : null;
  return (
    <div className="stack">
      {probes.error && <div className="alert error">Could not list probes: {probes.error}</div>}
      {probes.data && probes.data.length === 0 && (
        <div className="alert warning">
          No probe is registered. An administrator adds probes under <a href="#/admin/probes">Probes</a>.
        </div>
      )}
      {probes.data && probes.data.length > 0 && (
        <fieldset>
          <legend>Probe</legend>
          <div className="choice-row" role="radiogroup" aria-label="Probe">
            {probes.data.map((probe) => {
              const qc = qcView(probe, now);
              return (
                <label key={probe.id}>
                  <input
                    type="radio"
                    name="probe"
                    value={probe.id}
                    checked={caseData.probeId === probe.id}
                    onChange={() => void choose({ probeId: probe.id })}
                  />
                  {probe.name}
                  <span className={`tag ${qc.level}`}>
                    {qc.level === 'pass' ? '✓' : qc.level === 'fail' ? '✕' : '!'} {qc.text}
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
      )}
      {chosenQc && chosenQc.level !== 'pass' && (
        <div
          className={`alert ${chosenQc.level === 'fail' ? 'error' : 'warning'}`}
          role="alert"
          data-testid="qc-warning"
        >
          {chosenQc.level === 'fail' ? '✕' : '!'} {chosen?.name}: {chosenQc.text}. Run the daily constancy
          check before relying on its counts, or record why it was skipped in the case notes.
        </div>
      )}
      {stations.data && stations.data.length > 0 && (
        <label>
          Station{' '}
          <span className="hint">(where the probe is attached; its live counts feed the OR view)</span>
          <select
            name="station"
            value={caseData.stationId ?? ''}
            onChange={(event) => void choose({ stationId: event.target.value })}
          >
            <option value="" disabled>
              Choose the station…
            </option>
            {stations.data.map((station) => (
              <option key={station.id} value={station.id}>
                {station.name ?? station.id}
                {station.simulated ? ' (simulated)' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
