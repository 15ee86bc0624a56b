// The plan sheet for the multidisciplinary meeting, as PDF (through @openrgs/pdf). Kept behind the
// subpath export `@openrgs/planning/pdf` so that the pure core (and the browser console) never loads pdfkit.
import {
  CONTENT_WIDTH_PT,
  createPdfDocument,
  ensureSpace,
  FONT,
  facts,
  MARGIN_PT,
  table,
  widthsByWeight,
} from '@openrgs/pdf';
import type { PlanResult } from '../plan.js';

const MARGIN = MARGIN_PT;
const CONTENT_WIDTH = CONTENT_WIDTH_PT;

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '∞';
}

function sheetTable(doc: PDFKit.PDFDocument, columns: string[], weights: number[], rows: string[][]): void {
  ensureSpace(doc, 30);
  table(doc, { columns, rows, widthsPt: widthsByWeight(weights), fontSizePt: 8 });
  doc.moveDown(0.3);
}

function chart(doc: PDFKit.PDFDocument, r: PlanResult): void {
  ensureSpace(doc, 210);
  const top = doc.y + 6;
  const height = 160;
  const left = MARGIN + 40;
  const width = CONTENT_WIDTH - 80;
  const hours = r.timeCurves.hours;
  const tMax = hours[hours.length - 1] ?? 1;
  const ratios = r.timeCurves.lesions.flatMap((l) => l.ratio);
  const rMax = Math.max(2, Math.ceil(Math.max(...ratios) * 1.1));
  const x = (t: number) => left + (t / tMax) * width;
  const y = (ratio: number) => top + height - ((ratio - 1) / (rMax - 1)) * height;
  if (r.recommendedWindow) {
    const a = x(Math.min(r.recommendedWindow.fromHours, tMax));
    const b = x(Math.min(r.recommendedWindow.toHours, tMax));
    doc
      .rect(a, top, Math.max(0, b - a), height)
      .fillOpacity(0.15)
      .fill('#2ca02c')
      .fillOpacity(1);
  }
  const s = x(Math.min(r.hoursAfterInjection.surgeryStart, tMax));
  const e = x(Math.min(r.hoursAfterInjection.surgeryEnd, tMax));
  doc
    .rect(s, top, Math.max(1, e - s), height)
    .fillOpacity(0.2)
    .fill('#ff7f0e')
    .fillOpacity(1);
  doc.rect(left, top, width, height).lineWidth(0.5).strokeColor('#000').stroke();
  const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2'];
  r.timeCurves.lesions.forEach((l, i) => {
    const colour = colours[i % colours.length] ?? '#000';
    l.ratio.forEach((v, k) => {
      const px = x(hours[k] ?? 0);
      const py = y(v);
      if (k === 0) doc.moveTo(px, py);
      else doc.lineTo(px, py);
    });
    doc.lineWidth(1.2).strokeColor(colour).stroke();
    doc
      .fontSize(7)
      .fillColor(colour)
      .text(l.label, left + 6, top + 4 + i * 9, { lineBreak: false });
  });
  doc.fillColor('#000').fontSize(7);
  for (let k = 0; k <= 4; k++) {
    const v = 1 + ((rMax - 1) * k) / 4;
    doc.text(fixed(v, 1), left - 26, y(v) - 3, { width: 22, align: 'right', lineBreak: false });
    const t = (tMax * k) / 4;
    doc.text(fixed(t, 1), x(t) - 10, top + height + 3, { width: 20, align: 'center', lineBreak: false });
  }
  doc.text(
    'probe T/B against hours after injection; green: recommended window, orange: operation',
    left,
    top + height + 14,
    {
      lineBreak: false,
    },
  );
  doc.x = MARGIN;
  doc.y = top + height + 28;
}

