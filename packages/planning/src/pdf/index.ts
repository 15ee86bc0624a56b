// @openrgs/planning/pdf — the plan sheet as PDF (loads pdfkit; the core package does not).
export { pdfSafe, planSheetPdf } from './plan-sheet.js';
