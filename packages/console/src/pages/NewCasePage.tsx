import { type FormEvent, useState } from 'react';
import * as api from '../api.js';
import { navigate } from '../router.js';
import { errorText } from '../use-async.js';

export function NewCasePage() {
  const [label, setLabel] = useState('');
  const [indication, setIndication] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.createCase({
        label: label.trim(),
        ...(indication.trim() ? { indication: indication.trim() } : {}),
      });
      navigate({ name: 'case', caseId: created.id });
    } catch (reason) {
      setError(errorText(reason));
      setBusy(false);
    }
  }

  return (
    <div className="page stack" style={{ maxWidth: 720 }}>
      <h1>New case</h1>
      <p className="muted">
        Use a pseudonymous label (no names or record numbers): identifying patient data is kept apart by the
        server.
      </p>
      <form className="stack panel" onSubmit={(event) => void submit(event)}>
        <label>
          Case label
          <input
            name="label"
            value={label}
            onChange={(event) => setLabel(event.target.value)}
            required
            maxLength={80}
            placeholder="e.g. NET-2026-014"
            // biome-ignore lint/a11y/noAutofocus: the page exists to fill this field.
            autoFocus
          />
        </label>
        <label>
          Indication <span className="hint">(optional)</span>
          <input
            name="indication"
            value={indication}
            onChange={(event) => setIndication(event.target.value)}
            maxLength={500}
            placeholder="e.g. ileal NET, mesenteric node indeterminate on PET/CT"
          />
        </label>
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        <div className="row">
          <button className="primary" type="submit" disabled={busy || !label.trim()}>
            Create case
          </button>
          <a className="button" href="#/cases">
            Cancel
          </a>
        </div>
      </form>
    </div>
  );
}
