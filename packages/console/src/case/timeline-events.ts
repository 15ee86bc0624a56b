// The case timeline's events in plain language: tracer administrations, measurements and every audited
// change, oldest first (issue 13 point 10: no audit action code reaches the screen). Pure: tested beside.
import type * as api from '../api.js';
import { formatSeconds } from '../format.js';

export interface TimelineEvent {
  at: string;
  text: string;
}

/** Every action the server audits on a case, in words (packages/store/src/repos, packages/server/src). */
const ACTION_TEXT: Record<string, string> = {
  'case.create': 'Case created',
  'case.update': 'Case details changed',
  'case.resection-status-addendum': 'Resection status changed after sign-off (addendum)',
  'case.sign-off': 'Case signed off',
  'case.reopen': 'Case reopened',
  'lesion.create': 'Lesion added',
  'lesion.update': 'Lesion changed',
  'lesion.rgs-result': 'RGS result of the lesion set',
  'lesion.pathology-addendum': 'Pathology added after sign-off (addendum)',
  'specimen.create': 'Specimen added',
  'specimen.update': 'Specimen changed',
  'note.create': 'Note added',
  'follow-up.create': 'Follow-up recorded',
  'tracer-administration.create': 'Tracer administration recorded',
  'tracer.create': 'Tracer administration recorded',
  'live-session.start': 'Live session started',
  'live-session.resume': 'Live session resumed after a server restart',
  'live-session.end': 'Live session ended',
  'live-session.mark-site': 'New site marked',
  'measurement.link': 'Measurement linked to a lesion or specimen',
  'measurement.retract': 'Measurement retracted',
  'probe-qc.override': 'Probe QC overridden for this case',
  'patient.create': 'Patient created',
  'patient.update': 'Patient details changed',
  'patient-identity.read': 'Identifying patient data read',
  'station.settings': 'Probe station settings changed',
};

const KIND_TEXT: Record<api.MeasurementKind, string> = {
  background: 'Background',
  'in-vivo': 'In vivo',
  'ex-vivo': 'Ex vivo',
  'tumour-bed': 'Tumour bed',
  'reference-source': 'Reference source',
};

/** An action code the list above does not know yet, as words ("probe-qc.check" → "Probe qc check"). */
export function actionWords(action: string): string {
  const known = ACTION_TEXT[action];
  if (known) return known;
  const words = action.replace(/[.-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What a case update changed, in words, from the audited before/after. */
function caseUpdateText(before: unknown, after: unknown): string {
  const b = (typeof before === 'object' && before !== null ? before : {}) as Record<string, unknown>;
  const a = (typeof after === 'object' && after !== null ? after : {}) as Record<string, unknown>;
  const changed = (key: string) => JSON.stringify(a[key]) !== JSON.stringify(b[key]);
  const parts: string[] = [];
  if (changed('patientId')) parts.push(a.patientId ? 'Patient linked' : 'Patient unlinked');
  if (changed('resectionStatus') && typeof a.resectionStatus === 'string')
    parts.push(`Resection status set to ${a.resectionStatus}`);
  if (changed('indication')) parts.push('Indication changed');
  if (changed('label')) parts.push('Case label changed');
  if (changed('decayReferenceTime')) parts.push('Decay reference time changed');
  return parts.length > 0 ? parts.join('; ') : (ACTION_TEXT['case.update'] ?? 'Case details changed');
}

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
    const verdict = m.kind === 'background' ? '' : `, ${m.verdict}`;
    events.push({
      at: m.measuredAt,
      text: `${KIND_TEXT[m.kind]} measurement at ${m.siteLabel}: ${m.counts.toLocaleString('en-GB')} counts in ${formatSeconds(m.durationSeconds)}${verdict}`,
    });
  }
  // Measurements are listed above from their own records; the audit adds who changed what else.
  for (const entry of audit.filter((e) => e.entityType !== 'measurement')) {
    const what =
      entry.action === 'case.update' ? caseUpdateText(entry.before, entry.after) : actionWords(entry.action);
    const name = label(entry.after) ?? label(entry.before);
    events.push({ at: entry.at, text: `${what}${name ? ` (${name})` : ''} — ${entry.actor.username}` });
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}
