// The OR screen for an open case: the live view, with the case's guidance line and lesions for the picker.
import * as api from '../api.js';
import { useCaseData } from '../case/use-case.js';
import { BodyMap } from '../live/BodyMap.js';
import { LiveView } from '../live/LiveView.js';
import { href } from '../router.js';
import { useAsync } from '../use-async.js';
import { caseSteps, guidance } from '../workflow.js';

export function CaseLivePage({ caseId }: { caseId: string }) {
  const loaded = useCaseData(caseId);
  const stations = useAsync(() => api.listStations(), []);
  if (loaded.error || stations.error) {
    return (
      <div className="alert error" role="alert">
        {loaded.error ?? stations.error} — <a href={href({ name: 'case', caseId })}>back to the case</a>
      </div>
    );
  }
  if (!loaded.data || !stations.data) return <p className="muted">Loading…</p>;
  const { caseData, measurements } = loaded.data;
  const station = stations.data.find((s) => s.id === caseData.stationId) ?? stations.data[0];
  if (!station) {
    return (
      <div className="alert warning">
        No probe station is attached to this server.{' '}
        <a href={href({ name: 'case', caseId })}>Back to the case</a>
      </div>
    );
  }
  const steps = caseSteps(caseData, measurements);
  return (
    <LiveView
      stationId={station.id}
      station={station}
      caseContext={{ caseId, lesions: caseData.lesions ?? [], measurements, onChanged: loaded.reload }}
      header={
        <div className="case-strip">
          <a className="button" href={href({ name: 'case', caseId })}>
            ← Case page
          </a>
          <strong className="case-label">Case {caseData.label}</strong>
          <span className="guidance" data-testid="guidance">
            {guidance(steps)}
          </span>
        </div>
      }
      aside={station.simulated ? <BodyMap stationId={station.id} /> : undefined}
    />
  );
}
