// Import historic cases from CSV (one row per lesion): pick a file or paste, name the source, send. The
// server validates every line and imports nothing when any line is bad; its problems are listed by line.
// Importing the same rows again changes nothing (rows are keyed by source, case and lesion).
import { type ChangeEvent, type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api-error.js';
import { type ImportResult, registryApi } from '../record-api.js';
import { errorText } from '../use-async.js';
import { issueLocation } from './registry-format.js';

/** packages/report/src/csv.ts HISTORIC_CSV_COLUMNS; the first six are required. */
const COLUMNS: readonly { name: string; required: boolean; meaning: string }[] = [
  { name: 'caseLabel', required: true, meaning: 'pseudonymous case label' },
  { name: 'tracer', required: true, meaning: 'radiopharmaceutical, e.g. 99mTc-EDDA/HYNIC-TOC' },
  { name: 'lesion', required: true, meaning: 'lesion label, unique within the case' },
  { name: 'site', required: true, meaning: 'bowel, pancreas, nodes, liver or other' },
  { name: 'imagingStatus', required: true, meaning: 'pre-op imaging: seen, indeterminate or not-seen' },
  { name: 'resectionStatus', required: true, meaning: 'R0, R1, R2 or pending' },
  { name: 'surgeryDate', required: false, meaning: 'YYYY-MM-DD' },
  { name: 'inVivoRatio', required: false, meaning: 'highest in vivo T/B (positive number)' },
  { name: 'exVivoRatio', required: false, meaning: 'highest ex vivo T/B (positive number)' },
  { name: 'rgsResult', required: false, meaning: 'positive, negative or undecided' },
  { name: 'netConfirmed', required: false, meaning: 'pathology: yes or no (empty = not known)' },
  { name: 'recurrence', required: false, meaning: 'yes or no (needs followUpDate)' },
  { name: 'followUpDate', required: false, meaning: 'YYYY-MM-DD' },
];

const SOURCE_PATTERN = /^[\w .:-]{1,200}$/;

type Outcome =
  | { kind: 'done'; source: string; result: ImportResult }
  | { kind: 'invalid'; message: string; issues: readonly { path: string; message: string }[] }
  | { kind: 'error'; message: string };

export function RegistryImport({ onImported }: { onImported: () => void }) {
  const id = useId();
  const [source, setSource] = useState('');
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function pickFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setOutcome(null);
    try {
      setCsv(await file.text());
      setFileName(file.name);
      if (source.trim() === '') setSource(file.name.replace(/\.csv$/i, '').replace(/[^\w .:-]/g, '-'));
    } catch (reason) {
      setOutcome({ kind: 'error', message: `Could not read ${file.name}: ${errorText(reason)}` });
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const name = source.trim();
    if (!SOURCE_PATTERN.test(name)) {
      setOutcome({
        kind: 'error',
        message:
          'Name the source (e.g. hospital-A-2019-2024): letters, digits, space, dot, colon, dash or underscore, at most 200 characters.',
      });
      return;
    }
    if (csv.trim() === '') {
      setOutcome({ kind: 'error', message: 'Choose a CSV file or paste its text first.' });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const result = await registryApi.importCsv({ source: name, csv });
      setOutcome({ kind: 'done', source: name, result });
      onImported();
    } catch (reason) {
      if (reason instanceof ApiError && reason.issues.length > 0)
        setOutcome({ kind: 'invalid', message: reason.message, issues: reason.issues });
      else setOutcome({ kind: 'error', message: errorText(reason) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Import historic cases (CSV)</h2>
      <p className="small muted">
        One row per lesion, header on line 1. Every line is checked; if any line is wrong nothing is imported
        and the problems are listed by line. Importing the same file again changes nothing; a corrected row
        replaces the earlier one of the same source, case and lesion.
      </p>
      <details>
        <summary>Columns</summary>
        <table className="compact">
          <tbody>
            {COLUMNS.map((c) => (
              <tr key={c.name}>
                <th scope="row">
                  <code>{c.name}</code>
                </th>
                <td>{c.required ? 'required' : 'optional'}</td>
                <td>{c.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <div className="form-grid">
        <label>
          Source <span className="hint">(names this batch; letters, digits, . : - _)</span>
          <input
            name="importSource"
            value={source}
            onChange={(event) => setSource(event.target.value)}
            placeholder="e.g. hospital-A-2019-2024"
            maxLength={200}
            required
          />
        </label>
        <label>
          CSV file
          <input
            name="importFile"
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => void pickFile(event)}
          />
        </label>
      </div>
      <label>
        CSV text{' '}
        <span className="hint">{fileName ? `(from ${fileName}; you may edit it)` : '(or paste here)'}</span>
        <textarea
          name="importCsv"
          rows={6}
          value={csv}
          onChange={(event) => {
            setCsv(event.target.value);
            setFileName(null);
          }}
          spellCheck={false}
          className="mono"
          placeholder="caseLabel,tracer,lesion,site,imagingStatus,resectionStatus,inVivoRatio,rgsResult,netConfirmed"
        />
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        <span className="small muted">
          {csv ? `${csv.split(/\r?\n/).filter((l) => l.trim()).length} lines` : ''}
        </span>
      </div>
      <div aria-live="polite">
        {outcome?.kind === 'done' && (
          <div className="alert ok" data-testid="import-result">
            Imported from <strong>{outcome.source}</strong>:{' '}
            <span data-testid="import-inserted">{outcome.result.inserted}</span> inserted,{' '}
            <span data-testid="import-updated">{outcome.result.updated}</span> updated,{' '}
            <span data-testid="import-unchanged">{outcome.result.unchanged}</span> unchanged lesion rows. The
            statistics above now include them.
          </div>
        )}
        {outcome?.kind === 'invalid' && (
          <div className="alert error" role="alert" data-testid="import-issues">
            <div>
              Nothing was imported: {outcome.issues.length} problem{outcome.issues.length === 1 ? '' : 's'} in
              the file.
            </div>
            <ol className="issues">
              {outcome.issues.map((issue) => {
                const where = issueLocation(issue.path);
                return (
                  <li key={`${issue.path}|${issue.message}`}>
                    {where.line !== null ? (
                      <>
                        <strong>Line {where.line}</strong>
                        {where.column ? (
                          <>
                            , column <code>{where.column}</code>
                          </>
                        ) : null}
                        : {issue.message}
                      </>
                    ) : (
                      `${issue.path}: ${issue.message}`
                    )}
                  </li>
                );
              })}
            </ol>
          </div>
        )}
        {outcome?.kind === 'error' && (
          <div className="alert error" role="alert" data-testid="import-error">
            {outcome.message}
          </div>
        )}
      </div>
    </form>
  );
}
