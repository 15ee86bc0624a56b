// The OR screen for an open case: the live view of the station recording this case, with the case's
// guidance line, and its lesions and specimens for the measurement picker; the body map (demo mode) shows
// the lesions that have a pre-op position.
import { useCaseData } from '../case/use-case.js';
import { BodyMap, preopMarkersOf } from '../live/BodyMap.js';
import { LiveView } from '../live/LiveView.js';
import { href } from '../router.js';
import { caseStation, caseSteps, guidance, isClosed } from '../workflow.js';

export function CaseLivePage({ caseId }: { caseId: string }) {
  const loaded = useCaseData(caseId);
  if (loaded.error) {
    return (
      <div className="alert error" role="alert">
        {loaded.error} — <a href={href({ name: 'case', caseId })}>back to the case</a>
      </div>
    );
  }
  if (!loaded.data) return <p className="muted">Loading…</p>;
  const { caseData, measurements, stations } = loaded.data;
  const station = caseStation(caseData, stations) ?? stations[0];
  if (!station) {
    return (
      <div className="alert warning">
        No probe station is attached to this server.{' '}
        <a href={href({ name: 'case', caseId })}>Back to the case</a>
      </div>
    );
  }
  const steps = caseSteps(caseData, measurements, stations);
  return (
    <LiveView
      stationId={station.id}
      caseContext={{
        caseId,
        lesions: caseData.lesions,
        specimens: caseData.specimens,
        measurements,
        closed: isClosed(caseData),
        onChanged: loaded.reload,
      }}
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
      aside={
        station.poseSupported ? (
          <BodyMap stationId={station.id} preopMarkers={preopMarkersOf(caseData.lesions)} />
        ) : undefined
      }
    />
  );
}
