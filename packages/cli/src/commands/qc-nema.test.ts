import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { EXAMPLE_FILES } from '@openrgs/qc';
import { runCli } from '../test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'rgs-qc-nema-'));
after(() => rmSync(dir, { recursive: true, force: true }));
for (const [name, make] of Object.entries(EXAMPLE_FILES)) writeFileSync(join(dir, name), make());
// Gaussian σ = 3 mm sampled every 0.5 mm: FWHM = 2.35482σ = 7.0645 mm, FWTM = 4.29193σ = 12.876 mm.
const gauss = ['positionMm,counts'];
for (let x = -20; x <= 20; x += 0.5) gauss.push(`${x},${(1000 * Math.exp(-(x * x) / 18)).toFixed(3)}`);
writeFileSync(join(dir, 'gauss.csv'), `${gauss.join('\n')}\n`);
writeFileSync(join(dir, 'bad.csv'), 'positionMm,counts\n0,10\n1,12\n2,twelve\n');

async function nema(argv: string[]) {
  const run = await runCli(['qc', 'nema', ...argv, '--json'], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe('rgs qc nema', () => {
  test('resolution of a Gaussian σ = 3 mm → { fwhmMm: 7.0645, fwtmMm: 12.876 } within 0.2 %', async () => {
    const r = await nema(['resolution', '--data', 'gauss.csv']);
    assert.ok(Math.abs((r.fwhmMm as number) / 7.06446 - 1) < 2e-3, `${r.fwhmMm}`);
    assert.ok(Math.abs((r.fwtmMm as number) / 12.8758 - 1) < 2e-3, `${r.fwtmMm}`);
  });

  test('angular (example σ = 14°) → fwhmDeg within 3 % of 32.97°', async () => {
    const r = await nema(['angular', '--data', 'angular.csv', '--background', 'edges:3']);
    assert.ok(Math.abs((r.fwhmDeg as number) / 32.967 - 1) < 0.03);
  });

  test('count-rate (paralysable τ = 4 µs) → { deadTimeSeconds, model, rateAt20PercentLossCps }', async () => {
    const r = await nema(['count-rate', '--data', 'count-rate.csv']);
    assert.equal(r.model, 'paralysable');
    assert.ok(Math.abs((r.deadTimeSeconds as number) / 4e-6 - 1) < 0.03);
    assert.ok(Math.abs((r.rateAt20PercentLossCps as number) / 55786 - 1) < 0.03);
  });

  test('shielding → side and back percent; sensitivity and energy run with their options', async () => {
    const s = await nema(['shielding', '--data', 'shielding.csv']);
    assert.ok((s.sideShieldingPercent as number) > 99.9 && (s.sideShieldingPercent as number) < 99.96);
    const sens = await nema([
      'sensitivity',
      '--data',
      'sensitivity.csv',
      '--medium',
      'air',
      '--source-activity-mbq',
      '1',
      '--background-cps',
      '2',
      '--nuclide',
      'Tc-99m',
    ]);
    assert.ok(Math.abs((sens.sensitivityCpsPerMBq as number) / 12000 - 1) < 0.01);
    const e = await nema(['energy', '--data', 'energy.csv', '--window-kev', '110,170']);
    assert.ok(Math.abs((e.resolutionPercent as number) - 9) < 0.3);
  });

  test('--out writes a PDF report', async () => {
    const r = await nema([
      'resolution',
      '--data',
      'resolution.csv',
      '--out',
      'res.pdf',
      '--probe-serial',
      'SN-1',
    ]);
    assert.equal(r.reportPdf, 'res.pdf');
    assert.equal(readFileSync(join(dir, 'res.pdf')).subarray(0, 5).toString(), '%PDF-');
  });

  test('bad CSV is refused with the file and line named; unknown test, missing file and missing options too', async () => {
    const bad = await runCli(['qc', 'nema', 'resolution', '--data', 'bad.csv'], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad\.csv: line 4: counts 'twelve' is not a number/);
    const header = await runCli(['qc', 'nema', 'angular', '--data', 'gauss.csv'], { cwd: dir });
    assert.match(header.stderr, /line 1: unknown column 'positionMm'/);
    const unknown = await runCli(['qc', 'nema', 'uniformity', '--data', 'gauss.csv'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown test 'uniformity'/);
    const missing = await runCli(['qc', 'nema', 'resolution', '--data', 'nope.csv'], { cwd: dir });
    assert.match(missing.stderr, /cannot read 'nope\.csv'/);
    const sens = await runCli(['qc', 'nema', 'sensitivity', '--data', 'sensitivity.csv', '--medium', 'air'], {
      cwd: dir,
    });
    assert.match(sens.stderr, /--source-activity-mbq is required/);
    const bg = await runCli(['qc', 'nema', 'resolution', '--data', 'gauss.csv', '--background', 'edges:x'], {
      cwd: dir,
    });
    assert.match(bg.stderr, /--background: 'edges:x'/);
  });

  test('text output carries the widths and the standard reference', async () => {
    const run = await runCli(['qc', 'nema', 'resolution', '--data', 'gauss.csv'], { cwd: dir });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /FWHM\s+7\.06/);
    assert.match(run.stdout, /NEMA NU 3-2004/);
  });
});
