import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { controlChart } from './control-chart.js';
import { compareWithReferences } from './criteria.js';
import {
  exampleAngularCsv,
  exampleCountRateCsv,
  exampleEnergyCsv,
  exampleResolutionCsv,
  exampleSensitivityCsv,
  exampleShieldingCsv,
} from './example-data.js';
import { analyseNemaCsv, type NemaTestResult } from './nema-tests.js';
import { renderQcReportPdf } from './pdf-report.js';

// The example sets are generated from stated truths with seeded Poisson noise (example-data.ts);
// each result is checked against its truth within a tolerance that counting noise explains.
const EDGES = { background: { kind: 'edges', points: 3 } } as const;

type ResultOf<T extends NemaTestResult['test']> = NemaTestResult extends infer R
  ? R extends { test: infer U }
    ? T extends U
      ? R
      : never
    : never
  : never;

function get<T extends NemaTestResult['test']>(r: ReturnType<typeof analyseNemaCsv>, test: T): ResultOf<T> {
  assert.ok(r.ok, r.ok ? '' : r.issues[0]?.message);
  assert.equal(r.value.test, test);
  return r.value as ResultOf<T>;
}

describe('analyseNemaCsv on the example sets', () => {
  test('resolution: σ = 8 mm → FWHM 18.84 mm, FWTM 34.34 mm (within 3 %), reference names the NU 3 test', () => {
    const r = get(analyseNemaCsv('resolution', exampleResolutionCsv(), EDGES), 'resolution');
    assert.ok(Math.abs(r.fwhm / (8 * 2.35482) - 1) < 0.03, `${r.fwhm}`);
    assert.ok(Math.abs(r.fwtm! / (8 * 4.29193) - 1) < 0.03, `${r.fwtm}`);
    assert.equal(r.reference.test, 'Spatial resolution in scattering medium');
    assert.equal(r.reference.clauseNumberVerified, false);
  });

  test('angular: σ = 14° → FWHM 32.97° (within 3 %)', () => {
    const r = get(analyseNemaCsv('angular', exampleAngularCsv(), EDGES), 'angular');
    assert.ok(Math.abs(r.fwhm / (14 * 2.35482) - 1) < 0.03, `${r.fwhm}`);
  });

  test('count-rate: paralysable τ = 4 µs → τ within 3 %, 20 % loss near 55,786 cps', () => {
    const r = get(analyseNemaCsv('count-rate', exampleCountRateCsv()), 'count-rate');
    assert.equal(r.model, 'paralysable');
    assert.ok(Math.abs(r.deadTimeSeconds / 4e-6 - 1) < 0.03, `${r.deadTimeSeconds}`);
    assert.ok(Math.abs(r.rateAt20PercentLossCps / 55786 - 1) < 0.03);
  });

  test('shielding: worst side leak 0.05 % → 99.95 %, back 0.01 % → 99.99 % (within the 95 % interval)', () => {
    const r = get(analyseNemaCsv('shielding', exampleShieldingCsv()), 'shielding');
    const side = r.analysis.worstSide!;
    assert.ok(
      side.shielding95Percent[0] <= 99.95 && 99.95 <= side.shielding95Percent[1],
      JSON.stringify(side),
    );
    assert.ok(Math.abs(r.backShieldingPercent! - 99.99) < 0.005);
  });

  test('sensitivity in air with decay over 8 min of counts: 12,000 cps/MBq at 10 mm (within 1 %)', () => {
    const r = get(
      analyseNemaCsv('sensitivity', exampleSensitivityCsv(), {
        sensitivity: {
          medium: 'air',
          sourceActivityMBq: 1,
          halfLifeSeconds: 6.0067 * 3600,
          backgroundCps: 2,
        },
      }),
      'sensitivity',
    );
    assert.ok(Math.abs(r.analysis.atSmallestDistance.sensitivityCpsPerMBq / 12000 - 1) < 0.01);
    // At 100 mm (5th count, started 480 s after the reference) the truth is 12,000·0.1^1.7 = 239.4 cps/MBq.
    // Its 10 s count expects 239.4 · 2^(−480/21,624) · 10 ≈ 2,357 source counts + 20 background, so
    // Poisson noise alone is √2,377 / 2,357 ≈ 2.1 % (one SD): the check allows 3 SD, 6.2 %.
    const far = r.analysis.rows.at(-1)!;
    const sourceCounts = 12000 * 0.1 ** 1.7 * 2 ** (-480 / (6.0067 * 3600)) * 10;
    const threeSd = (3 * Math.sqrt(sourceCounts + 20)) / sourceCounts;
    assert.ok(
      Math.abs(far.sensitivityCpsPerMBq / (12000 * 0.1 ** 1.7) - 1) < threeSd,
      `${far.sensitivityCpsPerMBq} (allowed ±${(threeSd * 100).toFixed(1)} %)`,
    );
  });

  test('energy: 9 % at 140.5 keV (within 0.3 points) with the window 110–170 keV', () => {
    const r = get(
      analyseNemaCsv('energy', exampleEnergyCsv(), { windowKeV: [110, 170], background: { kind: 'none' } }),
      'energy',
    );
    assert.ok(Math.abs(r.analysis.resolutionPercent - 9) < 0.3, `${r.analysis.resolutionPercent}`);
  });

  test('sensitivity without its options is refused; bad CSV names the line', () => {
    assert.equal(analyseNemaCsv('sensitivity', exampleSensitivityCsv()).ok, false);
    const bad = analyseNemaCsv('resolution', 'positionMm,counts\n0,1\n1,x\n');
    assert.ok(!bad.ok && bad.issues[0]?.line === 3);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'rgs-qc-pdf-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('PDF report of a full test set renders and carries each test, its reference and the verdicts (poppler pdftotext)', async () => {
  const resolution = get(analyseNemaCsv('resolution', exampleResolutionCsv(), EDGES), 'resolution');
  const tests = [
    resolution,
    get(analyseNemaCsv('angular', exampleAngularCsv(), EDGES), 'angular'),
    get(analyseNemaCsv('count-rate', exampleCountRateCsv()), 'count-rate'),
    get(analyseNemaCsv('shielding', exampleShieldingCsv()), 'shielding'),
    get(
      analyseNemaCsv('sensitivity', exampleSensitivityCsv(), {
        sensitivity: {
          medium: 'air',
          sourceActivityMBq: 1,
          halfLifeSeconds: 6.0067 * 3600,
          backgroundCps: 2,
        },
      }),
      'sensitivity',
    ),
    get(
      analyseNemaCsv('energy', exampleEnergyCsv(), { windowKeV: [110, 170], background: { kind: 'none' } }),
      'energy',
    ),
  ];
  const comparison = compareWithReferences({
    measured: {
      sensitivityCpsPerMBq: 12000,
      spatialFwhmMm: resolution.fwhm,
      angularFwhmDeg: 45,
    },
    baseline: { sensitivityCpsPerMBq: 12500 },
    manufacturer: { sensitivityCpsPerMBq: 20000 },
  });
  const chart = controlChart(
    Array.from({ length: 25 }, (_, i) => ({
      atMs: Date.UTC(2026, 0, 1 + i),
      value: i === 24 ? 9 : ((i * 7) % 5) - 2,
    })),
    { tolerance: { warnPercent: 5, failPercent: 10 } },
  );
  assert.ok(chart.ok);
  const pdf = await renderQcReportPdf({
    probe: {
      model: 'Example CZT probe',
      serial: 'SN-QC-0007',
      detector: 'CdZnTe 5 mm',
      collimator: 'tungsten 40 deg',
    },
    performedAt: '2026-11-26T09:00:00+01:00',
    performedBy: 'Ёлка Ångström-Łukasiewicz', // Cyrillic and accented name: must print as typed
    tests,
    comparison,
    constancyChart: chart.value,
    software: 'OpenRGS qc test',
  });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const file = join(dir, 'qc.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).toString('utf8');
  for (const needle of [
    'SN-QC-0007',
    'by Ёлка Ångström-Łukasiewicz',
    'µs', // dead time in microseconds (once printed "us": WinAnsi fonts had no µ in this path)
    '+3σ', // control-chart action limit
    'Spatial resolution',
    'Angular resolution',
    'Count-rate capability',
    'Side and back shielding',
    'Sensitivity in air',
    'Energy resolution',
    'NEMA NU 3-2004',
    'clause number not verified',
    'half maximum',
    'Western Electric rule 1',
    'Klinikum Augsburg',
  ]) {
    assert.ok(text.includes(needle), `PDF text lacks '${needle}'`);
  }
  // angular FWHM 45° fails the < 40° criterion: shown as NO.
  assert.match(text, /angular FWHM \(deg\)\s+45\s+< 40\s+NO/);
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, join(dir, 'page')]);
});
