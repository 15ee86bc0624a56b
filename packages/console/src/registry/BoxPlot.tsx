// T/B distributions per tracer and site as box plots (min, q1, median, q3, max) on a log axis, in vivo and
// ex vivo on separate rows, with the borrowed cut-offs (T/B 1.5 and 2) and each group's evidence-based
// in vivo cut-off (Youden, with its bootstrap interval). Okabe–Ito colours, and every mark also labelled.
import type { Distribution, RegistryGroup } from '../record-api.js';
import { siteName, tracerName } from './group-name.js';
import { logAxis, logPosition } from './registry-format.js';

const ROW = 26;
/** A lane above each group's in vivo row for its evidence-based cut-off marker. */
const CUT_LANE = 14;
const GROUP_GAP = 12;
const GROUP_HEIGHT = CUT_LANE + 2 * ROW + GROUP_GAP;
const LEFT = 330;
const RIGHT = 70;
const TOP = 34;
const BOTTOM = 44;
const WIDTH = 1100;
export const BORROWED_CUT_OFFS = [1.5, 2] as const;

const KINDS = [
  { key: 'inVivoRatio', label: 'in vivo', className: 'box-in-vivo' },
  { key: 'exVivoRatio', label: 'ex vivo', className: 'box-ex-vivo' },
] as const;

function finiteValues(groups: readonly RegistryGroup[]): number[] {
  const values: number[] = [...BORROWED_CUT_OFFS];
  for (const g of groups) {
    for (const kind of KINDS) {
      const d = g[kind.key];
      if (d.min !== null && d.max !== null) values.push(d.min, d.max);
    }
    if (!('insufficient' in g.roc)) values.push(g.roc.thresholdInterval.low, g.roc.thresholdInterval.high);
  }
  return values.filter((v) => v > 0 && Number.isFinite(v));
}

