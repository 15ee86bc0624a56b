import { useEffect, useState } from 'react';
import * as api from '../api.js';
import { formatDateTime } from '../format.js';
import { href } from '../router.js';
import { useAsync } from '../use-async.js';

export function CaseListPage() {
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(query.trim()), 200);
    return () => clearTimeout(timer);
  }, [query]);
  const all = useAsync(() => api.listCases(), []);
  const needle = debounced.toLowerCase();
  const cases = {
    ...all,
    data: all.data?.filter(
      (c) =>
        !needle ||
        c.label.toLowerCase().includes(needle) ||
        (c.indication ?? '').toLowerCase().includes(needle) ||
        (c.patient?.pseudonym ?? '').toLowerCase().includes(needle),
    ),
  };

  return (
    <div className="page stack">
      <div className="row">
        <h1>Cases</h1>
        <span className="spacer" />
        <a className="button primary" href={href({ name: 'new-case' })}>
          + New case
        </a>
      </div>
      <label>
        Search <span className="hint">(case label, indication or patient pseudonym)</span>
        <input
          type="search"
          name="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="e.g. NET-2026-014"
        />
      </label>
      {cases.error && (
        <div className="alert error" role="alert">
          Could not load the cases: {cases.error}
        </div>
      )}
      {cases.data && cases.data.length === 0 && (
        <p className="muted">
          {debounced ? `No case matches “${debounced}”.` : 'No cases yet. Start one with “New case”.'}
        </p>
      )}
      {cases.data && cases.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Case</th>
              <th>Indication</th>
              <th>Status</th>
              <th>Resection</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {cases.data.map((item) => (
              <tr key={item.id}>
                <td>
                  <a href={href({ name: 'case', caseId: item.id })}>{item.label}</a>
                </td>
                <td>{item.indication ?? '—'}</td>
                <td>{item.signOff ? 'signed off' : 'open'}</td>
                <td>{item.resectionStatus}</td>
                <td>{formatDateTime(item.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
