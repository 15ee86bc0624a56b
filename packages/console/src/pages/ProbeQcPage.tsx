// One probe's quality control: the QC gate for today, the constancy control chart and checks,
// recording a daily check and NEMA NU 3 tests (physicists and admins), and the PDF report.
import { PdfFile } from '@openrgs/api';
import { type FormEvent, useState } from 'react';
import { useSession } from '../App.js';
import { formatDateTime, readableTimes } from '../format.js';
import { QcChart } from '../qc/QcChart.js';
import { QcProfileForm } from '../qc/QcProfileForm.js';
import { qcApi } from '../qc-api.js';
import { downloadFile } from '../record-api.js';
import { errorText, useAsync } from '../use-async.js';

const CHECKLIST = ['visual-inspection', 'battery', 'cable', 'audio'] as const;
const CHECKLIST_LABEL: Record<(typeof CHECKLIST)[number], string> = {
  'visual-inspection': 'Visual inspection',
  battery: 'Battery',
  cable: 'Cable',
  audio: 'Audio',
};
type Status = 'ok' | 'fault' | 'not-checked';
const TESTS = ['resolution', 'angular', 'count-rate', 'shielding', 'energy'] as const;

function number(text: string, label: string, integer = false): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v)))
    throw new Error(`${label}: '${text}' must be ${integer ? 'a whole number' : 'a number'} ≥ 0`);
  return v;
}

/** A deviation with its sign: "+0.4", "−2.1" (true minus sign). */
function signed(value: number): string {
  const text = Math.abs(value).toFixed(1);
  return value < 0 && text !== '0.0' ? `−${text}` : value > 0 && text !== '0.0' ? `+${text}` : text;
}

