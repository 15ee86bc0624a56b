// The committed JSON must be exactly what the verbatim sources give (no hand edits, no drift), and
// the sources must be self-consistent. This test reads files; the package itself never does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildAttenuationData, buildNuclideData } from './sources/build.js';
import { NUCLIDE_FILES, SECONDS_PER_UNIT } from './sources/catalogue.js';
import { parseLara } from './sources/parse-lara.js';
import { parseNistCsv, snapEdges } from './sources/parse-nist.js';

const dataDir = fileURLToPath(new URL('../data/', import.meta.url));
const read = (sub: string) => (file: string) => readFileSync(`${dataDir}sources/${sub}/${file}`, 'utf8');
const json = (file: string): unknown => JSON.parse(readFileSync(`${dataDir}${file}`, 'utf8'));

describe('data files match their sources', () => {
  test('nuclides.json = build(sources/lara) — rerun scripts/build-data.ts if this fails', () => {
    assert.deepEqual(json('nuclides.json'), buildNuclideData(read('lara')));
  });
  test('attenuation.json = build(sources/nist) — rerun scripts/build-data.ts if this fails', () => {
    assert.deepEqual(json('attenuation.json'), buildAttenuationData(read('nist')));
  });
  test('half-life in seconds agrees with the printed "Half-life (s)" of every LARA file (1 a = 365.2422 d)', () => {
    for (const src of NUCLIDE_FILES) {
      const text = read('lara')(src.file);
      const rec = parseLara(text);
      const seconds = rec.halfLife.value * (SECONDS_PER_UNIT[rec.halfLife.unit] ?? Number.NaN);
      // The printed value (e.g. `574.30E3`) has 3–6 significant digits: agree within half its last digit.
      const printedText = /Half-life \(s\) ; ([^ ;]+)/.exec(text)?.[1] ?? '';
      const printed = rec.halfLifeSecondsPrinted.value;
      const mantissa = printedText.replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
      const tol = 0.5 * 10 ** (Math.floor(Math.log10(printed)) - mantissa.length + 1);
      assert.ok(Math.abs(seconds - printed) <= tol * 1.0001, `${src.name}: ${seconds} vs printed ${printed}`);
    }
  });
});

describe('source parsers', () => {
  test('parseLara reads header, decay modes and typed emissions', () => {
    const rec = parseLara(read('lara')('Cu-64.lara.txt'));
    assert.equal(rec.nuclide, 'Cu-64');
    assert.deepEqual(rec.decayModes, [
      { mode: 'B+, EC', daughter: 'Ni-64', branchPercent: 61.52 },
      { mode: 'B-', daughter: 'Zn-64', branchPercent: 38.48 },
    ]);
    assert.equal(rec.reference, 'LNHB, INEEL - 2011');
    assert.deepEqual(
      rec.emissions.map((e) => e.type),
      ['x-ray', 'x-ray', 'x-ray', 'x-ray', 'annihilation', 'gamma'],
    );
  });
  test('parseLara rejects an unknown emission label and a non-numeric energy', () => {
    const good = read('lara')('F-18.lara.txt');
    assert.throws(() => parseLara(good.replace('g511', 'zz')), /unknown LARA emission type/);
    assert.throws(() => parseLara(good.replace('511 ;', '5x1 ;')), /not a number/);
  });
  test('parseNistCsv rejects malformed, negative and unsorted rows', () => {
    assert.throws(
      () => parseNistCsv('1.0e-03,1,2\n2.0e-03,x,1'),
      /line 2: massAttenuationCm2PerG 'x' is not a number/,
    );
    assert.throws(
      () => parseNistCsv('# MeV, cm2/g, cm2/g\n1.0e-03,1,2\n2.0e-03,1'),
      /line 3: 2 fields, expected 3/,
    );
    assert.throws(
      () => parseNistCsv('1.0e-03,-1,2'),
      /line 1: massAttenuationCm2PerG '-1' must be greater than 0/,
    );
    assert.throws(() => parseNistCsv('1.0e-03,"1,2'), /line 1: a quoted field is not closed/);
    assert.throws(() => parseNistCsv('2.0e-03,1,2\n1.0e-03,1,2'), /not sorted/);
  });
  test('snapEdges moves a rounded edge pair to the NIST energy and refuses unknown pairs', () => {
    const rows = parseNistCsv(
      '8.000e-02,2.419,1.9\n8.800e-02,1.910,1.4\n8.800e-02,7.683,2.1\n1.0e-01,5.549,1.9',
    );
    const snapped = snapEdges(rows, [{ element: 'Pb', shell: 'K', energyKeV: 88.0045 }]);
    assert.deepEqual(
      snapped.map((r) => r.energyKeV),
      [80, 88.0045, 88.0045, 100],
    );
    assert.throws(() => snapEdges(rows, []), /matches 0 listed edges/);
    assert.throws(
      () =>
        snapEdges(rows, [
          { element: 'Pb', shell: 'K', energyKeV: 88.0045 },
          { element: 'X', shell: 'K', energyKeV: 50 },
        ]),
      /not found in the table/,
    );
  });
});
