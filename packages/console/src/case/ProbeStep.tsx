// Choose the probe for the case — its QC state shown, a warning without a passing check today — and the
// station it is attached to. Starting the station's live session binds its stream to this case.
import { type FormEvent, useState } from 'react';
import * as api from '../api.js';
import { Icon } from '../components/Icon.js';
import { readableTimes } from '../format.js';
import { qcApi } from '../qc-api.js';
import { errorText, useAsync } from '../use-async.js';
import { caseStation, qcView } from '../workflow.js';

export function ProbeStep(props: {
  caseData: api.Case;
  stations: readonly api.StationInfo[];
  onSaved: () => void;
  readOnly: boolean;
}) {
  const { caseData, stations, onSaved, readOnly } = props;
  const probes = useAsync(() => api.listProbes(), []);
  const active = caseStation(caseData, stations);
  const [probeId, setProbeId] = useState<string | null>(null);
  const [stationId, setStationId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = new Date();

  const chosenProbeId = probeId ?? probes.data?.[0]?.id ?? null;
  const chosenStation = stations.find((s) => s.id === (stationId ?? active?.id)) ?? stations[0];
  const chosen = probes.data?.find((p) => p.id === chosenProbeId);
  const chosenQc = chosen ? qcView(chosen, now) : null;
  // The server's QC gate (issue 8): without a passing check today, or after a failed one, the live
  // session starts only with a reason, recorded (audited) for this case and printed in the report.
  const gate = useAsync(() => (chosen ? qcApi.gate(chosen.id) : Promise.resolve(null)), [chosen?.id]);
  const needsOverride = gate.data?.requiresOverride === true && !active && !readOnly;
  const [overrideReason, setOverrideReason] = useState('');

  async function start(event: FormEvent) {
    event.preventDefault();
    if (!chosenStation) return setError('No station is attached to this server.');
    setError(null);
    if (needsOverride && chosen && overrideReason.trim().length < 5) {
      return setError(
        'Give the reason for using this probe without a passing QC check (at least 5 characters).',
      );
    }
    try {
      if (needsOverride && chosen) {
        await qcApi.override(chosen.id, { caseId: caseData.id, reason: overrideReason.trim() });
      }
      // A station records into one case at a time: taking it over ends the other case's session first.
      const other = chosenStation.session;
      if (other) await api.endSession(other.liveSessionId);
      await api.startSession(chosenStation.id, {
        caseId: caseData.id,
        ...(chosen ? { probeId: chosen.id } : {}),
      });
      onSaved();
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  return (
    <form className="stack" onSubmit={(event) => void start(event)} aria-label="Probe and station">
      {readOnly && (
        <p className="muted" data-testid="probe-step-closed">
          <Icon name="lock" /> The case is signed off: the probe and the live session can no longer change.
        </p>
      )}
      {active && (
        <div className="alert ok" data-testid="session-active">
          <Icon name="check" /> Live session running on <strong>{active.name}</strong>: its frames are
          recorded into this case.
        </div>
      )}
      {probes.error && <div className="alert error">Could not list probes: {probes.error}</div>}
      {probes.data && probes.data.length === 0 && (
        <div className="alert warning">
          No probe is registered. An administrator adds probes under <a href="#/admin/probes">Probes</a>.
        </div>
      )}
      {probes.data && probes.data.length > 0 && (
        <fieldset disabled={readOnly}>
          <legend>Probe</legend>
          <div className="choice-row">
            {probes.data.map((probe) => {
              const qc = qcView(probe, now);
              return (
                <label key={probe.id}>
                  <input
                    type="radio"
                    name="probe"
                    value={probe.id}
                    checked={chosenProbeId === probe.id}
                    onChange={() => setProbeId(probe.id)}
                  />
                  {probe.name}
                  <span className={`tag ${qc.level}`}>
                    <Icon name={qc.level === 'pass' ? 'check' : qc.level === 'fail' ? 'cross' : 'warning'} />{' '}
                    {qc.text}
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
      )}
      {!readOnly && chosenQc && chosenQc.level !== 'pass' && (
        <div
          className={`alert ${chosenQc.level === 'fail' ? 'error' : 'warning'}`}
          role="alert"
          data-testid="qc-warning"
        >
          <Icon name={chosenQc.level === 'fail' ? 'cross' : 'warning'} /> {chosen?.name}: {chosenQc.text}. Run
          the daily constancy check before relying on its counts, or record in the notes why it was skipped.
        </div>
      )}
      {needsOverride && gate.data && (
        <div className="alert error" role="alert" data-testid="qc-gate">
          <p>
            <Icon name="cross" /> QC gate: {readableTimes(gate.data.message)}
          </p>
          <label>
            Reason to use this probe anyway{' '}
            <span className="hint">(audited; printed in the case report)</span>
            <textarea
              name="qcOverrideReason"
              value={overrideReason}
              minLength={5}
              maxLength={2000}
              required
              onChange={(event) => setOverrideReason(event.target.value)}
            />
          </label>
        </div>
      )}
      {!readOnly && probes.data && !chosen && !active && (
        <div className="alert warning" data-testid="qc-warning">
          ! No registered probe chosen: its QC state cannot be shown. The live session can still start (the
          station's own probe records the counts).
        </div>
      )}
      {stations.length === 0 && (
        <div className="alert warning">No probe station is attached to this server.</div>
      )}
      {stations.length > 1 && (
        <label>
          Station <span className="hint">(where the probe is attached)</span>
          <select
            name="station"
            value={chosenStation?.id ?? ''}
            onChange={(event) => setStationId(event.target.value)}
          >
            {stations.map((station) => (
              <option key={station.id} value={station.id}>
                {station.name}
                {station.kind === 'simulated' ? ' (simulated)' : ''}
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
      {!readOnly && chosenStation && (
        <div>
          <button className={active ? '' : 'primary'} type="submit" data-testid="start-session">
            {active
              ? 'Restart the live session'
              : needsOverride
                ? `Override the QC gate and start on ${chosenStation.name}`
                : chosenStation.session
                  ? `Take over ${chosenStation.name} (ends another case’s live session)`
                  : `Start live session on ${chosenStation.name}`}
          </button>
        </div>
      )}
    </form>
  );
}
