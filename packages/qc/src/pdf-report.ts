// PDF report of a probe QC test set, A4 portrait, through the one PDF module (@openrgs/pdf: embedded
// Unicode font, so σ, τ, µs and ≥ print as written). Returns the bytes, writes no file.
import {
  CONTENT_WIDTH_PT,
  createPdfDocument,
  ensureSpace as ensurePageSpace,
  FONT,
  heading,
  MARGIN_PT,
  paragraph,
  table as ruledTable,
  widthsByWeight,
} from '@openrgs/pdf';
import type { ControlChart } from './control-chart.js';
import type { ComparisonRow } from './criteria.js';
import { measuredRateCps } from './dead-time.js';
import type { NemaTestResult } from './nema-tests.js';

export interface QcReportProbe {
  model: string;
  serial: string;
  detector?: string;
  collimator?: string;
}

export interface QcReportInput {
  title?: string;
  probe: QcReportProbe;
  /** ISO-8601 instant of the test session. */
  performedAt: string;
  /** User name of the physicist (staff, not a patient). */
  performedBy: string;
  tests: readonly NemaTestResult[];
  comparison?: readonly ComparisonRow[];
  constancyChart?: ControlChart;
  /** Software identification printed in the footer. */
  software: string;
}

const MARGIN = MARGIN_PT;
const CONTENT_WIDTH = CONTENT_WIDTH_PT;

function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits + 1)).toString();
}

/** Keeps 20 pt free above the bottom margin (the footer note). */
function ensureSpace(doc: PDFKit.PDFDocument, heightPt: number): void {
  ensurePageSpace(doc, heightPt, 20);
}

function line(doc: PDFKit.PDFDocument, text: string, style: 'normal' | 'note' = 'normal'): void {
  paragraph(doc, text, style);
}

function table(doc: PDFKit.PDFDocument, columns: string[], rows: string[][], weights: number[]): void {
  ruledTable(doc, {
    columns,
    rows,
    widthsPt: widthsByWeight(weights),
    cellColour: (cell) => (cell === 'NO' || cell === 'fail' ? '#b00000' : '#000'),
  });
}

interface Series {
  points: { x: number; y: number }[];
  color: string;
  kind: 'dots' | 'line';
}

function plot(
  doc: PDFKit.PDFDocument,
  opts: {
    series: Series[];
    xLabel: string;
    yLabel: string;
    hLines?: { y: number; color: string; label: string }[];
    vLines?: { x: number; color: string }[];
  },
): void {
  const height = 150;
  ensureSpace(doc, height + 30);
  const left = MARGIN + 45;
  const top = doc.y + 16;
  const width = CONTENT_WIDTH - 60;
  const all = opts.series.flatMap((s) => s.points);
  const xs = all.map((p) => p.x);
  const ys = [...all.map((p) => p.y), ...(opts.hLines ?? []).map((h) => h.y)];
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(0, ...ys), Math.max(...ys)];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  y1 += (y1 - y0) * 0.05;
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * width;
  const py = (y: number) => top + height - ((y - y0) / (y1 - y0)) * height;
  doc.rect(left, top, width, height).lineWidth(0.5).strokeColor('#666').stroke();
  doc.font(FONT.regular).fontSize(7).fillColor('#333');
  for (const [v, label] of [
    [y0, fmt(y0)],
    [y1, fmt(y1)],
  ] as const)
    doc.text(label, MARGIN, py(v) - 4, { width: 42, align: 'right' });
  doc.text(fmt(x0), left - 10, top + height + 3, { width: 40 });
  doc.text(fmt(x1), left + width - 30, top + height + 3, { width: 40, align: 'right' });
  doc.text(opts.xLabel, left, top + height + 3, { width, align: 'center' });
  doc.text(opts.yLabel, MARGIN, top - 10, { width: 200 });
  for (const h of opts.hLines ?? []) {
    if (h.y < y0 || h.y > y1) continue;
    doc
      .moveTo(left, py(h.y))
      .lineTo(left + width, py(h.y))
      .lineWidth(0.5)
      .dash(3, { space: 2 })
      .strokeColor(h.color)
      .stroke()
      .undash();
    doc.fillColor(h.color).text(h.label, left + width - 120, py(h.y) - 9, { width: 118, align: 'right' });
  }
  for (const v of opts.vLines ?? []) {
    doc
      .moveTo(px(v.x), top)
      .lineTo(px(v.x), top + height)
      .lineWidth(0.5)
      .dash(2, { space: 2 })
      .strokeColor(v.color)
      .stroke()
      .undash();
  }
  for (const s of opts.series) {
    if (s.kind === 'dots') {
      for (const p of s.points) doc.circle(px(p.x), py(p.y), 1.6).fillColor(s.color).fill();
    } else if (s.points.length > 1) {
      const [first, ...rest] = s.points;
      doc.moveTo(px(first!.x), py(first!.y));
      for (const p of rest) doc.lineTo(px(p.x), py(p.y));
      doc.lineWidth(1).strokeColor(s.color).stroke();
    }
  }
  doc.fillColor('#000');
  doc.y = top + height + 16;
}

