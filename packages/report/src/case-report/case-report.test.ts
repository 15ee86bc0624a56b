import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { exampleCase } from '../example-case.js';
import { renderReportHtml } from './html.js';
import { buildReportModel } from './model.js';
import { renderReportPdf } from './pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'rgs-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the PDF report renders to PNG and its text carries every required part (poppler pdftoppm/pdftotext)', async () => {
  const model = buildReportModel(exampleCase(), { generatedAt: '2026-11-21T09:00:00+01:00' });
  const pdf = await renderReportPdf(model);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const file = join(dir, 'report.pdf');
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(dir, 'page')]);
  const png = readFileSync(join(dir, 'page-1.png'));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  for (const needle of [
    'PSN-7F3A9C', // pseudonymous patient id
    'Tc-99m-EDDA/HYNIC-TOC, 600 MBq', // tracer administration
    'SN-0042', // probe
    'pass (checked', // QC state
    // Background model, each figure to the precision the live screen prints it (≥ 10 cps: one decimal,
    // below 10: two): the evidence line's "limit 58.9 cps" is the same figure here.
    '42.1 ± 5.30 cps (mean ± SD) over 4 sites, normal-tissue limit 58.9 cps',
    'mesenteric node 1', // lesion
    'not-seen', // pre-op imaging status
    '3.33 (2.90–3.80)', // in vivo T/B with CI
    '14.70 (13.20–16.30)', // ex vivo T/B with CI
    'Tumour-bed checks',
    'mesenteric bed',
    'NET G1, Ki-67 2 %', // pathology
    'R0', // resection status
    'surgeon (body, 50 cm)', // staff dose
    'Signed off by dr.surgeon', // sign-off
    'Tumour-to-background ratio per lesion', // chart
  ]) {
    assert.ok(text.includes(needle), `report text lacks "${needle}"`);
  }
});

test('the PDF prints what WinAnsi fonts cannot: ≥ and Φ in the dose source, Cyrillic and accented names (pdftotext)', async () => {
  // The staff-dose source is the physics package's own description of its dose-rate constant; the
  // text below is what it reads (packages/physics/src/dose-rate.ts), with ≥, × and Φ outside WinAnsi.
  const source =
    'Computed: LNHB/DDEP photon lines (yield ≥ 0.1 %, E ≥ 10 keV) × ICRP 74 Table A.21 H*(10)/Φ, bare point source in vacuum, inverse square';
  const base = exampleCase();
  const record = {
    ...base,
    patientPseudonym: 'ПСН-Ødegård-7',
    staffDose: [{ role: 'surgeon (body, 50 cm)', doseMicroSv: 12, source }],
    signOff: { by: 'Анна Łęcka-Müller', role: 'surgeon', at: '2026-11-20T15:00:00+01:00' },
  };
  const pdf = await renderReportPdf(buildReportModel(record, { generatedAt: '2026-11-21T09:00:00+01:00' }));
  const file = join(dir, 'unicode.pdf');
  writeFileSync(file, pdf);
  // Without -layout: the narrow source column wraps, so compare with whitespace folded.
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, ' ');
  for (const needle of [
    'ПСН-Ødegård-7',
    'yield ≥ 0.1 %',
    'E ≥ 10 keV',
    'H*(10)/Φ',
    'Signed off by Анна Łęcka-Müller (surgeon)',
  ]) {
    assert.ok(text.includes(needle), `report text lacks "${needle}"`);
  }
});

test('a configurable decay reference time recomputes the corrected rates through the supplied function', () => {
  const seen: string[] = [];
  const model = buildReportModel(exampleCase(), {
    generatedAt: '2026-11-21T09:00:00+01:00',
    decayReferenceTime: '2026-11-20T08:00:00+01:00',
    decayCorrect: (rate, _measuredAt, reference) => {
      seen.push(reference);
      return rate * 2;
    },
  });
  const measurements = model.tables.find((t) => t.title === 'Measurements');
  assert.equal(measurements?.rows[0]?.[6], '82.4'); // 41.2 cps × 2
  assert.ok(seen.every((r) => r === '2026-11-20T08:00:00+01:00'));
});

test('the HTML view escapes what users typed and marks synthetic cases', () => {
  const record = { ...exampleCase(), label: '<script>alert(1)</script>', synthetic: true };
  const html = renderReportHtml(buildReportModel(record, { generatedAt: '2026-11-21T09:00:00+01:00' }));
  assert.ok(!html.includes('<script>alert(1)'));
  assert.ok(html.includes('&lt;script&gt;'));
  assert.ok(html.includes('SYNTHETIC DEMONSTRATION DATA'));
});

test('flagged, kept and dropped background sites, the provisional state and the confidence are printed (PDF and HTML)', async () => {
  const base = exampleCase();
  const flagged = [
    {
      siteLabel: 'lifted',
      direction: 'low' as const,
      status: 'dropped' as const,
      reason: '0 counts in 5 s where normal tissue gives at least 120 (P = 1e-52)',
    },
    {
      siteLabel: 'kidney side',
      direction: 'high' as const,
      status: 'kept' as const,
      reason: '95 cps against 38 cps at the other sites',
    },
  ];
  const background = {
    meanCps: 38.1,
    sdCps: 7.6,
    sites: 4,
    sitesGiven: 5,
    minimumSites: 6,
    provisional: true,
    thresholdCps: 71.2,
    rule: 'adaptive',
    flagged,
  };
  const record = {
    ...base,
    measurements: base.measurements.map((m) =>
      m.id === 'm4' ? { ...m, confidencePercent: 99.96, provisional: true, background } : m,
    ),
  };
  const model = buildReportModel(record, { generatedAt: '2026-11-21T09:00:00+01:00' });
  const pdf = await renderReportPdf(model);
  const file = join(dir, 'flagged.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, ' ');
  const html = renderReportHtml(model);
  for (const needle of [
    // Rounded down to 0.1 %: 99.96 % reads 99.9 %, never 100 %.
    'positive, 99.9 % sure (provisional)',
    '4 of 5 sites (provisional until 6)',
    "site 'lifted' flagged (too low) dropped: 0 counts in 5 s",
    "site 'kidney side' flagged (too high) kept: 95 cps",
  ]) {
    assert.ok(text.includes(needle), `PDF text lacks "${needle}"`);
    assert.ok(
      html.replace(/\s+/g, ' ').includes(needle.replaceAll("'", '&#39;')) || html.includes(needle),
      `HTML lacks "${needle}"`,
    );
  }
});
