// Tracer administration: agent, activity, time; once recorded, the remaining activity decays live.
import { type FormEvent, useEffect, useState } from 'react';
import * as api from '../api.js';
import { decayedActivityMBq, HALF_LIFE_SECONDS, isNuclide, TRACER_AGENTS } from '../decay.js';
import { formatDateTime, formatSeconds, toLocalInput } from '../format.js';
import { errorText } from '../use-async.js';

function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function TracerDecay({ tracer }: { tracer: api.TracerAdministration }) {
  const now = useNow(1000);
  const at = new Date(tracer.administeredAt);
  const elapsedSeconds = (now.getTime() - at.getTime()) / 1000;
  const halfLifeSeconds = isNuclide(tracer.nuclide) ? HALF_LIFE_SECONDS[tracer.nuclide] : null;
  return (
    <div className="tracer-decay" data-testid="tracer-decay">
      <div>
        <strong>{tracer.agent}</strong> ({tracer.nuclide}) · {tracer.activityMBq.toLocaleString('en-GB')} MBq
        at {formatDateTime(tracer.administeredAt)}
      </div>
      {halfLifeSeconds !== null && elapsedSeconds >= 0 ? (
        <div className="mono">
          Now{' '}
          <strong>
            {decayedActivityMBq(tracer.activityMBq, elapsedSeconds, halfLifeSeconds).toFixed(1)} MBq
          </strong>{' '}
          · {formatSeconds(elapsedSeconds)} after administration ·{' '}
          {((elapsedSeconds / halfLifeSeconds) * 100).toFixed(0)} % of a half-life
        </div>
      ) : (
        <div className="muted small">
          {elapsedSeconds < 0
            ? 'Administration time is in the future.'
            : `No half-life known for ${tracer.nuclide}.`}
        </div>
      )}
    </div>
  );
}

export function TracerStep({
  caseData,
  onSaved,
  readOnly,
}: {
  caseData: api.Case;
  onSaved: () => void;
  readOnly: boolean;
}) {
  const administrations = caseData.tracerAdministrations;
  const [adding, setAdding] = useState(administrations.length === 0);
  const first = TRACER_AGENTS[0];
  const [agent, setAgent] = useState(first?.agent ?? '');
  const [activity, setActivity] = useState('');
  const [time, setTime] = useState(() => toLocalInput(new Date()));
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const known = TRACER_AGENTS.find((a) => a.agent === agent);
    const activityMBq = Number(activity);
    if (!known) return setError('Choose the tracer agent.');
    if (!activity.trim() || !Number.isFinite(activityMBq) || activityMBq <= 0 || activityMBq > 20_000) {
      return setError(`Activity must be a number of MBq above 0 and at most 20,000 (got “${activity}”).`);
    }
    const at = new Date(time);
    if (Number.isNaN(at.getTime())) return setError('Enter the administration date and time.');
    if (at.getTime() > Date.now() + 5 * 60_000) return setError('The administration time is in the future.');
    setError(null);
    try {
      await api.addTracer(caseData.id, {
        agent: known.agent,
        nuclide: known.nuclide,
        activityMBq,
        administeredAt: at.toISOString(),
      });
      setAdding(false);
      setActivity('');
      onSaved();
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  return (
    <div className="stack">
      {administrations.map((tracer) => (
        <TracerDecay key={tracer.id} tracer={tracer} />
      ))}
      {administrations.length > 1 && (
        <p className="small muted">Rates are decay-corrected to the first administration.</p>
      )}
      {!readOnly && !adding && (
        <div>
          <button type="button" onClick={() => setAdding(true)}>
            Add another administration
          </button>
        </div>
      )}
      {!readOnly && adding && (
        <form className="stack" onSubmit={(event) => void submit(event)} aria-label="Tracer administration">
          <div className="form-grid">
            <label>
              Agent
              <select name="agent" value={agent} onChange={(event) => setAgent(event.target.value)}>
                {TRACER_AGENTS.map((a) => (
                  <option key={a.agent} value={a.agent}>
                    {a.agent} ({a.nuclide})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Activity <span className="hint">(MBq, as administered)</span>
              <input
                name="activityMBq"
                inputMode="decimal"
                value={activity}
                onChange={(event) => setActivity(event.target.value)}
                placeholder="e.g. 600"
                required
              />
            </label>
            <label>
              Administered at <span className="hint">(local time)</span>
              <input
                name="administeredAt"
                type="datetime-local"
                value={time}
                onChange={(event) => setTime(event.target.value)}
                required
              />
            </label>
          </div>
          {error && (
            <div className="alert error" role="alert">
              {error}
            </div>
          )}
          <div className="row">
            <button className="primary" type="submit">
              Save tracer administration
            </button>
            {administrations.length > 0 && (
              <button type="button" onClick={() => setAdding(false)}>
                Cancel
              </button>
            )}
          </div>
        </form>
      )}
    </div>
  );
}