export function ProbeQcPage({ probeId }: { probeId: string }) {
  const { user } = useSession();
  const canRecord = user.role === 'physicist' || user.role === 'admin';
  const gate = useAsync(() => qcApi.gate(probeId), [probeId]);
  const profile = useAsync(() => qcApi.profile(probeId), [probeId]);
  const chart = useAsync(() => qcApi.chart(probeId), [probeId]);
  const checks = useAsync(() => qcApi.checks(probeId), [probeId]);
  const tests = useAsync(() => qcApi.tests(probeId), [probeId]);
  const [counts, setCounts] = useState('');
  const [seconds, setSeconds] = useState<string | null>(null);
  const [editingProfile, setEditingProfile] = useState(false);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [checklist, setChecklist] = useState<Record<string, Status>>(
    Object.fromEntries(CHECKLIST.map((i) => [i, 'not-checked'])),
  );
  const [testKind, setTestKind] = useState<(typeof TESTS)[number]>('resolution');
  const [csv, setCsv] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const reloadAll = () => {
    gate.reload();
    profile.reload();
    chart.reload();
    checks.reload();
    tests.reload();
  };

  async function recordCheck(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      const saved = await qcApi.recordCheck(probeId, {
        checkedAt: new Date().toISOString(),
        measuredCounts: number(counts, 'counts', true),
        countSeconds: number(countSeconds, 'seconds'),
        checklist,
      });
      setMessage({
        kind: saved.result === 'fail' ? 'error' : 'ok',
        text: `Check recorded: ${saved.result.toUpperCase()}, deviation ${signed(saved.deviationPercent)} % (expected ${saved.expectedCps.toFixed(1)} cps, measured ${saved.measuredCps.toFixed(1)} cps).`,
      });
      setCounts('');
      reloadAll();
    } catch (reason) {
      setMessage({ kind: 'error', text: errorText(reason) });
    }
  }

  async function recordTest(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      const saved = await qcApi.recordTest(probeId, {
        test: testKind,
        purpose: 'periodic',
        performedAt: new Date().toISOString(),
        csv,
        options:
          testKind === 'resolution' || testKind === 'angular'
            ? { background: { kind: 'edges', points: 3 } }
            : {},
      });
      setMessage({
        kind: saved.meetsCriterion === false ? 'error' : 'ok',
        text: `${saved.test}: ${saved.mainValue?.toPrecision(4) ?? '—'} ${saved.mainUnit ?? ''}${saved.meetsCriterion === null ? '' : saved.meetsCriterion ? ' (meets the purchaser criterion)' : ' (does NOT meet the purchaser criterion)'}`,
      });
      setCsv('');
      tests.reload();
    } catch (reason) {
      setMessage({ kind: 'error', text: errorText(reason) });
    }
  }

  async function downloadReport() {
    setPdfBusy(true);
    setMessage(null);
    try {
      const { bytes } = await downloadFile(qcApi.reportUrl(probeId), 'probe-qc-report.pdf', PdfFile);
      setMessage({ kind: 'ok', text: `Saved probe-qc-report.pdf (${(bytes / 1024).toFixed(1)} kB).` });
    } catch (reason) {
      setMessage({ kind: 'error', text: `The QC report could not be made: ${errorText(reason)}` });
    } finally {
      setPdfBusy(false);
    }
  }

  const g = gate.data;
  const p = profile.data;
  const ready = Boolean(p?.referenceSource && p.baselineCpsPerMBq !== null);
  const countSeconds = seconds ?? String(p?.constancyCountSeconds ?? 10);
  const showForm = canRecord && profile.data !== undefined && (editingProfile || !ready);
  return (
    <div className="page stack">
      <h1>Probe quality control</h1>
      {gate.error && <div className="alert error">Could not read the QC gate: {gate.error}</div>}
      {g && (
        <div
          className={`alert ${g.state === 'ok' ? 'ok' : g.state === 'caution' ? 'warning' : 'error'}`}
          role="status"
        >
          {readableTimes(g.message)}
        </div>
      )}
      {profile.error && <div className="alert error">Could not read the QC profile: {profile.error}</div>}
      {profile.data !== undefined && !ready && (
        <div className="alert warning" data-testid="qc-profile-missing">
          This probe has no QC profile yet (check source and baseline), so daily checks cannot be computed.
          {canRecord ? ' Set it below.' : ' A physicist or an administrator sets it on this page.'}
        </div>
      )}
      {p?.referenceSource && (
        <div className="row" data-testid="qc-profile-summary">
          <p className="muted">
            Check source {p.referenceSource.nuclide}
            {p.referenceSource.serial ? ` (${p.referenceSource.serial})` : ''},{' '}
            {p.referenceSource.activityMBq} MBq on {formatDateTime(p.referenceSource.calibratedAt)}; baseline{' '}
            {p.baselineCpsPerMBq === null ? 'not set' : `${p.baselineCpsPerMBq} cps/MBq`}; tolerance ±
            {p.constancyTolerance?.warnPercent ?? 5} % warn, ±{p.constancyTolerance?.failPercent ?? 10} % fail
            {p.constancyTolerance ? '' : ' (department default)'}; counting {p.constancyCountSeconds ?? 10} s.
          </p>
          {canRecord && !editingProfile && (
            <button type="button" onClick={() => setEditingProfile(true)}>
              Edit QC profile
            </button>
          )}
        </div>
      )}
      {showForm && (
        <QcProfileForm
          key={p?.updatedAt ?? 'new'}
          probeId={probeId}
          profile={p ?? null}
          onSaved={(text) => {
            setEditingProfile(false);
            setMessage({ kind: 'ok', text });
            reloadAll();
          }}
        />
      )}
      {message && (
        <div
          className={`alert ${message.kind === 'ok' ? 'ok' : 'error'}`}
          role="status"
          data-testid="qc-message"
        >
          {message.text}
        </div>
      )}

      <section className="panel stack">
        <h2>Constancy history</h2>
        {chart.error && <div className="alert error">Could not draw the control chart: {chart.error}</div>}
        {chart.data && <QcChart chart={chart.data} />}
        {checks.data && checks.data.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Checked</th>
                <th>Expected cps</th>
                <th>Measured cps</th>
                <th>Deviation</th>
                <th>Result</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {[...checks.data].reverse().map((c) => (
                <tr key={c.id}>
                  <td>{formatDateTime(c.checkedAt)}</td>
                  <td>{c.expectedCps.toFixed(1)}</td>
                  <td>{c.measuredCps.toFixed(1)}</td>
                  <td>
                    {signed(c.deviationPercent)} % ± {(1.96 * c.countingUncertaintyPercent).toFixed(1)} %
                  </td>
                  <td>
                    <span className={`tag ${c.result}`}>{c.result}</span>
                  </td>
                  <td>{c.createdBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {canRecord && ready && (
        <form className="panel stack" onSubmit={(e) => void recordCheck(e)} aria-label="Record a daily check">
          <h2>Record today's check</h2>
          <p className="small muted">
            Count the check source in its holder for the counting time and enter the counts the probe showed.
          </p>
          <div className="form-grid">
            <label>
              Source counts
              <input
                inputMode="numeric"
                name="qcCheckCounts"
                value={counts}
                onChange={(e) => setCounts(e.target.value)}
                required
              />
            </label>
            <label>
              Counting time (s)
              <input
                inputMode="decimal"
                name="qcCheckSeconds"
                value={countSeconds}
                onChange={(e) => setSeconds(e.target.value)}
                required
              />
            </label>
            {CHECKLIST.map((item) => (
              <label key={item}>
                {CHECKLIST_LABEL[item]}
                <select
                  value={checklist[item]}
                  onChange={(e) => setChecklist({ ...checklist, [item]: e.target.value as Status })}
                >
                  <option value="ok">ok</option>
                  <option value="fault">fault</option>
                  <option value="not-checked">not checked</option>
                </select>
              </label>
            ))}
          </div>
          <div>
            <button type="submit" className="primary">
              Record check
            </button>
          </div>
        </form>
      )}

      <section className="panel stack">
        <h2>NEMA NU 3 tests</h2>
        {tests.data && tests.data.length === 0 && <p className="muted">No tests recorded.</p>}
        {tests.data && tests.data.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Performed</th>
                <th>Test</th>
                <th>Result</th>
                <th>Criterion</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {tests.data.map((t) => (
                <tr key={t.id}>
                  <td>{formatDateTime(t.performedAt)}</td>
                  <td>{t.test}</td>
                  <td>
                    {t.mainValue?.toPrecision(4) ?? '—'} {t.mainUnit ?? ''}
                  </td>
                  <td>{t.meetsCriterion === null ? '—' : t.meetsCriterion ? 'met' : 'NOT met'}</td>
                  <td>{t.createdBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div>
          <button
            type="button"
            onClick={() => void downloadReport()}
            disabled={pdfBusy}
            data-testid="qc-report-pdf"
          >
            {pdfBusy ? 'Preparing the QC report…' : 'QC report (PDF)'}
          </button>
          <span className="small muted">
            {' '}
            Latest NEMA test of each kind against its criteria, and the constancy history.
          </span>
        </div>
        {canRecord && (
          <form className="stack" onSubmit={(e) => void recordTest(e)} aria-label="Record a NEMA test">
            <label>
              Test
              <select
                value={testKind}
                onChange={(e) => setTestKind(e.target.value as (typeof TESTS)[number])}
              >
                {TESTS.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Measured CSV (header line first, e.g. positionMm,counts)
              <textarea rows={6} value={csv} onChange={(e) => setCsv(e.target.value)} required />
            </label>
            <button type="submit">Compute and record</button>
          </form>
        )}
      </section>
    </div>
  );
}
