// What the case page shows after the operation (issue 9): pathology per lesion and the final R status,
// follow-up, and the report and exports. Mounted by CasePage with one line; loads its own lesion details.
// Pathology and the final R status usually arrive days after sign-off: the server takes them on a
// signed-off case as audited post-operative addenda, without reopening the intraoperative record.
import type * as api from '../api.js';
import { RESECTION_TEXT } from '../case/CloseStep.js';
import { type LesionDetail, recordApi } from '../record-api.js';
import '../registry/registry.css';
import { useAsync } from '../use-async.js';
import { isClosed } from '../workflow.js';
import { CaseRecordLinks } from './CaseRecordLinks.js';
import { FollowUpForm } from './FollowUpForm.js';
import { PathologyForm } from './PathologyForm.js';
import { ResectionForm } from './ResectionForm.js';
import { MARGIN_TEXT, PATHOLOGY_TEXT } from './record-forms.js';

export function CaseRecordSections({ caseData, onSaved }: { caseData: api.Case; onSaved: () => void }) {
  return (
    <>
      <section className="panel stack" aria-labelledby="pathology-h" data-testid="pathology-section">
        <h2 id="pathology-h">6 · Pathology and outcome</h2>
        <PathologySection caseData={caseData} onSaved={onSaved} />
      </section>
      <section className="panel stack" aria-labelledby="follow-up-h" data-testid="follow-up-section">
        <h2 id="follow-up-h">7 · Follow-up</h2>
        <FollowUpForm caseId={caseData.id} procedureDate={caseData.procedureDate} />
      </section>
      <section className="panel stack" aria-labelledby="exports-h">
        <h2 id="exports-h">Report and exports</h2>
        <CaseRecordLinks caseId={caseData.id} caseLabel={caseData.label} />
      </section>
    </>
  );
}

function PathologySection({ caseData, onSaved }: { caseData: api.Case; onSaved: () => void }) {
  // caseData changes identity on every reload of the case page: the details follow it.
  const lesions = useAsync(() => recordApi.lesions(caseData.id), [caseData]);
  const closed = isClosed(caseData);
  if (lesions.error)
    return (
      <div className="alert error" role="alert">
        Could not load the lesions: {lesions.error}
      </div>
    );
  if (!lesions.data) return <p className="muted">Loading lesions…</p>;
  return (
    <div className="stack">
      {closed && (
        <>
          <PathologySummary lesions={lesions.data} resection={caseData.resectionStatus} />
          <p className="muted" data-testid="addendum-note">
            The case is signed off: pathology and the final R status entered here are recorded as audited
            post-operative addenda; the intraoperative record stays locked.
          </p>
        </>
      )}
      {lesions.data.length === 0 ? (
        <p className="muted">No lesions recorded: add them in step 3, then their pathology here.</p>
      ) : (
        lesions.data.map((lesion) => (
          <PathologyForm key={lesion.id} caseId={caseData.id} lesion={lesion} onSaved={onSaved} />
        ))
      )}
      <ResectionForm key={caseData.resectionStatus} caseData={caseData} onSaved={onSaved} />
    </div>
  );
}

function PathologySummary({
  lesions,
  resection,
}: {
  lesions: readonly LesionDetail[];
  resection: api.ResectionStatus;
}) {
  return (
    <>
      <table className="compact" data-testid="pathology-summary">
        <thead>
          <tr>
            <th scope="col">Lesion</th>
            <th scope="col">Pathology</th>
            <th scope="col">Grade</th>
            <th scope="col" className="num">
              Ki-67 %
            </th>
            <th scope="col" className="num">
              Size mm
            </th>
            <th scope="col">Margins</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {lesions.map((l) => (
            <tr key={l.id}>
              <td>{l.label}</td>
              <td>{PATHOLOGY_TEXT[l.pathologyResult]}</td>
              <td>{l.pathologyGrade ?? '—'}</td>
              <td className="num">{l.ki67Percent ?? '—'}</td>
              <td className="num">{l.sizeMm ?? '—'}</td>
              <td>{l.marginStatus ? MARGIN_TEXT[l.marginStatus] : '—'}</td>
              <td>{l.pathologyNote ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Resection status: <strong>{RESECTION_TEXT[resection]}</strong>
      </p>
    </>
  );
}
