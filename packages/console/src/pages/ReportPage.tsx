// The case report on screen (printable), with a link to the server's PDF.
import * as api from '../api.js';
import { RESECTION_TEXT } from '../case/CloseStep.js';
import { IMAGING_TEXT } from '../case/LesionsPanel.js';
import { MeasurementsTable } from '../case/MeasurementsTable.js';
import { TracerDecay } from '../case/TracerStep.js';
import { useCaseData } from '../case/use-case.js';
import { formatDateTime, formatRate, formatRatio } from '../format.js';
import { href } from '../router.js';

/** Mean and sample SD: the site-to-site spread of background is what the threshold must exceed. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } | null {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance =
    values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

const best = (values: readonly number[]) => (values.length > 0 ? Math.max(...values) : null);

export function ReportPage({ caseId }: { caseId: string }) {
  const loaded = useCaseData(caseId);
  if (loaded.error) return <div className="page alert error">Could not load the case: {loaded.error}</div>;
  if (!loaded.data) return <p className="page muted">Loading…</p>;
  const { caseData, measurements } = loaded.data;
  const backgrounds = measurements.filter((m) => m.kind === 'background');
  const background = meanSd(backgrounds.map((m) => m.decayCorrectedRateCps ?? m.rateCps));
  const corrected = backgrounds.every((m) => m.decayCorrectedRateCps !== null);
  const { lesions, specimens } = caseData;
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
        <dt>Patient</dt>
        <dd>{caseData.patient?.pseudonym ?? '—'}</dd>
        <dt>Indication</dt>
        <dd>{caseData.indication ?? '—'}</dd>
        <dt>Resection status</dt>
        <dd data-testid="report-resection">{RESECTION_TEXT[caseData.resectionStatus]}</dd>
        <dt>Sign-off</dt>
        <dd>
          {caseData.signOff
            ? `${formatDateTime(caseData.signOff.at)} — ${caseData.signOff.statement}`
            : 'not signed off'}
        </dd>
        <dt>Tracer</dt>
        <dd>
          {caseData.tracerAdministrations.length === 0
            ? 'not recorded'
            : caseData.tracerAdministrations.map((t) => <TracerDecay key={t.id} tracer={t} />)}
        </dd>
        <dt>Background</dt>
        <dd>
          {background
            ? `${formatRate(background.mean)} ± ${formatRate(background.sd)} cps (mean ± SD${corrected ? ', decay-corrected' : ''}) over ${backgrounds.length} sites`
            : 'not measured'}
        </dd>
      </dl>
      <h2>Lesions</h2>
      {lesions.length === 0 ? (
        <p className="muted">None recorded.</p>
      ) : (
        <table data-testid="report-lesions">
          <thead>
            <tr>
              <th>Lesion</th>
              <th>Pre-op imaging</th>
              <th>RGS result</th>
              <th className="num">Best in vivo T/B</th>
              <th className="num">Best ex vivo cps</th>
              <th>Pathology</th>
            </tr>
          </thead>
          <tbody>
            {lesions.map((lesion) => {
              const own = measurements.filter(
                (m) =>
                  m.lesionId === lesion.id ||
                  specimens.some((s) => s.id === m.specimenId && s.lesionId === lesion.id),
              );
              const inVivo = best(
                own.filter((m) => m.kind === 'in-vivo' && m.ratio !== null).map((m) => m.ratio ?? 0),
              );
              const exVivo = best(
                own.filter((m) => m.kind === 'ex-vivo').map((m) => m.decayCorrectedRateCps ?? m.rateCps),
              );
              return (
                <tr key={lesion.id}>
                  <td>{lesion.label}</td>
                  <td>{lesion.preopImagingStatus ? IMAGING_TEXT[lesion.preopImagingStatus] : '—'}</td>
                  <td>{lesion.rgsResult}</td>
                  <td className="num">{inVivo !== null ? formatRatio(inVivo) : '—'}</td>
                  <td className="num">{exVivo !== null ? formatRate(exVivo) : '—'}</td>
                  <td>{lesion.pathologyResult}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2>All measurements</h2>
      <MeasurementsTable measurements={measurements} lesions={lesions} specimens={specimens} />
    </article>
  );
}
