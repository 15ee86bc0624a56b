// First run: the server has no users yet; the first account is the administrator.
import { MIN_PASSWORD_LENGTH } from '@openrgs/api';
import { type FormEvent, useState } from 'react';
import * as api from '../api.js';
import { errorText } from '../use-async.js';

/** `#/?setup=CODE` (the address `rgs serve` prints) fills the code in. */
function codeFromAddress(): string {
  const match = /[?&]setup=([0-9A-Za-z-]+)/.exec(location.hash);
  return match?.[1] ?? '';
}

export function SetupPage({ onDone }: { onDone: () => void }) {
  const [setupToken, setSetupToken] = useState(codeFromAddress);
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH) {
      setError(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
      return;
    }
    if (password !== repeat) {
      setError('The two passwords differ.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.setup({ setupToken, username, password });
      onDone();
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth panel stack">
      <h1>Welcome to OpenRGS</h1>
      <p className="muted">
        This server has no users yet. Create the administrator account; it can then add surgeons,
        nuclear-medicine physicians and physicists under Users.
      </p>
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <label>
          Setup code{' '}
          <span className="hint">
            (printed by <code>rgs serve</code> in its window)
          </span>
          <input
            name="setupToken"
            autoComplete="off"
            spellCheck={false}
            value={setupToken}
            onChange={(event) => setSetupToken(event.target.value)}
            required
          />
        </label>
        <label>
          Administrator user name
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
          />
        </label>
        <label>
          Password <span className="hint">(at least {MIN_PASSWORD_LENGTH} characters)</span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
            // biome-ignore lint/a11y/noAutofocus: first run has one purpose; the cursor belongs here.
            autoFocus
          />
        </label>
        <label>
          Password again
          <input
            name="repeat"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(event) => setRepeat(event.target.value)}
            required
          />
        </label>
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create administrator'}
        </button>
      </form>
    </main>
  );
}
