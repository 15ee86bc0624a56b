// One way to start a document: A4 portrait, the embedded Unicode font registered and selected, the
// bytes collected into one Buffer when the caller ends the document.
import PDFDocument from 'pdfkit';
import { FONT, type FontName, fontBytes } from './fonts.js';

export const A4_WIDTH_PT = 595.28;
export const MARGIN_PT = 40;
export const CONTENT_WIDTH_PT = A4_WIDTH_PT - 2 * MARGIN_PT;

export interface PdfDocumentOptions {
  title: string;
  /** Person or system named as author in the document information (a name, never an internal id). */
  author?: string;
}

export interface PdfDocument {
  doc: PDFKit.PDFDocument;
  /** Resolves with the PDF bytes once `doc.end()` has been called. */
  bytes: Promise<Buffer>;
}

export function createPdfDocument(options: PdfDocumentOptions): PdfDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN_PT,
    info: {
      Title: options.title,
      Producer: 'OpenRGS',
      ...(options.author === undefined ? {} : { Author: options.author }),
    },
  });
  for (const name of Object.values(FONT) as FontName[]) doc.registerFont(name, fontBytes(name));
  doc.font(FONT.regular);
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}
