// The record leaving the room: the PDF report, the printable HTML report (both decay-corrected to a chosen
// reference time), the FHIR R4 bundle and the measurements CSV. PDF and printable open in a new tab with
// the session cookie; FHIR and CSV are fetched and saved, so a failure shows here with the server's reason.
import { useId, useState } from 'react';
import { downloadFile, RECORD_FILES, recordUrls } from '../record-api.js';
import { checkReferenceTime, localIsoWithZone } from '../registry/registry-format.js';
import { errorText } from '../use-async.js';

export function CaseRecordLinks({ caseId, caseLabel }: { caseId: string; caseLabel: string }) {
  const id = useId();
  const [reference, setReference] = useState('');
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const check = checkReferenceTime(reference);
  const urls = recordUrls(caseId, check.ok ? check.value : null);
  const safeLabel = caseLabel.replace(/[^\w.-]+/g, '_');

  async function download(kind: 'fhir' | 'csv') {
    const filename = kind === 'fhir' ? `${safeLabel}-fhir-bundle.json` : `${safeLabel}-measurements.csv`;
    setBusy(kind);
    setStatus(null);
    try {
      const { bytes } = await downloadFile(urls[kind], filename, RECORD_FILES[kind]);
      setStatus({ kind: 'ok', text: `Saved ${filename} (${(bytes / 1024).toFixed(1)} kB).` });
    } catch (reason) {
      setStatus({ kind: 'error', text: `Could not download ${filename}: ${errorText(reason)}` });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="stack" data-testid="record-links">
      <label htmlFor={`${id}-ref`}>
        Decay reference time for the report{' '}
        <span className="hint">
          (ISO 8601 with seconds and zone, e.g. 2026-11-26T14:30:00+01:00; empty = the case's own reference,
          the tracer administration unless set)
        </span>
      </label>
      <div className="row">
        <input
          id={`${id}-ref`}
          name="decayReference"
          value={reference}
          onChange={(event) => setReference(event.target.value)}
          placeholder="tracer administration time"
          aria-invalid={!check.ok}
          aria-describedby={!check.ok ? `${id}-ref-error` : undefined}
          style={{ maxWidth: '26rem' }}
          spellCheck={false}
        />
        <button type="button" onClick={() => setReference(localIsoWithZone(new Date()))}>
          Now
        </button>
        {reference !== '' && (
          <button type="button" onClick={() => setReference('')}>
            Clear
          </button>
        )}
      </div>
      {!check.ok && (
        <p className="field-error" id={`${id}-ref-error`} role="alert">
          {check.message}. The report links are disabled until it is corrected.
        </p>
      )}
      <div className="record-links">
        {check.ok ? (
          <>
            <a
              className="button primary"
              href={urls.pdf}
              target="_blank"
              rel="noreferrer"
              data-testid="report-pdf"
            >
              Report (PDF)
            </a>
            <a className="button" href={urls.html} target="_blank" rel="noreferrer" data-testid="report-html">
              Printable report
            </a>
          </>
        ) : (
          <>
            <button type="button" className="primary" disabled>
              Report (PDF)
            </button>
            <button type="button" disabled>
              Printable report
            </button>
          </>
        )}
        <button
          type="button"
          onClick={() => void download('fhir')}
          disabled={busy !== null}
          data-testid="fhir-export"
        >
          {busy === 'fhir' ? 'Preparing FHIR…' : 'FHIR export'}
        </button>
        <button
          type="button"
          onClick={() => void download('csv')}
          disabled={busy !== null}
          data-testid="measurements-csv"
        >
          {busy === 'csv' ? 'Preparing CSV…' : 'Measurements CSV'}
        </button>
      </div>
      <p className="small muted">
        FHIR R4 transaction Bundle (pseudonymous Patient, Procedure, MedicationAdministration, Device,
        Specimen, Observations, DiagnosticReport with the PDF, Provenance). CSV: one row per measurement,
        units in the column names.
      </p>
      <div aria-live="polite">
        {status && (
          <p className={`alert ${status.kind === 'ok' ? 'ok' : 'error'}`} data-testid="download-status">
            {status.text}
          </p>
        )}
      </div>
    </div>
  );
}
