// The last 30 s of count rate on a log scale, with the background band (mean ± 2 SD) and the decision
// threshold the counting engine reports. Drawn on a canvas: 20+ redraws per second stay cheap.
import { useEffect, useRef } from 'react';
import { formatRate } from '../format.js';
import { TREND_SECONDS, type TrendPoint } from '../live.js';

const COLORS = {
  axis: '#6b7480',
  grid: '#262d36',
  band: 'rgba(86, 180, 233, 0.22)',
  bandEdge: 'rgba(86, 180, 233, 0.6)',
  threshold: '#e69f00',
  line: '#f4f6f8',
  text: '#aab4c0',
};

/** Log-scale ticks: 1-2-5 per decade when there is room (about 22 px per tick), else decades only. */
function niceTicks(lo: number, hi: number, heightPx: number): number[] {
  const decades = Math.log10(hi / lo);
  const multipliers = heightPx / Math.max(decades, 0.1) >= 66 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(lo)); decade <= hi; decade *= 10) {
    for (const m of multipliers) {
      const v = decade * m;
      if (v >= lo && v <= hi) ticks.push(v);
    }
  }
  return ticks;
}

export function Trend({
  points,
  dimmed,
  note,
}: {
  points: readonly TrendPoint[];
  dimmed: boolean;
  /** A short line shown after the legend (the team's decisions on flagged background sites). */
  note?: string | null;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const left = 56;
    const right = width - 8;
    const top = 8;
    const bottom = height - 24;

    const last = points[points.length - 1];
    const nowMs = last?.atMs ?? 0;
    // The range follows the rate and the background band; a threshold far above them (early, with few
    // background sites) would squash the trace, so it is then labelled at the top instead of drawn.
    const values: number[] = [];
    for (const p of points) {
      values.push(p.rateCps);
      if (p.backgroundMeanCps !== null && p.backgroundSdCps !== null) {
        values.push(p.backgroundMeanCps + 2 * p.backgroundSdCps);
        values.push(Math.max(0.1, p.backgroundMeanCps - 2 * p.backgroundSdCps));
      }
    }
    const positive = values.filter((v) => v > 0);
    const maxValue = positive.length > 0 ? Math.max(...positive) : 10;
    const lastThreshold = last?.thresholdCps ?? null;
    if (lastThreshold !== null && lastThreshold <= maxValue * 3) positive.push(lastThreshold);
    const lo = Math.max(0.1, (positive.length > 0 ? Math.min(...positive) : 1) / 1.5);
    const hi = Math.max(lo * 10, Math.max(...positive, maxValue) * 1.5);
    const y = (v: number) => {
      const clamped = Math.min(hi, Math.max(lo, v));
      return bottom - ((Math.log(clamped) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (bottom - top);
    };
    const x = (atMs: number) => right - ((nowMs - atMs) / (TREND_SECONDS * 1000)) * (right - left);

    ctx.globalAlpha = dimmed ? 0.35 : 1;
    ctx.font = '13px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    for (const tick of niceTicks(lo, hi, bottom - top)) {
      ctx.strokeStyle = COLORS.grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(left, y(tick));
      ctx.lineTo(right, y(tick));
      ctx.stroke();
      ctx.fillStyle = COLORS.text;
      ctx.fillText(tick >= 1 ? tick.toLocaleString('en-GB') : String(tick), left - 6, y(tick));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    for (let s = 0; s <= TREND_SECONDS; s += 10) {
      ctx.fillStyle = COLORS.text;
      ctx.textAlign = s === 0 ? 'right' : 'center';
      ctx.fillText(s === 0 ? 'now' : `−${s} s`, x(nowMs - s * 1000), height - 6);
    }

    // Background band: mean ± 2 SD of the site-to-site background model.
    const withBand = points.filter((p) => p.backgroundMeanCps !== null && p.backgroundSdCps !== null);
    if (withBand.length > 1) {
      ctx.fillStyle = COLORS.band;
      ctx.beginPath();
      withBand.forEach((p, i) => {
        const v = (p.backgroundMeanCps ?? 0) + 2 * (p.backgroundSdCps ?? 0);
        if (i === 0) ctx.moveTo(x(p.atMs), y(v));
        else ctx.lineTo(x(p.atMs), y(v));
      });
      for (let i = withBand.length - 1; i >= 0; i -= 1) {
        const p = withBand[i];
        if (!p) continue;
        ctx.lineTo(x(p.atMs), y(Math.max(lo, (p.backgroundMeanCps ?? 0) - 2 * (p.backgroundSdCps ?? 0))));
      }
      ctx.closePath();
      ctx.fill();
      ctx.strokeStyle = COLORS.bandEdge;
      ctx.lineWidth = 1;
      ctx.beginPath();
      withBand.forEach((p, i) => {
        if (i === 0) ctx.moveTo(x(p.atMs), y(p.backgroundMeanCps ?? lo));
        else ctx.lineTo(x(p.atMs), y(p.backgroundMeanCps ?? lo));
      });
      ctx.stroke();
    }

    // Threshold: dashed orange line.
    const withThreshold = points.filter((p) => p.thresholdCps !== null && p.thresholdCps <= hi);
    if (lastThreshold !== null && lastThreshold > hi) {
      ctx.fillStyle = COLORS.threshold;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'top';
      ctx.fillText(`threshold ${formatRate(lastThreshold)} cps ↑ (off scale)`, right, top);
    }
    if (withThreshold.length > 1) {
      ctx.strokeStyle = COLORS.threshold;
      ctx.lineWidth = 2;
      ctx.setLineDash([8, 6]);
      ctx.beginPath();
      withThreshold.forEach((p, i) => {
        if (i === 0) ctx.moveTo(x(p.atMs), y(p.thresholdCps ?? lo));
        else ctx.lineTo(x(p.atMs), y(p.thresholdCps ?? lo));
      });
      ctx.stroke();
      ctx.setLineDash([]);
    }

    // The rate itself.
    ctx.strokeStyle = COLORS.line;
    ctx.lineWidth = 3;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    points.forEach((p, i) => {
      if (i === 0) ctx.moveTo(x(p.atMs), y(p.rateCps));
      else ctx.lineTo(x(p.atMs), y(p.rateCps));
    });
    ctx.stroke();
    ctx.globalAlpha = 1;
  }, [points, dimmed]);

  const last = points[points.length - 1];
  const rates = points.map((p) => p.rateCps);
  const summary =
    last && rates.length > 0
      ? `Count-rate trend over the last ${TREND_SECONDS} s: now ${formatRate(last.rateCps)} cps, lowest ${formatRate(Math.min(...rates))}, highest ${formatRate(Math.max(...rates))} cps.`
      : 'Count-rate trend: no data yet.';

  return (
    <figure className="trend">
      <canvas ref={canvasRef} role="img" aria-label={summary} />
      <figcaption className="trend-legend small">
        <span className="legend-line" /> rate <span className="legend-band" /> background ±2 SD{' '}
        <span className="legend-threshold" /> threshold
        {note && (
          <span className="trend-note muted" data-testid="decided-sites" title={note}>
            {note}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
