// @openrgs/pdf — the one PDF module: document set-up with an embedded Unicode font, and the layout
// pieces every OpenRGS document uses.
export {
  A4_WIDTH_PT,
  CONTENT_WIDTH_PT,
  createPdfDocument,
  MARGIN_PT,
  type PdfDocument,
  type PdfDocumentOptions,
} from './document.js';
export { FONT, type FontName, fontBytes } from './fonts.js';
export {
  ensureSpace,
  facts,
  heading,
  type ParagraphStyle,
  paragraph,
  type TableOptions,
  table,
  widthsByContent,
  widthsByWeight,
  widthsKeepingWords,
} from './layout.js';
