// The constancy control chart: deviation % by date, centre line, ±2σ (warning) and ±3σ (action)
// limits, the department's tolerance bands, and the points that broke a Western Electric rule.
import type { Chart } from '../qc-api.js';
import { plural } from '../workflow.js';

const W = 720;
const H = 260;
const PAD = { left: 48, right: 90, top: 12, bottom: 28 };

export function QcChart({ chart }: { chart: Chart }) {
  if (chart.points.length === 0)
    return (
      <p className="muted" data-testid="qc-chart-empty">
        No constancy checks recorded yet: the chart starts with the first daily check, and its control limits
        (±2σ, ±3σ) need at least five.
      </p>
    );
  const xs = chart.points.map((p) => p.atMs);
  const lines: { y: number; label: string; colour: string; dash: string }[] = [];
  if (chart.limits) {
    lines.push({ y: chart.limits.centre, label: 'centre', colour: '#555', dash: '' });
    lines.push({ y: chart.limits.warning[0], label: '−2σ', colour: '#c08000', dash: '4 3' });
    lines.push({ y: chart.limits.warning[1], label: '+2σ', colour: '#c08000', dash: '4 3' });
    lines.push({ y: chart.limits.action[0], label: '−3σ', colour: '#b00000', dash: '4 3' });
    lines.push({ y: chart.limits.action[1], label: '+3σ', colour: '#b00000', dash: '4 3' });
  }
  if (chart.toleranceBands) {
    lines.push({ y: chart.toleranceBands.fail[0], label: 'fail', colour: '#700070', dash: '1 3' });
    lines.push({ y: chart.toleranceBands.fail[1], label: 'fail', colour: '#700070', dash: '1 3' });
    lines.push({ y: chart.toleranceBands.warn[0], label: 'warn', colour: '#a060a0', dash: '1 3' });
    lines.push({ y: chart.toleranceBands.warn[1], label: 'warn', colour: '#a060a0', dash: '1 3' });
  }
  const ys = [...chart.points.map((p) => p.value), ...lines.map((l) => l.y)];
  const [x0, x1] = [
    Math.min(...xs),
    Math.max(...xs) === Math.min(...xs) ? Math.min(...xs) + 86400000 : Math.max(...xs),
  ];
  const [y0, y1] = [Math.min(...ys) - 1, Math.max(...ys) + 1];
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const py = (y: number) => PAD.top + (1 - (y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return (
    <figure className="qc-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label="Constancy control chart: deviation from the expected rate, percent"
      >
        <rect
          x={PAD.left}
          y={PAD.top}
          width={W - PAD.left - PAD.right}
          height={H - PAD.top - PAD.bottom}
          fill="none"
          stroke="currentColor"
          strokeOpacity="0.5"
        />
        {lines.map((l) => (
          <g key={`${l.label}-${l.y}`}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={py(l.y)}
              y2={py(l.y)}
              stroke={l.colour}
              strokeDasharray={l.dash}
            />
            <text x={W - PAD.right + 4} y={py(l.y) + 4} fontSize="11" fill={l.colour}>
              {l.label} {l.y.toFixed(1)} %
            </text>
          </g>
        ))}
        <polyline
          fill="none"
          stroke="#1f4e9c"
          strokeWidth="1"
          points={chart.points.map((p) => `${px(p.atMs)},${py(p.value)}`).join(' ')}
        />
        {chart.points.map((p) => (
          <circle
            key={`${p.atMs}-${p.id ?? ''}`}
            cx={px(p.atMs)}
            cy={py(p.value)}
            r={p.rules.length > 0 ? 5 : 3}
            fill={p.rules.length > 0 ? '#b00000' : '#1f4e9c'}
          >
            <title>
              {new Date(p.atMs).toLocaleString()}: {p.value.toFixed(2)} %
              {p.rules.length > 0 ? ` — rule ${p.rules.join(', ')}` : ''}
            </title>
          </circle>
        ))}
        <text x={PAD.left} y={H - 8} fontSize="11" fill="currentColor">
          {day(x0)}
        </text>
        <text x={W - PAD.right} y={H - 8} fontSize="11" textAnchor="end" fill="currentColor">
          {day(x1)}
        </text>
        <text x={4} y={PAD.top + 10} fontSize="11" fill="currentColor">
          dev %
        </text>
      </svg>
      <figcaption className="muted">
        Deviation from the decay-corrected expected rate. Dashed: ±2σ / ±3σ from the moving range
        {chart.limits ? ` (${plural(chart.limits.baselineCount, 'baseline check')})` : ''}; dotted: tolerance
        bands. Red points broke a Western Electric rule.
      </figcaption>
      {chart.violations.length > 0 && (
        <ul>
          {chart.violations.map((v) => (
            <li key={`${v.rule}-${v.atMs}`}>
              {new Date(v.atMs).toLocaleString()}: rule {v.rule} — {v.message}
            </li>
          ))}
        </ul>
      )}
      {chart.warnings.map((w) => (
        <p key={w} className="muted">
          {w}
        </p>
      ))}
    </figure>
  );
}
