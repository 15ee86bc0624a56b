// Layout pieces shared by the case report, the QC report and the plan sheet: page breaks, headings,
// paragraphs, label/value facts and ruled tables. Text goes to the page as given (Unicode font).
import { CONTENT_WIDTH_PT, MARGIN_PT } from './document.js';
import { FONT } from './fonts.js';

/** Starts a new page unless `heightPt` more fits above the bottom margin (plus `reservePt`). */
export function ensureSpace(doc: PDFKit.PDFDocument, heightPt: number, reservePt = 0): void {
  if (doc.y + heightPt > doc.page.height - MARGIN_PT - reservePt) doc.addPage();
}

export function heading(doc: PDFKit.PDFDocument, text: string, sizePt = 11): void {
  ensureSpace(doc, 40);
  doc.moveDown(0.6).font(FONT.bold).fontSize(sizePt).fillColor('#000').text(text, MARGIN_PT, doc.y, {
    width: CONTENT_WIDTH_PT,
  });
}

export type ParagraphStyle = 'normal' | 'note' | 'small';

/** A paragraph across the content width; `note` is small grey italics, `small` small black text. */
export function paragraph(doc: PDFKit.PDFDocument, text: string, style: ParagraphStyle = 'normal'): void {
  const note = style === 'note';
  doc
    .font(note ? FONT.italic : FONT.regular)
    .fontSize(style === 'normal' ? 9 : 7.5)
    .fillColor(note ? '#444' : '#000')
    .text(text, MARGIN_PT, doc.y, { width: CONTENT_WIDTH_PT });
  doc.fillColor('#000');
}

/** Label/value lines: bold label in a fixed column, the value wrapped beside it. */
export function facts(
  doc: PDFKit.PDFDocument,
  rows: ReadonlyArray<readonly [string, string]>,
  labelWidthPt: number,
  fontSizePt = 9,
): void {
  for (const [label, value] of rows) {
    ensureSpace(doc, 2 * fontSizePt);
    const top = doc.y;
    doc
      .font(FONT.bold)
      .fontSize(fontSizePt)
      .fillColor('#000')
      .text(label, MARGIN_PT, top, {
        width: labelWidthPt - 5,
      });
    const labelBottom = doc.y;
    doc
      .font(FONT.regular)
      .fontSize(fontSizePt)
      .text(value, MARGIN_PT + labelWidthPt, top, { width: CONTENT_WIDTH_PT - labelWidthPt });
    doc.y = Math.max(doc.y, labelBottom);
  }
  doc.x = MARGIN_PT;
}

/** Column widths (points) in proportion to the given weights, filling the content width. */
export function widthsByWeight(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (w / total) * CONTENT_WIDTH_PT);
}

/** Column widths in proportion to the longest text in each column (header included), within limits. */
export function widthsByContent(
  columns: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): number[] {
  return widthsByWeight(
    columns.map((c, i) => Math.min(40, Math.max(8, c.length, ...rows.map((r) => (r[i] ?? '').length)))),
  );
}

export interface TableOptions {
  columns: readonly string[];
  rows: ReadonlyArray<readonly string[]>;
  /** Column widths in points (see `widthsByWeight`, `widthsByContent`). */
  widthsPt: readonly number[];
  fontSizePt?: number;
  /** Text colour of a body cell; black when absent. */
  cellColour?: (cell: string, column: number) => string;
}

/** A ruled table; the header repeats nothing across pages but rows never split. */
export function table(doc: PDFKit.PDFDocument, options: TableOptions): void {
  const size = options.fontSizePt ?? 7.5;
  const widths = options.widthsPt;
  const ruleWidth = widths.reduce((a, b) => a + b, 0);
  const drawRow = (cells: readonly string[], header: boolean): void => {
    doc.font(header ? FONT.bold : FONT.regular).fontSize(size);
    const heightPt =
      Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 10) - 4 }))) + 4;
    ensureSpace(doc, heightPt);
    const top = doc.y;
    let x = MARGIN_PT;
    cells.forEach((cell, i) => {
      const colour = header ? '#000' : (options.cellColour?.(cell, i) ?? '#000');
      doc.fillColor(colour).text(cell, x + 2, top + 2, { width: (widths[i] ?? 10) - 4 });
      x += widths[i] ?? 0;
    });
    doc
      .moveTo(MARGIN_PT, top + heightPt)
      .lineTo(MARGIN_PT + ruleWidth, top + heightPt)
      .lineWidth(0.3)
      .strokeColor('#999')
      .stroke();
    doc.y = top + heightPt;
  };
  doc.moveDown(0.2);
  drawRow(options.columns, true);
  for (const row of options.rows) drawRow(row, false);
  doc.fillColor('#000');
  doc.x = MARGIN_PT;
}
