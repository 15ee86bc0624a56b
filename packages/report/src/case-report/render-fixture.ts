// A report model written by hand for the renderers' tests (html.test.ts, pdf.test.ts): not built by
// buildReportModel, whose own tests are model.test.ts, so what the renderers print is checked against
// values written here.
import type { ReportModel } from './model.js';

export const handModel = (over: Partial<ReportModel> = {}): ReportModel => ({
  title: 'Case report <RGS-1>',
  subtitle: 'Generated 2026-11-21 09:00',
  synthetic: false,
  facts: [
    ['Patient', `PSN-1 & "Ødegård" 'x'`],
    ['Tracer', 'Tc-99m'],
  ],
  tables: [
    { title: 'Lesions', columns: ['Lesion', 'T/B'], rows: [['node 1', '3.00']], note: 'T/B with 95 % CI' },
    { title: 'Pathology', columns: ['Finding'], rows: [] },
    {
      title: 'Doses',
      columns: ['Role', 'µSv'],
      rows: [
        ['surgeon', '12'],
        ['scrub nurse', '3'],
      ],
    },
  ],
  chart: {
    title: 'T/B per lesion',
    bars: [
      { label: 'node 1', inVivo: { ratio: 3, low: 2.5, high: 4 }, exVivo: { ratio: 6 } },
      { label: 'node 2', inVivo: null, exVivo: { ratio: 1.5, low: 1.2, high: 1.8 } },
    ],
  },
  signOff: 'Signed off by dr.x',
  ...over,
});