function reference(doc: PDFKit.PDFDocument, t: NemaTestResult): void {
  const r = t.reference;
  line(
    doc,
    `${r.standard}, "${r.test}"${r.clause ? `, clause ${r.clause}` : ' (clause number not verified against the standard)'}. ${r.note}`,
    'note',
  );
}

function testSection(doc: PDFKit.PDFDocument, t: NemaTestResult): void {
  switch (t.test) {
    case 'resolution':
    case 'angular': {
      heading(doc, t.test === 'resolution' ? 'Spatial resolution' : 'Angular resolution');
      reference(doc, t);
      const u = t.unit === 'mm' ? 'mm' : 'deg';
      const p = t.profile;
      line(
        doc,
        `FWHM ${fmt(t.fwhm)} ${u} (left ${fmt(p.fwhm.left)}, right ${fmt(p.fwhm.right)}; half widths ${fmt(p.fwhm.leftHalfWidth)} / ${fmt(p.fwhm.rightHalfWidth)}); FWTM ${t.fwtm === null ? 'not reached' : `${fmt(t.fwtm)} ${u}`}; peak ${fmt(p.peakCounts)} counts at ${fmt(p.peakX)} ${u} (${p.peakMethod}); background ${fmt(p.backgroundLevel)}.`,
      );
      for (const w of p.warnings) line(doc, `Note: ${w}`, 'note');
      plot(doc, {
        series: [{ points: t.samples.map((s) => ({ x: s.x, y: s.counts })), color: '#1f4e9c', kind: 'dots' }],
        xLabel: t.unit === 'mm' ? 'position (mm)' : 'angle (deg)',
        yLabel: 'counts',
        hLines: [
          { y: p.backgroundLevel + p.fwhm.level, color: '#c05000', label: 'half maximum' },
          ...(p.fwtm
            ? [{ y: p.backgroundLevel + p.fwtm.level, color: '#808000', label: 'tenth maximum' }]
            : []),
        ],
        vLines: [
          { x: p.fwhm.left, color: '#c05000' },
          { x: p.fwhm.right, color: '#c05000' },
        ],
      });
      return;
    }
    case 'count-rate': {
      heading(doc, 'Count-rate capability');
      reference(doc, t);
      const a = t.analysis;
      line(
        doc,
        `Best model: ${t.model}, dead time τ ${fmt(t.deadTimeSeconds * 1e6)} µs; true rate at 20 % loss ${fmt(t.rateAt20PercentLossCps)} cps. ` +
          `Paralysable: ${fmt(a.fits.paralysable.deadTimeSeconds * 1e6)} µs, rms residual ${fmt(100 * a.fits.paralysable.rmsRelativeResidual)} %; ` +
          `non-paralysable: ${fmt(a.fits.nonParalysable.deadTimeSeconds * 1e6)} µs, rms residual ${fmt(100 * a.fits.nonParalysable.rmsRelativeResidual)} %. Largest observed loss ${fmt(a.maxObservedLossPercent)} %.`,
      );
      for (const w of a.warnings) line(doc, `Note: ${w}`, 'note');
      const maxN = Math.max(...t.pairs.map((p) => p.trueRateCps));
      const curve = Array.from({ length: 60 }, (_, i) => {
        const n = (maxN * (i + 1)) / 60;
        return { x: n, y: measuredRateCps(t.model, n, t.deadTimeSeconds) };
      });
      plot(doc, {
        series: [
          { points: curve, color: '#c05000', kind: 'line' },
          {
            points: t.pairs.map((p) => ({ x: p.trueRateCps, y: p.measuredRateCps })),
            color: '#1f4e9c',
            kind: 'dots',
          },
        ],
        xLabel: 'true rate (cps)',
        yLabel: 'measured rate (cps)',
      });
      return;
    }
    case 'shielding': {
      heading(doc, 'Side and back shielding');
      reference(doc, t);
      const a = t.analysis;
      line(doc, `Front net rate ${fmt(a.frontNetCps)} cps; background ${fmt(a.backgroundCps)} cps.`);
      table(
        doc,
        ['position', 'source', 'net rate (cps)', 'shielding (%)', '95 % interval (%)'],
        a.rows.map((r) => [
          r.position,
          r.source,
          fmt(r.netCps),
          r.shieldingPercent.toFixed(4),
          `${r.shielding95Percent[0].toFixed(4)}–${r.shielding95Percent[1].toFixed(4)}`,
        ]),
        [1, 1, 1.2, 1.2, 2],
      );
      for (const w of a.warnings) line(doc, `Note: ${w}`, 'note');
      return;
    }
    case 'sensitivity': {
      heading(doc, t.medium === 'air' ? 'Sensitivity in air' : 'Sensitivity in scattering medium');
      reference(doc, t);
      table(
        doc,
        [
          'distance (mm)',
          'net rate (cps)',
          'mean activity (MBq)',
          'sensitivity (cps/MBq)',
          '1 SD (cps/MBq)',
          'decay-corrected',
        ],
        t.analysis.rows.map((r) => [
          fmt(r.distanceMm),
          fmt(r.netCps),
          fmt(r.meanActivityMBq),
          fmt(r.sensitivityCpsPerMBq),
          fmt(r.uncertaintyCpsPerMBq),
          r.decayCorrected ? 'yes' : 'no',
        ]),
        [1, 1, 1.2, 1.3, 1, 1],
      );
      for (const w of t.analysis.warnings) line(doc, `Note: ${w}`, 'note');
      return;
    }
    case 'energy': {
      heading(doc, 'Energy resolution');
      reference(doc, t);
      const a = t.analysis;
      line(
        doc,
        `Photopeak ${fmt(a.peakEnergyKeV)} keV, FWHM ${fmt(a.fwhmKeV)} keV (${fmt(a.leftKeV)}–${fmt(a.rightKeV)} keV): energy resolution ${fmt(a.resolutionPercent)} %.`,
      );
      for (const w of a.warnings) line(doc, `Note: ${w}`, 'note');
      plot(doc, {
        series: [{ points: t.samples.map((s) => ({ x: s.x, y: s.counts })), color: '#1f4e9c', kind: 'line' }],
        xLabel: 'energy (keV)',
        yLabel: 'counts',
        vLines: [
          { x: a.leftKeV, color: '#c05000' },
          { x: a.rightKeV, color: '#c05000' },
        ],
      });
      return;
    }
  }
}

