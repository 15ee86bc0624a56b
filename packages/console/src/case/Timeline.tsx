// The case timeline: tracer, measurements and every audited change, oldest first.
import type * as api from '../api.js';
import * as client from '../api.js';
import { formatDateTime } from '../format.js';
import { useAsync } from '../use-async.js';

interface Event {
  at: string;
  text: string;
}

export function timelineEvents(
  caseData: api.Case,
  measurements: readonly api.Measurement[],
  audit: readonly api.AuditEntry[],
): Event[] {
  const events: Event[] = [];
  if (caseData.createdAt) events.push({ at: caseData.createdAt, text: 'Case created' });
  if (caseData.tracer) {
    events.push({
      at: caseData.tracer.administeredAt,
      text: `Tracer administered: ${caseData.tracer.agent}, ${caseData.tracer.activityMBq} MBq`,
    });
  }
  for (const m of measurements) {
    events.push({
      at: m.measuredAt,
      text: `Measured ${m.kind}: ${m.siteLabel} (${m.counts} counts in ${m.durationSeconds} s)`,
    });
  }
  for (const entry of audit) {
    events.push({
      at: entry.at,
      text: `${entry.summary ?? entry.action}${entry.actor ? ` — ${entry.actor}` : ''}`,
    });
  }
  if (caseData.closedAt)
    events.push({ at: caseData.closedAt, text: `Case closed: resection ${caseData.resectionStatus ?? '?'}` });
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

export function Timeline({
  caseData,
  measurements,
}: {
  caseData: api.Case;
  measurements: readonly api.Measurement[];
}) {
  const audit = useAsync(
    () => client.caseAudit(caseData.id),
    [caseData.id, measurements.length, caseData.resectionStatus],
  );
  const events = timelineEvents(caseData, measurements, audit.data ?? []);
  return (
    <div>
      {audit.error && <p className="small muted">Audit trail unavailable: {audit.error}</p>}
      <ol className="timeline">
        {events.map((event) => (
          <li key={`${event.at}|${event.text}`}>
            <span className="mono muted">{formatDateTime(event.at)}</span> {event.text}
          </li>
        ))}
      </ol>
    </div>
  );
}
