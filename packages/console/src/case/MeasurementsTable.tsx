// Every measurement of the case, raw and decay-corrected (decay correction is done by the server, to the
// tracer administration time, so values taken hours apart compare).
import type * as api from '../api.js';
import { formatRate, formatRatio, formatSeconds, formatTime } from '../format.js';

const KIND_TEXT: Record<api.MeasurementKind, string> = {
  background: 'background',
  'in-vivo': 'in vivo',
  'ex-vivo': 'ex vivo',
  'tumour-bed': 'tumour bed',
  'reference-source': 'reference source',
};

const VERDICT_TEXT = { positive: '▲ positive', negative: '● negative', undecided: '◌ undecided' } as const;

export function MeasurementsTable({
  measurements,
  lesions,
}: {
  measurements: readonly api.Measurement[];
  lesions: readonly api.Lesion[];
}) {
  if (measurements.length === 0) return <p className="muted">No measurements yet.</p>;
  const lesionLabel = (id: string | null | undefined) =>
    id ? (lesions.find((l) => l.id === id)?.label ?? id) : '—';
  return (
    <table data-testid="measurements">
      <thead>
        <tr>
          <th>Time</th>
          <th>Kind</th>
          <th>Site</th>
          <th>Lesion</th>
          <th className="num">Counts</th>
          <th className="num">Seconds</th>
          <th className="num">Rate cps</th>
          <th className="num">Decay-corr. cps</th>
          <th className="num">T/B</th>
          <th>Verdict</th>
        </tr>
      </thead>
      <tbody>
        {measurements.map((m) => {
          const rate = m.rateCps ?? (m.durationSeconds > 0 ? m.counts / m.durationSeconds : Number.NaN);
          return (
            <tr key={m.id}>
              <td className="mono">{formatTime(m.measuredAt)}</td>
              <td>{KIND_TEXT[m.kind]}</td>
              <td>{m.siteLabel}</td>
              <td>{m.specimenLabel ?? lesionLabel(m.lesionId)}</td>
              <td className="num">{m.counts.toLocaleString('en-GB')}</td>
              <td className="num">{formatSeconds(m.durationSeconds)}</td>
              <td className="num">{formatRate(rate)}</td>
              <td className="num">
                {m.decayCorrectedRateCps != null ? formatRate(m.decayCorrectedRateCps) : '—'}
              </td>
              <td className="num">{m.ratio != null ? formatRatio(m.ratio) : '—'}</td>
              <td title={m.evidence ?? undefined}>{m.verdict ? VERDICT_TEXT[m.verdict] : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
