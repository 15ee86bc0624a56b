// @openrgs/planning/pdf — the plan sheet as PDF (loads pdfkit through @openrgs/pdf; the core package does not).
export { planSheetPdf } from './plan-sheet.js';
