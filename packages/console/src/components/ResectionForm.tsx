// The final resection status once pathology is in (R0 / R1 / R2, or still pending), saved on its own —
// the close step sets it only together with the sign-off. A select, not radios, so it never shares an
// accessible name with the close step's radio buttons.
import { type FormEvent, useId, useState } from 'react';
import * as api from '../api.js';
import { RESECTION_TEXT } from '../case/CloseStep.js';
import { errorText } from '../use-async.js';

const ORDER: readonly api.ResectionStatus[] = ['R0', 'R1', 'R2', 'pending'];

export function ResectionForm({ caseData, onSaved }: { caseData: api.Case; onSaved: () => void }) {
  const id = useId();
  const [status, setStatus] = useState<api.ResectionStatus>(caseData.resectionStatus);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = status !== caseData.resectionStatus;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await api.updateCase(caseData.id, { resectionStatus: status });
      onSaved();
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-legend`}>
      <label>
        <span id={`${id}-legend`}>Final resection status</span>{' '}
        <span className="hint">(from the pathology report; saved on its own, without signing off)</span>
        <select
          style={{ maxWidth: '26rem', display: 'block' }}
          name="finalResectionStatus"
          value={status}
          onChange={(event) => setStatus(event.target.value as api.ResectionStatus)}
        >
          {ORDER.map((value) => (
            <option key={value} value={value}>
              {RESECTION_TEXT[value]}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      <div className="row">
        <button type="submit" disabled={busy || !changed} data-testid="save-resection">
          Save resection status
        </button>
        <span className="small muted" data-testid="resection-current">
          Recorded: {RESECTION_TEXT[caseData.resectionStatus]}
        </span>
      </div>
    </form>
  );
}