export function BoxPlot({ groups }: { groups: readonly RegistryGroup[] }) {
  const values = finiteValues(groups);
  const axis = logAxis(Math.min(...values), Math.max(...values));
  const height = TOP + groups.length * GROUP_HEIGHT + BOTTOM;
  const x = (v: number) => logPosition(v, axis.low, axis.high, LEFT, WIDTH - RIGHT);
  const plotBottom = height - BOTTOM + 6;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby="boxplot-title boxplot-desc"
        data-testid="boxplot"
      >
        <title id="boxplot-title">Tumour-to-background ratio distributions per tracer and site</title>
        <desc id="boxplot-desc">
          Box plots on a logarithmic axis: whiskers from minimum to maximum, box from first to third quartile,
          thick line at the median. Dashed lines mark the borrowed cut-offs T/B 1.5 and 2; a diamond marks
          each group's evidence-based in vivo cut-off with its bootstrap interval. The table below gives the
          numbers.
        </desc>
        {axis.ticks.map((t) => (
          <g key={t}>
            <line className="grid" x1={x(t)} x2={x(t)} y1={TOP - 6} y2={plotBottom} />
            <text className="tick" x={x(t)} y={plotBottom + 18} textAnchor="middle">
              {t}
            </text>
          </g>
        ))}
        <text className="axis-label" x={(LEFT + WIDTH - RIGHT) / 2} y={height - 4} textAnchor="middle">
          T/B ratio (log scale)
        </text>
        {BORROWED_CUT_OFFS.map((c, i) => (
          <g key={c}>
            <line
              className={`borrowed ${borrowedClass(c)}`}
              x1={x(c)}
              x2={x(c)}
              y1={TOP - 12}
              y2={plotBottom}
            />
            {/* The two borrowed lines are close on a log axis: one label to the left, one to the right. */}
            <text
              className="borrowed-label"
              x={x(c) + (i === 0 ? -4 : 4)}
              y={TOP - 16}
              textAnchor={i === 0 ? 'end' : 'start'}
            >
              {`T/B ${c}`}
            </text>
          </g>
        ))}
        {groups.map((group, index) => {
          const y0 = TOP + index * GROUP_HEIGHT;
          const rowsTop = y0 + CUT_LANE;
          const roc = 'insufficient' in group.roc ? null : group.roc;
          return (
            <g key={`${group.tracer}|${group.site}`}>
              {index > 0 && (
                <line
                  className="separator"
                  x1={8}
                  x2={WIDTH - 8}
                  y1={y0 - GROUP_GAP / 2}
                  y2={y0 - GROUP_GAP / 2}
                />
              )}
              <text className="group-label" x={8} y={rowsTop + ROW / 2 + 5}>
                {tracerName(group.tracer)}
              </text>
              <text className="group-site" x={8} y={rowsTop + ROW + ROW / 2 + 5}>
                {siteName(group.site)}
              </text>
              {KINDS.map((kind, k) => {
                const yMid = rowsTop + k * ROW + ROW / 2;
                return (
                  <g key={kind.key}>
                    <text className="kind-label" x={LEFT - 10} y={yMid + 5} textAnchor="end">
                      {kind.label}
                    </text>
                    <Box d={group[kind.key]} y={yMid} x={x} className={kind.className} />
                    <text className="n-label" x={WIDTH - RIGHT + 8} y={yMid + 5}>
                      n = {group[kind.key].n}
                    </text>
                  </g>
                );
              })}
              {roc && roc.bestThreshold.threshold !== null && (
                <g className="cut-off">
                  <line
                    x1={x(roc.thresholdInterval.low)}
                    x2={x(roc.thresholdInterval.high)}
                    y1={y0 + CUT_LANE / 2}
                    y2={y0 + CUT_LANE / 2}
                  />
                  <path d={diamond(x(roc.bestThreshold.threshold), y0 + CUT_LANE / 2, 6)} />
                </g>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        <span className="legend-item">
          <svg width="30" height="14" aria-hidden="true">
            <rect className="box-in-vivo" x="1" y="2" width="28" height="10" />
          </svg>
          in vivo
        </span>
        <span className="legend-item">
          <svg width="30" height="14" aria-hidden="true">
            <rect className="box-ex-vivo" x="1" y="2" width="28" height="10" />
          </svg>
          ex vivo
        </span>
        <span className="legend-item">
          <svg width="30" height="14" aria-hidden="true" className="cut-off">
            <line x1="2" x2="28" y1="7" y2="7" />
            <path d={diamond(15, 7, 6)} />
          </svg>
          evidence-based in vivo cut-off (bootstrap 95 % interval)
        </span>
        {BORROWED_CUT_OFFS.map((c) => (
          <span key={c} className="legend-item">
            <svg width="30" height="14" aria-hidden="true">
              <line className={`borrowed ${borrowedClass(c)}`} x1="1" x2="29" y1="7" y2="7" />
            </svg>
            borrowed cut-off T/B {c}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** `tb-1-5`, `tb-2`: the same colour as the cut-off's marker on the ROC curve. */
export const borrowedClass = (cutOff: number) => `tb-${String(cutOff).replace('.', '-')}`;

function diamond(cx: number, cy: number, r: number): string {
  return `M ${cx} ${cy - r} L ${cx + r} ${cy} L ${cx} ${cy + r} L ${cx - r} ${cy} Z`;
}

function Box({
  d,
  y,
  x,
  className,
}: {
  d: Distribution;
  y: number;
  x: (v: number) => number;
  className: string;
}) {
  if (d.min === null || d.q1 === null || d.median === null || d.q3 === null || d.max === null) {
    return (
      <text className="no-data" x={LEFT + 8} y={y + 5}>
        no measurements
      </text>
    );
  }
  const h = ROW - 10;
  return (
    <g className={className}>
      <line className="whisker" x1={x(d.min)} x2={x(d.q1)} y1={y} y2={y} />
      <line className="whisker" x1={x(d.q3)} x2={x(d.max)} y1={y} y2={y} />
      <line className="whisker" x1={x(d.min)} x2={x(d.min)} y1={y - h / 3} y2={y + h / 3} />
      <line className="whisker" x1={x(d.max)} x2={x(d.max)} y1={y - h / 3} y2={y + h / 3} />
      <rect x={x(d.q1)} y={y - h / 2} width={Math.max(1, x(d.q3) - x(d.q1))} height={h} />
      <line className="median" x1={x(d.median)} x2={x(d.median)} y1={y - h / 2} y2={y + h / 2} />
    </g>
  );
}