/** Renders the plan sheet; resolves with the PDF bytes. */
export function planSheetPdf(r: PlanResult): Promise<Buffer> {
  const { doc, bytes } = createPdfDocument({ title: 'Radioguided surgery plan' });
  doc.font(FONT.bold).fontSize(16).text('Radioguided surgery plan', MARGIN, MARGIN);
  doc
    .font(FONT.regular)
    .fontSize(8)
    .fillColor('#444')
    .text(
      'OpenRGS planning model (docs/planning.md). A model estimate to support the team’s decision, not a measurement.',
    );
  doc.moveDown(0.5).fillColor('#000');
  const h = r.hoursAfterInjection;
  const rows: [string, string][] = [
    [
      'Tracer',
      `${r.tracer.name} (${r.tracer.nuclide}, half-life ${fixed(r.tracer.physicalHalfLifeHours, 2)} h)`,
    ],
    ['Injected activity', `${r.injectedActivityMBq} MBq at ${r.injectedAt}`],
    [
      'Operation',
      `${r.surgeryStart} to ${r.surgeryEnd} (${fixed(h.surgeryStart, 1)}–${fixed(h.surgeryEnd, 1)} h after injection)`,
    ],
    ['Probe', `${r.probe.id}: ${r.probe.name}`],
    [
      'Recommended window',
      r.window.ok
        ? `${fixed(r.window.fromHours, 1)}–${fixed(r.window.toHours, 1)} h after injection (optimum ${fixed(r.window.optimumHours, 1)} h)` +
          (r.windowUncertainty
            ? `; ${fixed(r.windowUncertainty.fromHoursLow, 1)}–${fixed(r.windowUncertainty.toHoursHigh, 1)} h over the parameter ranges`
            : '') +
          `. Planned timing ${r.plannedTimingInWindow ? 'inside' : 'NOT inside'} the window.`
        : `none: ${r.window.reason}`,
    ],
    [
      'Window basis',
      (r.window.ok
        ? `probability of a correct verdict within ${r.verdictModel.countSeconds} s for ${r.window.basisLesions.join(', ')}: ${fixed(100 * r.window.optimumProbability, 0)} % at the optimum, ≥ ${fixed(100 * r.window.edgeProbability, 0)} % in the window. `
        : '') +
        `Counting engine's ${r.verdictModel.rule} rule, ${r.verdictModel.backgroundSites} background sites × ${r.verdictModel.backgroundSiteSeconds} s, between-site CV ${fixed(100 * r.verdictModel.spreadCv, 0)} %.` +
        (r.undetectableLesions.length > 0
          ? ` Undetectable at any time (not setting the window): ${r.undetectableLesions.map((u) => `${u.label} (at best ${fixed(100 * u.bestProbability, 0)} %)`).join(', ')}.`
          : ''),
    ],
    [
      'Patient activity',
      `${fixed(r.rates.surgeryStart.bodyActivityMBq, 0)} MBq at start, ${fixed(r.rates.surgeryEnd.bodyActivityMBq, 0)} MBq at end (body mass ${r.bodyMassKg} kg)`,
    ],
    [
      'Decision rule',
      `SPRT: background vs ${r.decisionRule.minimumRatio} × background, α ${r.decisionRule.alpha}, β ${r.decisionRule.beta}, ${r.decisionRule.frameSeconds} s frames`,
    ],
  ];
  if (r.publishedComparison) {
    const p = r.publishedComparison;
    rows.push([
      'Published practice',
      `${p.typicalActivityMBq.low}–${p.typicalActivityMBq.high} MBq, ${fixed(p.publishedIntervalHours.fromHours, 1)}–${fixed(p.publishedIntervalHours.toHours, 1)} h (${p.publishedIntervalHours.source})`,
    ]);
  }
  facts(doc, rows, 125);
  doc.moveDown(0.5).font(FONT.bold).fontSize(11).text('Lesions (at surgery start / end)', MARGIN);
  sheetTable(
    doc,
    [
      'Lesion',
      'Size, depth',
      'Tissue T/B',
      'Lesion / bkg cps',
      'Probe T/B',
      'P(+) in 5 s',
      'Verdict in',
      'Likely found',
    ],
    [95, 60, 50, 70, 55, 60, 50, 75],
    r.lesions.map((l) => [
      l.label + (l.nearbyOrgan === 'none' ? '' : ` (next to ${l.nearbyOrgan})`),
      `${l.diameterMm} mm, ${l.depthCm} cm`,
      `${fixed(l.atSurgeryStart.tissueRatio, 1)} / ${fixed(l.atSurgeryEnd.tissueRatio, 1)}`,
      `${fixed(l.expectedRateCps, 0)} / ${fixed(l.expectedBackgroundCps, 0)}`,
      `${fixed(l.expectedRatio, 2)} / ${fixed(l.atSurgeryEnd.expectedRatio, 2)}`,
      `${fixed(100 * l.detectionProbability5s, 0)} % / ${fixed(100 * l.atSurgeryEnd.detectionProbability5s, 0)} %`,
      `${fixed(l.expectedSecondsToVerdict, 1)} s`,
      l.likelyFound ? 'yes' : 'NO',
    ]),
  );
  const reasons = r.lesions.filter((l) => l.reasons.length > 0);
  if (reasons.length > 0) {
    doc.font(FONT.bold).fontSize(10).text('Why some lesions may not be found', MARGIN);
    for (const l of reasons) {
      for (const reason of l.reasons) {
        ensureSpace(doc, 20);
        doc
          .font(FONT.regular)
          .fontSize(8.5)
          .text(`• ${l.label}: ${reason}`, MARGIN, doc.y, { width: CONTENT_WIDTH });
      }
    }
    doc.moveDown(0.5);
  }
  const m = r.detectabilityMap;
  doc
    .font(FONT.bold)
    .fontSize(10)
    .text(
      `Smallest lesion found with ${fixed(100 * m.detectionProbability, 0)} % probability in ${m.countSeconds} s (uptake ratio ${m.uptakeRatio})`,
      MARGIN,
    );
  sheetTable(
    doc,
    ['Depth', ...m.rows.map((row) => `${row.depthCm} cm`)],
    [80, ...m.rows.map(() => (CONTENT_WIDTH - 80) / m.rows.length)],
    [
      [
        'Operating room',
        ...m.rows.map((row) => (row.smallestDiameterMm === null ? '—' : `${row.smallestDiameterMm} mm`)),
      ],
      [
        'Known background',
        ...m.rowsKnownBackground.map((row) =>
          row.smallestDiameterMm === null ? '—' : `${row.smallestDiameterMm} mm`,
        ),
      ],
    ],
  );
  chart(doc, r);
  doc.font(FONT.bold).fontSize(10).text('Model parameters', MARGIN);
  sheetTable(
    doc,
    ['Parameter', 'Value', 'Range', 'Basis', 'Source'],
    [120, 45, 55, 45, 250],
    Object.entries(r.parameters).map(([name, p]) => [
      name,
      `${p.value} ${p.unit === '1' ? '' : p.unit}`,
      `${p.low}–${p.high}`,
      p.basis,
      p.source,
    ]),
  );
  ensureSpace(doc, 40);
  doc.font(FONT.bold).fontSize(10).text('Assumptions', MARGIN);
  for (const a of [...r.assumptions, `Probe model: ${r.probe.basis}`]) {
    ensureSpace(doc, 20);
    doc.font(FONT.regular).fontSize(8).text(`• ${a}`, MARGIN, doc.y, { width: CONTENT_WIDTH });
  }
  doc.end();
  return bytes;
}
