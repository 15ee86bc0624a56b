// Follow-up of a case: the entries so far (date, recurrence yes/no, note) and a form to add one. Allowed
// after sign-off too (follow-up comes months later); each entry is audited on the server.
import { type FormEvent, useId, useState } from 'react';
import { type FollowUp, recordApi } from '../record-api.js';
import { errorText, useAsync } from '../use-async.js';
import { followUpProblems, todayLocal } from './record-forms.js';

export function FollowUpForm({ caseId, procedureDate }: { caseId: string; procedureDate: string | null }) {
  const id = useId();
  const entries = useAsync(() => recordApi.followUps(caseId), [caseId]);
  const [date, setDate] = useState('');
  const [recurrence, setRecurrence] = useState<boolean | null>(null);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = followUpProblems({ date, recurrence, today: todayLocal(), procedureDate });
    setProblems(found);
    if (found.length > 0 || recurrence === null) return;
    setBusy(true);
    try {
      await recordApi.addFollowUp(caseId, {
        date,
        recurrence,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setDate('');
      setRecurrence(null);
      setNote('');
      entries.reload();
    } catch (reason) {
      setProblems([errorText(reason)]);
    } finally {
      setBusy(false);
    }
  }

  const list: FollowUp[] = [...(entries.data ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  return (
    <div className="stack">
      {entries.error && (
        <div className="alert error" role="alert">
          Could not load the follow-up entries: {entries.error}
        </div>
      )}
      {entries.data && list.length === 0 && <p className="muted">No follow-up recorded yet.</p>}
      {list.length > 0 && (
        <table className="compact" data-testid="follow-ups">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Recurrence</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {list.map((f) => (
              <tr key={f.id}>
                <td className="mono">{f.date}</td>
                <td>
                  <span className={`tag ${f.recurrence ? 'fail' : 'pass'}`}>
                    {f.recurrence ? '▲ recurrence' : '— none'}
                  </span>
                </td>
                <td>{f.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-h`}>
        <h3 id={`${id}-h`}>Add a follow-up entry</h3>
        <div className="form-grid">
          <label>
            Date of the visit
            <input
              type="date"
              name="followUpDate"
              value={date}
              max={todayLocal()}
              onChange={(event) => setDate(event.target.value)}
            />
          </label>
          <fieldset>
            <legend>Recurrence</legend>
            <div className="choice-row">
              <label>
                <input
                  type="radio"
                  name={`${id}-recurrence`}
                  checked={recurrence === false}
                  onChange={() => setRecurrence(false)}
                />
                No recurrence
              </label>
              <label>
                <input
                  type="radio"
                  name={`${id}-recurrence`}
                  checked={recurrence === true}
                  onChange={() => setRecurrence(true)}
                />
                Recurrence found
              </label>
            </div>
          </fieldset>
        </div>
        <label>
          Note <span className="hint">(optional, e.g. imaging used; no identifying data)</span>
          <input
            name="followUpNote"
            value={note}
            maxLength={2000}
            onChange={(event) => setNote(event.target.value)}
          />
        </label>
        {problems.length > 0 && (
          <div className="alert error" role="alert">
            {problems.map((p) => (
              <div key={p}>{p}</div>
            ))}
          </div>
        )}
        <div>
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Add follow-up'}
          </button>
        </div>
      </form>
    </div>
  );
}
