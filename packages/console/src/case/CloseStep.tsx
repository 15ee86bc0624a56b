// Close the case with its resection status: R0 (no residual tumour), R1 (microscopic), R2 (macroscopic),
// or pending pathology.
import { type FormEvent, useState } from 'react';
import * as api from '../api.js';
import { errorText } from '../use-async.js';

export const RESECTION_TEXT: Record<api.ResectionStatus, string> = {
  R0: 'R0 — no residual tumour',
  R1: 'R1 — microscopic residual',
  R2: 'R2 — macroscopic residual',
  pending: 'Pending pathology',
};

export function CloseStep({
  caseData,
  onSaved,
  backgroundSites,
}: {
  caseData: api.Case;
  onSaved: () => void;
  backgroundSites: number;
}) {
  const [status, setStatus] = useState<api.ResectionStatus | null>(caseData.resectionStatus ?? null);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const closed = caseData.status === 'closed' || Boolean(caseData.closedAt);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!status) return setError('Choose the resection status (or “pending pathology”).');
    setError(null);
    try {
      await api.closeCase(caseData.id, {
        resectionStatus: status,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      onSaved();
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  if (closed) {
    return (
      <p>
        Closed with{' '}
        <strong>{caseData.resectionStatus ? RESECTION_TEXT[caseData.resectionStatus] : 'no status'}</strong>.
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
          {(Object.keys(RESECTION_TEXT) as api.ResectionStatus[]).map((value) => (
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
        Notes <span className="hint">(optional; no identifying data)</span>
        <textarea
          name="notes"
          rows={3}
          value={notes}
          onChange={(event) => setNotes(event.target.value)}
          maxLength={2000}
        />
      </label>
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      <div>
        <button className="primary" type="submit">
          Close case
        </button>
      </div>
    </form>
  );
}
