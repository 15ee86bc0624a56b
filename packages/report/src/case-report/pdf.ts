// The case report as PDF (pdfkit, standard Helvetica: WinAnsi text only). A4 portrait.
import PDFDocument from 'pdfkit';
import type { LesionBar, ReportModel, Table } from './model.js';

const MARGIN = 40;
const PAGE_WIDTH = 595.28;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;

function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function drawTable(doc: PDFKit.PDFDocument, table: Table): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).fillColor('#000').text(table.title, MARGIN, doc.y);
  if (table.rows.length === 0) {
    doc
      .font('Helvetica-Oblique')
      .fontSize(8.5)
      .text('none recorded', MARGIN, doc.y + 2);
    return;
  }
  // Column widths proportional to the longest text in each column (header included), within limits.
  const lengths = table.columns.map((c, i) =>
    Math.min(40, Math.max(8, c.length, ...table.rows.map((r) => (r[i] ?? '').length))),
  );
  const total = lengths.reduce((a, b) => a + b, 0);
  const widths = lengths.map((l) => (l / total) * CONTENT_WIDTH);
  const drawRow = (cells: string[], bold: boolean): void => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7.5);
    const height =
      Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 10) - 4 }))) + 4;
    ensureSpace(doc, height);
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      doc.text(cell, x + 2, top + 2, { width: (widths[i] ?? 10) - 4 });
      x += widths[i] ?? 0;
    });
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + CONTENT_WIDTH, top + height)
      .lineWidth(0.3)
      .strokeColor('#999')
      .stroke();
    doc.y = top + height;
  };
  doc.moveDown(0.2);
  drawRow(table.columns, true);
  for (const row of table.rows) drawRow(row, false);
  if (table.note)
    doc
      .font('Helvetica-Oblique')
      .fontSize(7.5)
      .text(table.note, MARGIN, doc.y + 2);
}

function drawChart(doc: PDFKit.PDFDocument, title: string, bars: LesionBar[]): void {
  const rowHeight = 26;
  const height = 40 + bars.length * rowHeight + 20;
  ensureSpace(doc, height);
  doc
    .moveDown(0.6)
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor('#000')
    .text(title, MARGIN, doc.y, { width: CONTENT_WIDTH });
  const top = doc.y + 6;
  const labelWidth = 130;
  const plotLeft = MARGIN + labelWidth;
  const plotWidth = CONTENT_WIDTH - labelWidth - 10;
  const values = bars.flatMap((b) => [
    b.inVivo?.high ?? b.inVivo?.ratio ?? 0,
    b.exVivo?.high ?? b.exVivo?.ratio ?? 0,
  ]);
  const maxRatio = Math.max(2, ...values) * 1.05;
  const x = (ratio: number): number => plotLeft + (Math.min(ratio, maxRatio) / maxRatio) * plotWidth;
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#000')
      .text(bar.label, MARGIN, y + 6, { width: labelWidth - 6 });
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
  doc.fontSize(7).text('in vivo (blue), ex vivo (orange); T/B = 1 is background', MARGIN, axisY + 12);
  doc.y = axisY + 24;
}

/** Renders the report; resolves with the PDF bytes. */
export function renderReportPdf(model: ReportModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      info: { Title: model.title, Producer: 'OpenRGS' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    if (model.synthetic) {
      doc
        .font('Helvetica-Bold')
        .fontSize(12)
        .fillColor('#B00000')
        .text('SYNTHETIC DEMONSTRATION DATA — NOT A PATIENT RECORD', MARGIN, MARGIN);
    }
    doc.font('Helvetica-Bold').fontSize(16).fillColor('#000').text(model.title, MARGIN, doc.y);
    doc.font('Helvetica').fontSize(8.5).fillColor('#444').text(model.subtitle);
    doc.moveDown(0.5).fillColor('#000');
    for (const [label, value] of model.facts) {
      const top = doc.y;
      doc.font('Helvetica-Bold').fontSize(9).text(label, MARGIN, top, { width: 130 });
      const h1 = doc.y - top;
      doc
        .font('Helvetica')
        .fontSize(9)
        .text(value, MARGIN + 135, top, { width: CONTENT_WIDTH - 135 });
      doc.y = Math.max(doc.y, top + h1);
    }
    const [lesions, ...rest] = model.tables;
    if (lesions) drawTable(doc, lesions);
    drawChart(doc, model.chart.title, model.chart.bars);
    for (const table of rest) drawTable(doc, table);
    ensureSpace(doc, 40);
    doc.moveDown(1).font('Helvetica-Bold').fontSize(10).fillColor('#000').text(model.signOff, MARGIN, doc.y);
    doc.end();
  });
}
