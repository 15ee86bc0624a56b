// Every measurement of the case, raw and decay-corrected. Decay correction is the server's (to the case's
// decay reference time, by default the first tracer administration), so values hours apart compare.
import type * as api from '../api.js';
import { formatRate, formatRatio, formatSeconds, formatTime } from '../format.js';

export const KIND_TEXT: Record<api.MeasurementKind, string> = {
  background: 'background',
  'in-vivo': 'in vivo',
  'ex-vivo': 'ex vivo',
  'tumour-bed': 'tumour bed',
  'reference-source': 'reference source',
};

export const VERDICT_TEXT = {
  positive: '▲ positive',
  negative: '● negative',
  undecided: '◌ undecided',
} as const;

export function MeasurementsTable(props: {
  measurements: readonly api.Measurement[];
  lesions: readonly api.Lesion[];
  specimens: readonly api.Specimen[];
}) {
  const { measurements, lesions, specimens } = props;
  if (measurements.length === 0) return <p className="muted">No measurements yet.</p>;
  const target = (m: api.Measurement) => {
    if (m.specimenId) return specimens.find((s) => s.id === m.specimenId)?.label ?? 'specimen';
    if (m.lesionId) return lesions.find((l) => l.id === m.lesionId)?.label ?? 'lesion';
    return '—';
  };
  return (
    <table data-testid="measurements">
      <thead>
        <tr>
          <th>Time</th>
          <th>Kind</th>
          <th>Site</th>
          <th>Lesion / specimen</th>
          <th className="num">Counts</th>
          <th className="num">Counted</th>
          <th className="num">Rate cps</th>
          <th className="num">Decay-corr. cps</th>
          <th className="num">T/B</th>
          <th>Verdict</th>
        </tr>
      </thead>
      <tbody>
        {measurements.map((m) => (
          <tr key={m.id}>
            <td className="mono">{formatTime(m.measuredAt)}</td>
            <td>{KIND_TEXT[m.kind]}</td>
            <td>{m.siteLabel}</td>
            <td>{target(m)}</td>
            <td className="num">{m.counts.toLocaleString('en-GB')}</td>
            <td className="num">{formatSeconds(m.durationSeconds)}</td>
            <td className="num">{formatRate(m.rateCps)}</td>
            <td className="num">
              {m.decayCorrectedRateCps !== null ? formatRate(m.decayCorrectedRateCps) : '—'}
            </td>
            <td className="num">{m.ratio !== null ? formatRatio(m.ratio) : '—'}</td>
            <td title={m.evidence}>{m.kind === 'background' ? '—' : VERDICT_TEXT[m.verdict]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
