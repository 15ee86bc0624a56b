// The case report on screen (printable), with a link to the server's PDF when it offers one.

import * as api from '../api.js';
import { RESECTION_TEXT } from '../case/CloseStep.js';
import { IMAGING_TEXT } from '../case/LesionsPanel.js';
import { MeasurementsTable } from '../case/MeasurementsTable.js';
import { TracerDecay } from '../case/TracerStep.js';
import { useCaseData } from '../case/use-case.js';
import { formatDateTime, formatRate } from '../format.js';
import { href } from '../router.js';

function meanSd(values: readonly number[]): { mean: number; sd: number } | null {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance =
    values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

export function ReportPage({ caseId }: { caseId: string }) {
  const loaded = useCaseData(caseId);
  if (loaded.error) return <div className="page alert error">Could not load the case: {loaded.error}</div>;
  if (!loaded.data) return <p className="page muted">Loading…</p>;
  const { caseData, measurements } = loaded.data;
  const background = meanSd(
    measurements
      .filter((m) => m.kind === 'background')
      .map((m) => m.decayCorrectedRateCps ?? m.counts / m.durationSeconds),
  );
  const lesions = caseData.lesions ?? [];
  return (
    <article className="page stack report" data-testid="report">
      <div className="row no-print">
        <a className="button" href={href({ name: 'case', caseId })}>
          ← Case page
        </a>
        <span className="spacer" />
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        <a className="button" href={api.reportPdfUrl(caseId)} target="_blank" rel="noreferrer">
          PDF
        </a>
      </div>
      <h1>Radioguided surgery report — case {caseData.label}</h1>
      <dl className="facts">
        <dt>Procedure</dt>
        <dd>{caseData.procedure ?? '—'}</dd>
        <dt>Resection status</dt>
        <dd data-testid="report-resection">
          {caseData.resectionStatus ? RESECTION_TEXT[caseData.resectionStatus] : 'not closed'}
        </dd>
        <dt>Closed</dt>
        <dd>{caseData.closedAt ? formatDateTime(caseData.closedAt) : '—'}</dd>
        <dt>Tracer</dt>
        <dd>{caseData.tracer ? <TracerDecay tracer={caseData.tracer} /> : 'not recorded'}</dd>
        <dt>Background</dt>
        <dd>
          {background
            ? `${formatRate(background.mean)} ± ${formatRate(background.sd)} cps (mean ± SD, decay-corrected where available) over ${
                measurements.filter((m) => m.kind === 'background').length
              } sites`
            : 'not measured'}
        </dd>
      </dl>
      <h2>Lesions</h2>
      {lesions.length === 0 ? (
        <p className="muted">None recorded.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Lesion</th>
              <th>Pre-op imaging</th>
              <th className="num">Best in vivo T/B</th>
              <th className="num">Ex vivo cps</th>
              <th>Pathology</th>
            </tr>
          </thead>
          <tbody>
            {lesions.map((lesion) => {
              const own = measurements.filter((m) => m.lesionId === lesion.id);
              const inVivo = own
                .filter((m) => m.kind === 'in-vivo' && m.ratio != null)
                .map((m) => m.ratio ?? 0);
              const exVivo = own
                .filter((m) => m.kind === 'ex-vivo')
                .map((m) => m.decayCorrectedRateCps ?? m.counts / m.durationSeconds);
              return (
                <tr key={lesion.id}>
                  <td>{lesion.label}</td>
                  <td>{lesion.preOpImaging ? IMAGING_TEXT[lesion.preOpImaging] : '—'}</td>
                  <td className="num">{inVivo.length > 0 ? Math.max(...inVivo).toFixed(2) : '—'}</td>
                  <td className="num">{exVivo.length > 0 ? formatRate(Math.max(...exVivo)) : '—'}</td>
                  <td>{lesion.pathology ?? 'pending'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2>All measurements</h2>
      <MeasurementsTable measurements={measurements} lesions={lesions} />
    </article>
  );
}
