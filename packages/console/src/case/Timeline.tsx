// The case timeline: tracer administrations, measurements and every audited change, oldest first.
import * as api from '../api.js';
import { formatDateTime } from '../format.js';
import { useAsync } from '../use-async.js';
import { timelineEvents } from './timeline-events.js';

export function Timeline({
  caseData,
  measurements,
}: {
  caseData: api.Case;
  measurements: readonly api.Measurement[];
}) {
  const audit = useAsync(() => api.caseAudit(caseData.id), [caseData, measurements.length]);
  const events = timelineEvents(caseData, measurements, audit.data ?? []);
  return (
    <div>
      {audit.error && <p className="small muted">Audit trail unavailable: {audit.error}</p>}
      <ol className="timeline" data-testid="timeline">
        {events.map((event) => (
          <li key={`${event.at}|${event.text}`}>
            <span className="mono muted">{formatDateTime(event.at)}</span> {event.text}
          </li>
        ))}
      </ol>
    </div>
  );
}
