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

/** Padding a table cell leaves on its left and right together (see `table`), points. */
const CELL_PADDING_PT = 4;

/**
 * Column widths as `widthsByContent`, but no column narrower than its longest word in the font the table
 * draws it in (bold for the header), so a word such as "background" is never broken across lines; the
 * other columns share what is left in proportion to their content. When even the words do not fit the
 * page, every column gets its word width scaled down alike.
 */
export function widthsKeepingWords(
  doc: PDFKit.PDFDocument,
  columns: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  fontSizePt = 7.5,
): number[] {
  const widest = (font: string, texts: readonly string[]): number => {
    doc.font(font).fontSize(fontSizePt);
    let max = 0;
    for (const text of texts)
      for (const word of text.split(/\s+/)) if (word) max = Math.max(max, doc.widthOfString(word));
    return max;
  };
  const minimum = columns.map(
    (c, i) =>
      Math.max(
        widest(FONT.bold, [c]),
        widest(
          FONT.regular,
          rows.map((r) => r[i] ?? ''),
        ),
      ) +
      CELL_PADDING_PT +
      0.5,
  );
  const totalMinimum = minimum.reduce((a, b) => a + b, 0);
  if (totalMinimum >= CONTENT_WIDTH_PT) return minimum.map((m) => (m / totalMinimum) * CONTENT_WIDTH_PT);
  const weights = widthsByContent(columns, rows);
  const pinned = new Set<number>();
  for (;;) {
    const free = CONTENT_WIDTH_PT - [...pinned].reduce((a, i) => a + (minimum[i] ?? 0), 0);
    const freeWeight = weights.reduce((a, w, i) => (pinned.has(i) ? a : a + w), 0);
    const widths = weights.map((w, i) => (pinned.has(i) ? (minimum[i] ?? 0) : (w / freeWeight) * free));
    const short = widths.findIndex((w, i) => !pinned.has(i) && w < (minimum[i] ?? 0));
    if (short < 0) return widths;
    pinned.add(short);
  }
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
