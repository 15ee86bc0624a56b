// The empirical ROC curve of in vivo T/B against pathology for one group, with the evidence-based cut-off
// (Youden's J maximum, bootstrap interval) and the operating points of the borrowed cut-offs T/B 1.5 and 2.
// Each marker has its own shape and a text label; the table beside it carries the same numbers.
import type { Roc } from '../record-api.js';
import { BORROWED_CUT_OFFS, borrowedClass } from './BoxPlot.js';
import { operatingPoint, percent } from './registry-format.js';

const SIZE = 420;
const PAD = { left: 58, right: 16, top: 16, bottom: 52 };
const PLOT = SIZE - PAD.left - PAD.right;

const px = (fpr: number) => PAD.left + fpr * PLOT;
const py = (sens: number) => PAD.top + (1 - sens) * PLOT;

export interface RocMarker {
  id: string;
  label: string;
  threshold: number;
  sensitivity: number;
  specificity: number;
  shape: 'circle' | 'square' | 'triangle';
}

/** The evidence-based cut-off first, then the borrowed ones, each at its empirical operating point. */
export function rocMarkers(roc: Roc): RocMarker[] {
  const markers: RocMarker[] = [];
  if (roc.bestThreshold.threshold !== null) {
    markers.push({
      id: 'best',
      label: `cut-off ${roc.bestThreshold.threshold.toFixed(2)}`,
      threshold: roc.bestThreshold.threshold,
      sensitivity: roc.bestThreshold.sensitivity,
      specificity: roc.bestThreshold.specificity,
      shape: 'circle',
    });
  }
  BORROWED_CUT_OFFS.forEach((cut, index) => {
    const point = operatingPoint(roc.points, cut);
    markers.push({
      id: `tb-${cut}`,
      label: `T/B ≥ ${cut}`,
      threshold: cut,
      sensitivity: point.sensitivity,
      specificity: 1 - point.falsePositiveRate,
      shape: index === 0 ? 'square' : 'triangle',
    });
  });
  return markers;
}

function Marker({ marker }: { marker: RocMarker }) {
  const cx = px(1 - marker.specificity);
  const cy = py(marker.sensitivity);
  const className = `roc-marker ${marker.id === 'best' ? 'roc-best' : borrowedClass(marker.threshold)}`;
  if (marker.shape === 'circle') return <circle className={className} cx={cx} cy={cy} r={7} />;
  if (marker.shape === 'square')
    return <rect className={className} x={cx - 6} y={cy - 6} width={12} height={12} />;
  return <path className={className} d={`M ${cx} ${cy - 8} L ${cx + 7} ${cy + 5} L ${cx - 7} ${cy + 5} Z`} />;
}

export function RocChart({ roc, title }: { roc: Roc; title: string }) {
  const markers = rocMarkers(roc);
  const curve = roc.points.map((p) => `${px(p.falsePositiveRate)},${py(p.sensitivity)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  // Labels are stacked in the lower right, each joined to its marker by a leader line, so markers that
  // share a point stay readable.
  return (
    <svg
      className="roc"
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      role="img"
      aria-label={`ROC curve of in vivo T/B, ${title}: AUC ${roc.auc.toFixed(2)}. ${markers
        .map(
          (m) => `${m.label}: sensitivity ${percent(m.sensitivity)}, specificity ${percent(m.specificity)}`,
        )
        .join('; ')}`}
      data-testid="roc-chart"
    >
      {ticks.map((t) => (
        <g key={t}>
          <line className="grid" x1={px(t)} x2={px(t)} y1={py(0)} y2={py(1)} />
          <line className="grid" x1={px(0)} x2={px(1)} y1={py(t)} y2={py(t)} />
          <text className="tick" x={px(t)} y={py(0) + 18} textAnchor="middle">
            {t}
          </text>
          <text className="tick" x={px(0) - 8} y={py(t) + 5} textAnchor="end">
            {t}
          </text>
        </g>
      ))}
      <rect className="frame" x={px(0)} y={py(1)} width={PLOT} height={PLOT} />
      <line className="chance" x1={px(0)} y1={py(0)} x2={px(1)} y2={py(1)} />
      <polyline className="roc-curve" points={curve} />
      <text className="axis-label" x={px(0.5)} y={SIZE - 10} textAnchor="middle">
        1 − specificity (false-positive rate)
      </text>
      <text className="axis-label" transform={`translate(16 ${py(0.5)}) rotate(-90)`} textAnchor="middle">
        sensitivity
      </text>
      {markers.map((m, i) => {
        const labelX = px(0.52);
        const labelY = py(0.3) + i * 24;
        return (
          <g key={m.id}>
            <line
              className="leader"
              x1={px(1 - m.specificity)}
              y1={py(m.sensitivity)}
              x2={labelX - 4}
              y2={labelY - 5}
            />
            <Marker marker={m} />
            <text className="marker-label" x={labelX} y={labelY}>
              {m.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
