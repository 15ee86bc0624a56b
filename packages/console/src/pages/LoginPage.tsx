import { type FormEvent, useState } from 'react';
import * as api from '../api.js';
import { errorText } from '../use-async.js';

export function LoginPage({ onDone, message }: { onDone: () => void; message?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.login({ username, password });
      onDone();
    } catch (reason) {
      setError(
        reason instanceof api.ApiError && reason.status === 401
          ? 'Wrong user name or password.'
          : errorText(reason),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth panel stack">
      <h1>OpenRGS — sign in</h1>
      {message && <div className="alert info">{message}</div>}
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <label>
          User name
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
            // biome-ignore lint/a11y/noAutofocus: the login form has one purpose; the cursor belongs in it.
            autoFocus
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </label>
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
