// SVG plot of expected lesion and background count rates (log scale, left) and probe T/B (right) against
// hours after injection, with the recommended window and the planned operation shaded. Pure string output.
import type { PlanResult } from './plan.js';

const W = 760;
const H = 420;
const M = { left: 70, right: 70, top: 40, bottom: 50 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceStep(span: number, target: number): number {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * mag >= raw) return f * mag;
  return 10 * mag;
}

export function planPlotSvg(r: PlanResult): string {
  const hours = r.timeCurves.hours;
  const tMax = hours[hours.length - 1] ?? 1;
  const allRates = r.timeCurves.lesions
    .flatMap((l) => [...l.lesionCps, ...l.backgroundCps])
    .filter((x) => x > 0);
  const yMaxLog = Math.ceil(Math.log10(Math.max(...allRates, 1)));
  const yMinLog = Math.max(yMaxLog - 5, Math.floor(Math.log10(Math.min(...allRates, 10 ** yMaxLog))));
  const ratios = r.timeCurves.lesions.flatMap((l) => l.ratio);
  const rMax = Math.max(2, Math.ceil(Math.max(...ratios) * 1.1));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (t: number) => M.left + (t / tMax) * pw;
  const yRate = (cps: number) => {
    const v = Math.log10(Math.max(cps, 10 ** yMinLog));
    return M.top + ph - ((v - yMinLog) / (yMaxLog - yMinLog)) * ph;
  };
  const yRatio = (ratio: number) => M.top + ph - ((ratio - 1) / (rMax - 1)) * ph;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(`${r.tracer.name}, ${r.injectedActivityMBq} MBq — expected counts and T/B`)}</text>`,
  );
  if (r.recommendedWindow) {
    const a = x(Math.min(r.recommendedWindow.fromHours, tMax));
    const b = x(Math.min(r.recommendedWindow.toHours, tMax));
    parts.push(
      `<rect x="${a}" y="${M.top}" width="${Math.max(0, b - a)}" height="${ph}" fill="#2ca02c" fill-opacity="0.12"/>`,
    );
    parts.push(`<text x="${a + 4}" y="${M.top + 14}" fill="#1b7a1b">recommended window</text>`);
  }
  const s = x(Math.min(r.hoursAfterInjection.surgeryStart, tMax));
  const e = x(Math.min(r.hoursAfterInjection.surgeryEnd, tMax));
  parts.push(
    `<rect x="${s}" y="${M.top}" width="${Math.max(1, e - s)}" height="${ph}" fill="#ff7f0e" fill-opacity="0.18"/>`,
  );
  parts.push(`<text x="${s + 4}" y="${M.top + ph - 6}" fill="#b35900">operation</text>`);
  // Axes and grid.
  parts.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  const step = niceStep(tMax, 8);
  for (let t = 0; t <= tMax + 1e-9; t += step) {
    parts.push(`<line x1="${x(t)}" y1="${M.top + ph}" x2="${x(t)}" y2="${M.top + ph + 5}" stroke="#333"/>`);
    parts.push(
      `<text x="${x(t)}" y="${M.top + ph + 18}" text-anchor="middle">${Number(t.toFixed(2))}</text>`,
    );
  }
  parts.push(`<text x="${M.left + pw / 2}" y="${H - 10}" text-anchor="middle">hours after injection</text>`);
  for (let d = yMinLog; d <= yMaxLog; d++) {
    const y = yRate(10 ** d);
    parts.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + pw}" y2="${y}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${M.left - 6}" y="${y + 4}" text-anchor="end">${10 ** d >= 1 ? 10 ** d : (10 ** d).toPrecision(1)}</text>`,
    );
  }
  parts.push(
    `<text transform="translate(18 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">count rate (cps, log)</text>`,
  );
  const rStep = niceStep(rMax - 1, 6);
  for (let v = 1; v <= rMax + 1e-9; v += rStep) {
    parts.push(`<text x="${M.left + pw + 6}" y="${yRatio(v) + 4}">${Number(v.toFixed(2))}</text>`);
  }
  parts.push(
    `<text transform="translate(${W - 16} ${M.top + ph / 2}) rotate(90)" text-anchor="middle">probe T/B (dashed)</text>`,
  );
  r.timeCurves.lesions.forEach((l, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const path = (ys: number[], f: (v: number) => number) =>
      ys.map((v, k) => `${k === 0 ? 'M' : 'L'}${x(hours[k] ?? 0).toFixed(1)},${f(v).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path(l.lesionCps, yRate)}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    parts.push(
      `<path d="${path(l.backgroundCps, yRate)}" fill="none" stroke="${colour}" stroke-width="1" stroke-opacity="0.6"/>`,
    );
    parts.push(
      `<path d="${path(l.ratio, yRatio)}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    );
    parts.push(`<rect x="${M.left + 8}" y="${M.top + 24 + i * 16}" width="12" height="3" fill="${colour}"/>`);
    parts.push(
      `<text x="${M.left + 26}" y="${M.top + 29 + i * 16}">${esc(l.label)} (thick: lesion, thin: background)</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
