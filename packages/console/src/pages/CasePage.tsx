// The case page: the workflow from tracer to report, lesions, all measurements, the timeline.
import { CloseStep } from '../case/CloseStep.js';
import { LesionsPanel } from '../case/LesionsPanel.js';
import { MeasurementsTable } from '../case/MeasurementsTable.js';
import { PatientPanel } from '../case/PatientPanel.js';
import { ProbeStep } from '../case/ProbeStep.js';
import { Timeline } from '../case/Timeline.js';
import { TracerStep } from '../case/TracerStep.js';
import { useCaseData } from '../case/use-case.js';
import { CasePlanPanel } from '../components/CasePlanPanel.js';
import { CaseRecordSections } from '../components/CaseRecordSections.js';
import { Icon } from '../components/Icon.js';
import { href } from '../router.js';
import { caseSteps, guidance, isClosed } from '../workflow.js';

export function CasePage({ caseId }: { caseId: string }) {
  const loaded = useCaseData(caseId);
  if (loaded.error) {
    return (
      <div className="page alert error" role="alert">
        Could not load the case: {loaded.error}
      </div>
    );
  }
  if (!loaded.data) return <p className="page muted">Loading case…</p>;
  const { caseData, measurements, stations } = loaded.data;
  const steps = caseSteps(caseData, measurements, stations);
  const closed = isClosed(caseData);
  const backgroundSites = measurements.filter((m) => m.kind === 'background').length;
  const reload = loaded.reload;

  return (
    <div className="page stack">
      <div className="row">
        <h1>
          Case <span data-testid="case-label">{caseData.label}</span>
        </h1>
        <span className={`tag ${closed ? 'pass' : 'warn'}`}>{closed ? 'signed off' : 'open'}</span>
        <span className="spacer" />
        {!closed && (
          <a className="button primary" href={href({ name: 'case-live', caseId })} data-testid="open-live">
            Open OR live view
          </a>
        )}
        <a className="button" href={href({ name: 'report', caseId })} data-testid="open-report">
          Report
        </a>
      </div>
      {caseData.indication && <p className="muted">{caseData.indication}</p>}
      <ol className="stepper" aria-label="Workflow">
        {steps.map((step) => (
          <li
            key={step.id}
            className={step.done ? 'done' : step.locked ? 'locked' : ''}
            data-step={step.id}
            data-state={step.done ? 'done' : step.locked ? 'locked' : 'todo'}
          >
            <Icon name={step.done ? 'check' : step.locked ? 'lock' : 'circle'} />{' '}
            <strong>{step.label}</strong>
            <span className="small muted"> {step.detail}</span>
            {step.done && <span className="visually-hidden"> (done)</span>}
            {step.locked && <span className="visually-hidden"> (locked: case closed)</span>}
          </li>
        ))}
      </ol>
      <div className={`alert ${closed ? 'ok' : 'info'}`} data-testid="guidance">
        {closed ? guidance(steps) : `Next: ${guidance(steps)}`}
      </div>
      <section className="panel stack" aria-labelledby="patient-h">
        <h2 id="patient-h">Patient</h2>
        <PatientPanel caseData={caseData} onSaved={reload} readOnly={closed} />
      </section>
      <section className="panel stack" aria-labelledby="tracer-h">
        <h2 id="tracer-h">1 · Tracer administration</h2>
        <TracerStep caseData={caseData} onSaved={reload} readOnly={closed} />
      </section>
      <section className="panel stack" aria-labelledby="probe-h">
        <h2 id="probe-h">2 · Probe and live session</h2>
        <ProbeStep caseData={caseData} stations={stations} onSaved={reload} readOnly={closed} />
      </section>
      <section className="panel stack" aria-labelledby="lesions-h">
        <h2 id="lesions-h">3 · Lesions and pre-op imaging</h2>
        <LesionsPanel caseData={caseData} onSaved={reload} readOnly={closed} />
      </section>
      <section className="panel stack" aria-labelledby="plan-h">
        <h2 id="plan-h">Plan and radiation protection</h2>
        <CasePlanPanel caseData={caseData} />
      </section>
      <section className="panel stack" aria-labelledby="measure-h">
        <div className="row">
          <h2 id="measure-h">4 · Measurements</h2>
          <span className="spacer" />
          {!closed && (
            <a className="button" href={href({ name: 'case-live', caseId })}>
              Measure in the OR live view
            </a>
          )}
        </div>
        <p className="small muted">
          Background at ≥ 3 normal-tissue sites, then survey and lesions in vivo, each specimen ex vivo, and
          the tumour bed. Rates raw and decay-corrected to the first tracer administration.
        </p>
        <MeasurementsTable
          measurements={measurements}
          lesions={caseData.lesions}
          specimens={caseData.specimens}
        />
      </section>
      <section className="panel stack" aria-labelledby="close-h">
        <h2 id="close-h">5 · Close</h2>
        <CloseStep
          caseData={caseData}
          stations={stations}
          onSaved={reload}
          backgroundSites={backgroundSites}
        />
      </section>
      <CaseRecordSections caseData={caseData} onSaved={reload} />
      <section className="panel stack" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        <Timeline caseData={caseData} measurements={measurements} />
      </section>
    </div>
  );
}
