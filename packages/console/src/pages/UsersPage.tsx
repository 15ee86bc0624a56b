// Users and roles (admins only; the server enforces it too).
import { MIN_PASSWORD_LENGTH } from '@openrgs/api';
import { type FormEvent, useState } from 'react';
import { useSession } from '../App.js';
import * as api from '../api.js';
import { errorText, useAsync } from '../use-async.js';

export function UsersPage() {
  const { user } = useSession();
  const users = useAsync(() => api.listUsers(), []);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<api.Role>('surgeon');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (user.role !== 'admin')
    return <div className="page alert warning">Only administrators manage users.</div>;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const created = await api.createUser({ username: username.trim(), role, password });
      setNotice(`Created ${created.username} (${created.role}).`);
      setUsername('');
      setPassword('');
      users.reload();
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  async function change(id: string, patch: { role?: api.Role; disabled?: boolean }) {
    setError(null);
    try {
      await api.updateUser(id, patch);
      users.reload();
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  async function unlock(id: string) {
    setError(null);
    setNotice(null);
    try {
      const done = await api.unlockUser(id);
      setNotice(
        `Sign-in slow-down lifted for ${done.username}: earlier failed sign-ins are forgotten` +
          (done.addressesCleared > 0
            ? ` (${done.addressesCleared} address${done.addressesCleared === 1 ? '' : 'es'} cleared).`
            : '.'),
      );
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  return (
    <div className="page stack">
      <h1>Users</h1>
      {users.error && <div className="alert error">Could not list users: {users.error}</div>}
      {users.data && (
        <table>
          <thead>
            <tr>
              <th>User</th>
              <th>Role</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.username}`}
                    value={u.role}
                    disabled={u.id === user.id}
                    onChange={(event) => void change(u.id, { role: event.target.value as api.Role })}
                  >
                    {api.ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{u.disabled ? 'disabled' : 'active'}</td>
                <td>
                  {u.id !== user.id && (
                    <div className="row">
                      <button type="button" onClick={() => void change(u.id, { disabled: !u.disabled })}>
                        {u.disabled ? 'Enable' : 'Disable'}
                      </button>
                      <button
                        type="button"
                        aria-label={`Unlock sign-in of ${u.username}`}
                        title="Lift the sign-in slow-down after failed passwords (audited)"
                        onClick={() => void unlock(u.id)}
                      >
                        Unlock sign-in
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="panel stack" onSubmit={(event) => void submit(event)} aria-label="Add a user">
        <h2>Add a user</h2>
        <div className="form-grid">
          <label>
            User name
            <input
              name="newUsername"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              required
            />
          </label>
          <label>
            Role
            <select name="newRole" value={role} onChange={(event) => setRole(event.target.value as api.Role)}>
              {api.ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            Initial password <span className="hint">(at least {MIN_PASSWORD_LENGTH} characters)</span>
            <input
              name="newPassword"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              required
              minLength={MIN_PASSWORD_LENGTH}
            />
          </label>
        </div>
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        {notice && (
          <div className="alert ok" role="status">
            {notice}
          </div>
        )}
        <div>
          <button className="primary" type="submit">
            Add user
          </button>
        </div>
      </form>
    </div>
  );
}