const QUANTITY_LABEL: Record<string, string> = {
  sensitivityCpsPerMBq: 'sensitivity (cps/MBq)',
  angularFwhmDeg: 'angular FWHM (deg)',
  spatialFwhmMm: 'spatial FWHM (mm)',
  sideShieldingPercent: 'side shielding (%)',
  backShieldingPercent: 'back shielding (%)',
  energyResolutionPercent: 'energy resolution (%)',
  rateAt20PercentLossCps: 'rate at 20 % loss (cps)',
};

function yesNo(v: boolean | null): string {
  return v === null ? '-' : v ? 'yes' : 'NO';
}

export function renderQcReportPdf(input: QcReportInput): Promise<Buffer> {
  const { doc, bytes } = createPdfDocument({
    title: input.title ?? 'Probe QC report',
    author: input.performedBy,
  });
  doc
    .font(FONT.bold)
    .fontSize(15)
    .text(input.title ?? 'Probe quality control report', MARGIN, MARGIN);
  doc.moveDown(0.3);
  const p = input.probe;
  line(
    doc,
    `Probe ${p.model}, serial ${p.serial}${p.detector ? `, detector ${p.detector}` : ''}${p.collimator ? `, collimator ${p.collimator}` : ''}.`,
  );
  line(doc, `Tests performed ${input.performedAt} by ${input.performedBy}.`);

  if (input.comparison && input.comparison.length > 0) {
    heading(doc, 'Summary: criteria, baseline and manufacturer');
    table(
      doc,
      ['quantity', 'measured', 'criterion', 'meets', 'baseline', 'change (%)', 'manufacturer', 'meets claim'],
      input.comparison.map((r) => [
        QUANTITY_LABEL[r.quantity] ?? r.quantity,
        fmt(r.measured),
        r.criterion
          ? `${r.criterion.kind === 'min' ? '>' : '<'} ${r.criterion.limit}${r.criterion.condition ? ` ${r.criterion.condition}` : ''}`
          : '-',
        yesNo(r.meetsCriterion),
        fmt(r.baseline),
        r.changeFromBaselinePercent === null
          ? '-'
          : `${r.changeFromBaselinePercent.toFixed(1)}${r.worseThanBaseline ? ' (worse)' : ''}`,
        fmt(r.manufacturer),
        yesNo(r.meetsManufacturer),
      ]),
      [2, 1, 1.4, 0.7, 1, 1.1, 1.1, 0.8],
    );
    const c = input.comparison.find((r) => r.criterion)?.criterion;
    if (c) line(doc, `Criteria: ${c.source}.`, 'note');
  }

  if (input.tests.length === 0) {
    heading(doc, 'NEMA NU 3 tests');
    line(doc, 'No NEMA NU 3 tests have been recorded for this probe yet.');
  }
  for (const t of input.tests) testSection(doc, t);

  if (input.constancyChart) {
    const ch = input.constancyChart;
    ensureSpace(doc, 230); // keep the heading with its chart
    heading(doc, 'Constancy history (deviation from the decay-corrected expectation, %)');
    const hLines: { y: number; color: string; label: string }[] = [];
    if (ch.limits) {
      hLines.push({ y: ch.limits.centre, color: '#444', label: 'centre' });
      hLines.push(
        { y: ch.limits.action[0], color: '#b00000', label: '−3σ' },
        { y: ch.limits.action[1], color: '#b00000', label: '+3σ' },
      );
      hLines.push(
        { y: ch.limits.warning[0], color: '#c08000', label: '−2σ' },
        { y: ch.limits.warning[1], color: '#c08000', label: '+2σ' },
      );
    }
    if (ch.toleranceBands)
      hLines.push(
        { y: ch.toleranceBands.fail[0], color: '#700070', label: 'fail limit' },
        { y: ch.toleranceBands.fail[1], color: '#700070', label: 'fail limit' },
      );
    if (ch.points.length > 0) {
      const day0 = ch.points[0]!.atMs;
      plot(doc, {
        series: [
          {
            points: ch.points.map((pt) => ({ x: (pt.atMs - day0) / 86400000, y: pt.value })),
            color: '#1f4e9c',
            kind: 'dots',
          },
        ],
        xLabel: `days since ${new Date(day0).toISOString().slice(0, 10)}`,
        yLabel: 'deviation (%)',
        hLines,
      });
    }
    for (const v of ch.violations)
      line(
        doc,
        `Western Electric rule ${v.rule} at ${new Date(v.atMs).toISOString()}: ${v.message}.`,
        'note',
      );
    for (const w of ch.warnings) line(doc, `Note: ${w}`, 'note');
  }

  ensureSpace(doc, 30);
  doc.moveDown(1);
  line(
    doc,
    `${input.software}. NEMA NU 3-2004 clause numbers are cited by test title where the purchased standard was not available to the authors; computations are described in docs/qc.md.`,
    'note',
  );
  doc.end();
  return bytes;
}
