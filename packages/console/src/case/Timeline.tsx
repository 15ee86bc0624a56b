// The case timeline: tracer administrations, measurements and every audited change, oldest first.
import * as api from '../api.js';
import { formatDateTime } from '../format.js';
import { useAsync } from '../use-async.js';

export interface TimelineEvent {
  at: string;
  text: string;
}

const ACTION_TEXT: Record<string, string> = {
  'case.create': 'Case created',
  'case.update': 'Case updated',
  'case.sign-off': 'Case signed off',
  'case.reopen': 'Case reopened',
  'lesion.create': 'Lesion added',
  'lesion.update': 'Lesion updated',
  'specimen.create': 'Specimen added',
  'tracer.create': 'Tracer administration recorded',
  'live-session.start': 'Live session started',
  'live-session.end': 'Live session ended',
};

function label(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const candidate = (value as { label?: unknown }).label;
  return typeof candidate === 'string' ? candidate : null;
}

export function timelineEvents(
  caseData: api.Case,
  measurements: readonly api.Measurement[],
  audit: readonly api.AuditRecord[],
): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const tracer of caseData.tracerAdministrations) {
    events.push({
      at: tracer.administeredAt,
      text: `Tracer administered: ${tracer.agent}, ${tracer.activityMBq} MBq`,
    });
  }
  for (const m of measurements) {
    events.push({
      at: m.measuredAt,
      text: `Measured ${m.kind} — ${m.siteLabel}: ${m.counts} counts in ${m.durationSeconds.toFixed(1)} s (${m.verdict})`,
    });
  }
  // Measurements are listed above from their own records; the audit adds who changed what else.
  for (const entry of audit.filter((e) => e.entityType !== 'measurement')) {
    const what = ACTION_TEXT[entry.action] ?? entry.action;
    const name = label(entry.after) ?? label(entry.before);
    events.push({ at: entry.at, text: `${what}${name ? ` (${name})` : ''} — ${entry.actor.username}` });
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

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
