// The case report as PDF, A4 portrait, through the one PDF module (@openrgs/pdf: embedded Unicode font).
import {
  CONTENT_WIDTH_PT,
  createPdfDocument,
  ensureSpace,
  FONT,
  facts,
  MARGIN_PT,
  table,
  widthsKeepingWords,
} from '@openrgs/pdf';
import type { LesionBar, ReportModel, Table } from './model.js';

function drawTable(doc: PDFKit.PDFDocument, t: Table): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.6).font(FONT.bold).fontSize(11).fillColor('#000').text(t.title, MARGIN_PT, doc.y);
  if (t.rows.length === 0) {
    doc
      .font(FONT.italic)
      .fontSize(8.5)
      .text('none recorded', MARGIN_PT, doc.y + 2);
    return;
  }
  table(doc, { columns: t.columns, rows: t.rows, widthsPt: widthsKeepingWords(doc, t.columns, t.rows) });
  if (t.note)
    doc
      .font(FONT.italic)
      .fontSize(7.5)
      .text(t.note, MARGIN_PT, doc.y + 2);
}

function drawChart(doc: PDFKit.PDFDocument, title: string, bars: LesionBar[]): void {
  const rowHeight = 26;
  const height = 40 + bars.length * rowHeight + 20;
  ensureSpace(doc, height);
  // No width given: from the margin, PDFKit's default width is the content width.
  doc.moveDown(0.6).font(FONT.bold).fontSize(11).fillColor('#000').text(title, MARGIN_PT, doc.y);
  const top = doc.y + 6;
  const labelWidth = 130;
  const plotLeft = MARGIN_PT + labelWidth;
  const plotWidth = CONTENT_WIDTH_PT - labelWidth - 10;
  const values = bars.flatMap((b) => [
    b.inVivo?.high ?? b.inVivo?.ratio ?? 0,
    b.exVivo?.high ?? b.exVivo?.ratio ?? 0,
  ]);
  const maxRatio = Math.max(2, ...values) * 1.05;
  const x = (ratio: number): number => plotLeft + (Math.min(ratio, maxRatio) / maxRatio) * plotWidth;
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    doc
      .font(FONT.regular)
      .fontSize(8)
      .fillColor('#000')
      .text(bar.label, MARGIN_PT, y + 6, { width: labelWidth - 6 });
    const draw = (v: LesionBar['inVivo'], dy: number, colour: string): void => {
      if (!v) return;
      doc
        .rect(plotLeft, y + dy, x(v.ratio) - plotLeft, 9)
        .fillColor(colour)
        .fill();
      if (v.low !== undefined && v.high !== undefined) {
        doc
          .moveTo(x(v.low), y + dy + 4.5)
          .lineTo(x(v.high), y + dy + 4.5)
          .lineWidth(1)
          .strokeColor('#000')
          .stroke();
      }
      doc
        .fillColor('#000')
        .fontSize(7)
        .text(v.ratio.toFixed(2), x(v.high ?? v.ratio) + 3, y + dy + 1);
    };
    draw(bar.inVivo, 2, '#0072B2');
    draw(bar.exVivo, 13, '#E69F00');
  });
  const axisY = top + bars.length * rowHeight + 2;
  doc
    .moveTo(plotLeft, axisY)
    .lineTo(plotLeft + plotWidth, axisY)
    .lineWidth(0.5)
    .strokeColor('#000')
    .stroke();
  const ticks = maxRatio > 8 ? [1, 2, 5, 10, 20, 50] : [1, 1.5, 2, 3, 5];
  for (const tick of ticks) {
    if (tick > maxRatio) continue;
    doc
      .moveTo(x(tick), top)
      .lineTo(x(tick), axisY)
      .lineWidth(0.2)
      .strokeColor(tick === 1 ? '#000' : '#bbb')
      .stroke();
    doc
      .fontSize(7)
      .fillColor('#000')
      .text(String(tick), x(tick) - 5, axisY + 3);
  }
  doc.fontSize(7).text('in vivo (blue), ex vivo (orange); T/B = 1 is background', MARGIN_PT, axisY + 12);
  doc.y = axisY + 24;
}

/** Renders the report; resolves with the PDF bytes. */
export function renderReportPdf(model: ReportModel): Promise<Buffer> {
  const { doc, bytes } = createPdfDocument({ title: model.title });
  if (model.synthetic) {
    doc
      .font(FONT.bold)
      .fontSize(12)
      .fillColor('#B00000')
      .text('SYNTHETIC DEMONSTRATION DATA — NOT A PATIENT RECORD', MARGIN_PT, MARGIN_PT);
  }
  doc.font(FONT.bold).fontSize(16).fillColor('#000').text(model.title, MARGIN_PT, doc.y);
  doc.font(FONT.regular).fontSize(8.5).fillColor('#444').text(model.subtitle);
  doc.moveDown(0.5).fillColor('#000');
  facts(doc, model.facts, 135);
  const [lesions, ...rest] = model.tables;
  if (lesions) drawTable(doc, lesions);
  drawChart(doc, model.chart.title, model.chart.bars);
  for (const t of rest) drawTable(doc, t);
  ensureSpace(doc, 40);
  doc.moveDown(1).font(FONT.bold).fontSize(10).fillColor('#000').text(model.signOff, MARGIN_PT, doc.y);
  doc.end();
  return bytes;
}
