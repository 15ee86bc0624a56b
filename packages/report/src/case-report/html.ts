// The printable HTML view of the case report (same model as the PDF).
import type { ReportModel } from './model.js';

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function renderReportHtml(model: ReportModel): string {
  const max =
    Math.max(
      2,
      ...model.chart.bars.flatMap((b) => [
        b.inVivo?.high ?? b.inVivo?.ratio ?? 0,
        b.exVivo?.high ?? b.exVivo?.ratio ?? 0,
      ]),
    ) * 1.05;
  const pct = (v: number): string => `${((Math.min(v, max) / max) * 100).toFixed(1)}%`;
  const bar = (v: { ratio: number; low?: number; high?: number } | null, cls: string): string =>
    v
      ? `<div class="bar ${cls}" style="width:${pct(v.ratio)}"><span>${v.ratio.toFixed(2)}${
          v.low !== undefined && v.high !== undefined ? ` (${v.low.toFixed(2)}–${v.high.toFixed(2)})` : ''
        }</span></div>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(model.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#000;background:#fff;font-size:12px}
h1{font-size:20px;margin:0} h2{font-size:14px;margin:1.2em 0 .3em}
.synthetic{color:#b00000;font-weight:bold;font-size:14px}
dl{display:grid;grid-template-columns:12em 1fr;gap:.2em 1em} dt{font-weight:bold}
table{border-collapse:collapse;width:100%} th,td{border-bottom:1px solid #aaa;padding:2px 4px;text-align:left;vertical-align:top}
.chart .row{display:grid;grid-template-columns:12em 1fr;align-items:center;margin:2px 0}
.bar{height:10px;margin:1px 0;white-space:nowrap} .bar span{margin-left:100%;padding-left:4px;font-size:10px}
.in-vivo{background:#0072B2} .ex-vivo{background:#E69F00}
@media print{body{margin:0}}
</style></head><body>
${model.synthetic ? '<p class="synthetic">SYNTHETIC DEMONSTRATION DATA — NOT A PATIENT RECORD</p>' : ''}
<h1>${escapeHtml(model.title)}</h1><p>${escapeHtml(model.subtitle)}</p>
<dl>${model.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<h2>${escapeHtml(model.chart.title)}</h2>
<div class="chart">${model.chart.bars
    .map(
      (b) =>
        `<div class="row"><div>${escapeHtml(b.label)}</div><div>${bar(b.inVivo, 'in-vivo')}${bar(b.exVivo, 'ex-vivo')}</div></div>`,
    )
    .join('')}</div>
${model.tables
  .map(
    (t) =>
      `<h2>${escapeHtml(t.title)}</h2>${
        t.rows.length === 0
          ? '<p><em>none recorded</em></p>'
          : `<table><thead><tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${t.rows
              .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
              .join('')}</tbody></table>`
      }${t.note ? `<p><em>${escapeHtml(t.note)}</em></p>` : ''}`,
  )
  .join('\n')}
<p><strong>${escapeHtml(model.signOff)}</strong></p>
</body></html>
`;
}
