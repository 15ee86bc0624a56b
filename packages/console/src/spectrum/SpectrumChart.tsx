// The pulse-height histogram with each photopeak window shaded, drawn in SVG (scales with the screen).
// Bars: counts per bar of equal width in keV (the station's calibration); axes labelled large enough to read
// from 2 m on a theatre screen.
import type { StationSpectrum } from '@openrgs/api';
import { type Bar, displayRangeKeV, rebin } from './spectrum-view.js';

const W = 1000;
const H = 420;
const LEFT = 70;
const BOTTOM = 50;
const TOP = 44;
const BARS = 250;

export function SpectrumChart({ spectrum }: { spectrum: StationSpectrum }) {
  const maxKeV = displayRangeKeV(spectrum.windows);
  const bars: Bar[] = rebin(spectrum.channels, spectrum.calibration, maxKeV, BARS);
  const peak = Math.max(1, ...bars.map((b) => b.counts));
  const x = (keV: number) => LEFT + ((W - LEFT - 10) * keV) / maxKeV;
  const y = (counts: number) => TOP + (H - TOP - BOTTOM) * (1 - counts / peak);
  const path = bars
    .map(
      (b) =>
        `M${x(b.lowKeV).toFixed(1)},${y(0)}V${y(b.counts).toFixed(1)}H${x(b.highKeV).toFixed(1)}V${y(0)}`,
    )
    .join('');
  const ticks = Array.from({ length: Math.floor(maxKeV / 50) + 1 }, (_, i) => i * 50);
  return (
    <svg
      className="spectrum-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Pulse-height spectrum, 0 to ${maxKeV} keV, ${spectrum.windows.length} window(s) shaded`}
    >
      {spectrum.windows.map((w) => (
        <g key={w.lineKeV} className="spectrum-window">
          <rect x={x(w.lowKeV)} y={TOP} width={x(w.highKeV) - x(w.lowKeV)} height={H - TOP - BOTTOM} />
          <text x={(x(w.lowKeV) + x(w.highKeV)) / 2} y={TOP - 12} textAnchor="middle">
            {w.lineKeV.toFixed(1)} keV
          </text>
        </g>
      ))}
      <path className="spectrum-bars" d={path} />
      <line className="spectrum-axis" x1={LEFT} y1={y(0)} x2={W - 10} y2={y(0)} />
      {ticks.map((t) => (
        <g key={t} className="spectrum-tick">
          <line x1={x(t)} y1={y(0)} x2={x(t)} y2={y(0) + 8} />
          {t % 100 === 0 && t < maxKeV - 25 && (
            <text x={x(t)} y={H - 12} textAnchor="middle">
              {t}
            </text>
          )}
        </g>
      ))}
      <text className="spectrum-unit" x={W - 10} y={H - 12} textAnchor="end">
        keV
      </text>
      <text className="spectrum-unit" x={LEFT - 10} y={TOP + 20} textAnchor="end">
        {peak}
      </text>
      <text className="spectrum-unit" x={LEFT - 10} y={y(0)} textAnchor="end">
        0
      </text>
    </svg>
  );
}
