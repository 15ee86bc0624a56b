// Close the case: the resection status — R0 (no residual tumour), R1 (microscopic), R2 (macroscopic) or
// pending pathology — then the sign-off, which locks the record (reopening needs a reason, audited).
import { type FormEvent, useState } from 'react';
import * as api from '../api.js';
import { errorText } from '../use-async.js';
import { isClosed } from '../workflow.js';

export const RESECTION_TEXT: Record<api.ResectionStatus, string> = {
  R0: 'R0 — no residual tumour',
  R1: 'R1 — microscopic residual',
  R2: 'R2 — macroscopic residual',
  pending: 'Pending pathology',
};

const RESECTION_ORDER: readonly api.ResectionStatus[] = ['R0', 'R1', 'R2', 'pending'];

export function CloseStep(props: {
  caseData: api.Case;
  stations: readonly api.StationInfo[];
  onSaved: () => void;
  backgroundSites: number;
}) {
  const { caseData, stations, onSaved, backgroundSites } = props;
  const [status, setStatus] = useState<api.ResectionStatus | null>(null);
  const [statement, setStatement] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!status) return setError('Choose the resection status (or “pending pathology”).');
    if (!statement.trim()) return setError('Write the sign-off statement (e.g. what was resected and why).');
    setError(null);
    try {
      await api.updateCase(caseData.id, { resectionStatus: status });
      // The case is done in the room: free the station (its frames are flushed) before the record locks.
      const station = stations.find((s) => s.session?.caseId === caseData.id);
      if (station?.session) await api.endSession(station.session.liveSessionId);
      await api.signOff(caseData.id, statement.trim());
      onSaved();
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  if (isClosed(caseData)) {
    return (
      <p data-testid="closed">
        Closed with <strong>{RESECTION_TEXT[caseData.resectionStatus]}</strong>. Signed off
        {caseData.signOff ? `: “${caseData.signOff.statement}”` : ''}.
      </p>
    );
  }
  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-label="Close the case">
      {backgroundSites < 3 && (
        <div className="alert warning">
          Only {backgroundSites} background {backgroundSites === 1 ? 'site' : 'sites'} recorded (at least 3
          recommended).
        </div>
      )}
      <fieldset>
        <legend>Resection status</legend>
        <div className="choice-row">
          {RESECTION_ORDER.map((value) => (
            <label key={value}>
              <input
                type="radio"
                name="resectionStatus"
                value={value}
                checked={status === value}
                onChange={() => setStatus(value)}
              />
              {RESECTION_TEXT[value]}
            </label>
          ))}
        </div>
      </fieldset>
      <label>
        Sign-off statement <span className="hint">(locks the record; no identifying data)</span>
        <textarea
          name="statement"
          rows={3}
          value={statement}
          onChange={(event) => setStatement(event.target.value)}
          maxLength={2000}
          placeholder="e.g. Ileal primary and two mesenteric nodes resected; tumour bed at background."
        />
      </label>
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      <div>
        <button className="primary" type="submit">
          Close and sign off
        </button>
      </div>
    </form>
  );
}
