import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messagesOf } from '@openrgs/outcome';
import { findNuclide, getNuclide, listNuclides, nuclideKey, PhysicsError, selectEmissions } from './index.js';

const HOUR = 3600;
const DAY = 86400;
const YEAR = 365.2422 * DAY;

/** |a/b − 1| ≤ tol */
function assertRel(actual: number, expected: number, tol: number, what: string): void {
  const rel = Math.abs(actual / expected - 1);
  assert.ok(rel <= tol, `${what}: ${actual} vs ${expected} (${(rel * 100).toFixed(3)} % > ${tol * 100} %)`);
}

describe('half-lives (to 0.1 %)', () => {
  // LNHB/DDEP recommended values as printed in the Laraweb files, also listed in
  // /work/shared/domain/research-notes.md §4.1.
  const lnhb: [string, number, string][] = [
    ['Tc-99m', 6.0067 * HOUR, 'LNHB, KRI 2004: 6.0067 h'],
    ['In-111', 2.8049 * DAY, 'KRI 2006: 2.8049 d'],
    ['Ga-68', 67.83 * 60, 'LNHB, PTB 2011: 67.83 min'],
    ['F-18', 109.73 * 60, 'LNHB, KRI 2014: 1.82890 h = 109.73 min'],
    ['Lu-177', 6.647 * DAY, 'ANL 2003: 6.647 d'],
    ['I-125', 59.388 * DAY, 'CEA/LNE-LNHB 2010: 59.388 d'],
    ['I-131', 8.0233 * DAY, 'CEA/LNE-LNHB 2014: 8.0233 d'],
    ['Co-57', 271.81 * DAY, 'KRI 2014: 271.81 d'],
    ['Cs-137', 30.018 * YEAR, 'CEA/LNE-LNHB 2023: 30.018 a'],
    ['Ba-133', 10.539 * YEAR, 'KRI 2015: 10.539 a'],
    ['Cu-64', 12.7004 * HOUR, 'LNHB, INEEL 2011: 12.7004 h'],
    ['I-129', 16.1e6 * YEAR, 'KRI 2003: 16.1e6 a'],
  ];
  for (const [name, seconds, source] of lnhb) {
    test(`${name} matches ${source}`, () => {
      assertRel(getNuclide(name).halfLifeSeconds, seconds, 0.001, name);
    });
  }
  // Independent evaluations (research-notes §4.1 cross-checks): agreement within 0.1 % too.
  test('Tc-99m agrees with NNDC ENSDF 2017 (6.0072 h)', () => {
    assertRel(getNuclide('Tc-99m').halfLifeSeconds, 6.0072 * HOUR, 0.001, 'Tc-99m');
  });
  test('In-111 agrees with ChemLin/ENSDF (2.8047 d)', () => {
    assertRel(getNuclide('In-111').halfLifeSeconds, 2.8047 * DAY, 0.001, 'In-111');
  });
  test('F-18 agrees with Ph. Eur. 5.7 (109.77 min)', () => {
    assertRel(getNuclide('F-18').halfLifeSeconds, 109.77 * 60, 0.001, 'F-18');
  });
});

describe('photon emissions (LNHB Laraweb lines)', () => {
  const line = (name: string, energyKeV: number) => {
    const e = getNuclide(name).emissions.find((x) => Math.abs(x.energyKeV - energyKeV) < 0.01);
    assert.ok(e, `${name} has a line at ${energyKeV} keV`);
    return e;
  };
  test('Tc-99m 140.511 keV gamma, 88.5 % (LNHB, KRI 2004)', () => {
    const e = line('Tc-99m', 140.511);
    assert.equal(e.type, 'gamma');
    assert.equal(e.yieldPerDecay, 0.885);
  });
  test('Tc-99m Tc K X-rays: Kα1 18.3672 keV 4.21 %, typed x-ray', () => {
    const e = line('Tc-99m', 18.3672);
    assert.equal(e.type, 'x-ray');
    assert.equal(e.yieldPerDecay, 0.0421);
  });
  test('In-111 171.28 keV 90.61 % and 245.35 keV 94.12 % (KRI 2006)', () => {
    assert.equal(line('In-111', 171.28).yieldPerDecay, 0.9061);
    assert.equal(line('In-111', 245.35).yieldPerDecay, 0.9412);
  });
  test('Ga-68: 511 keV annihilation 177.8 % → β+ 88.9 %; 1077.34 keV 3.235 % (LNHB, PTB 2011)', () => {
    const ga = getNuclide('Ga-68');
    const ann = line('Ga-68', 511);
    assert.equal(ann.type, 'annihilation');
    assert.equal(ann.yieldPerDecay, 1.778);
    assert.equal(ga.betaPlusPerDecay, 0.889);
    assert.equal(line('Ga-68', 1077.34).yieldPerDecay, 0.03235);
  });
  test('F-18 β+ 96.86 % (511 keV 193.72 %, LNHB KRI 2014); Cu-64 β+ 17.52 % (35.04 %)', () => {
    assert.equal(getNuclide('F-18').betaPlusPerDecay, 0.9686);
    assert.equal(getNuclide('Cu-64').betaPlusPerDecay, 0.1752);
  });
  test('no β+ for single-photon nuclides', () => {
    for (const n of ['Tc-99m', 'In-111', 'Lu-177', 'I-125', 'I-131', 'Co-57', 'Cs-137', 'Ba-133', 'I-129'])
      assert.equal(getNuclide(n).betaPlusPerDecay, 0, n);
  });
  test('Cs-137 661.6553 keV 85.01 % per Cs-137 decay (Ba-137m in equilibrium, LNHB 2023)', () => {
    assert.equal(line('Cs-137', 661.6553).yieldPerDecay, 0.8501);
  });
  test('yield cut: nothing below 0.1 % per decay (Tc-99m 142.683 keV, 0.023 %, is left out)', () => {
    for (const n of listNuclides()) for (const e of n.emissions) assert.ok(e.yieldPerDecay >= 0.001, n.name);
    assert.equal(
      getNuclide('Tc-99m').emissions.some((e) => e.energyKeV === 142.683),
      false,
    );
  });
  test('emissions sorted by energy, every source names its evaluation', () => {
    for (const n of listNuclides()) {
      const energies = n.emissions.map((e) => e.energyKeV);
      assert.deepEqual(
        energies,
        [...energies].sort((a, b) => a - b),
        n.name,
      );
      assert.match(n.source.evaluation, /\d{4}/);
    }
  });
  test('selectEmissions filters by energy, yield and type', () => {
    const tc = getNuclide('Tc-99m');
    assert.deepEqual(
      selectEmissions(tc, { minEnergyKeV: 100 }).map((e) => e.energyKeV),
      [140.511],
    );
    assert.equal(selectEmissions(tc, { types: ['x-ray'] }).length, 5);
    assert.equal(selectEmissions(tc, { minYieldPerDecay: 0.5 }).length, 1);
  });
});

describe('names and aliases', () => {
  test('Tc-99m, 99mTc, Tc99m, tc-99m, TC99M, 99m-Tc, Tc 99m, technetium-99m all find Tc-99m', () => {
    for (const alias of [
      'Tc-99m',
      '99mTc',
      'Tc99m',
      'tc-99m',
      'TC99M',
      '99m-Tc',
      'Tc 99m',
      ' technetium-99m ',
    ])
      assert.equal(getNuclide(alias).name, 'Tc-99m', alias);
  });
  test('every nuclide is found by every alias form', () => {
    for (const n of listNuclides()) {
      const [sym, mass] = n.name.split('-') as [string, string];
      for (const alias of [
        n.name,
        n.name.toLowerCase(),
        n.name.toUpperCase(),
        `${mass}${sym}`,
        `${sym}${mass}`,
      ])
        assert.equal(getNuclide(alias).name, n.name, alias);
    }
  });
  test('Tc-99 (ground state) is not Tc-99m', () => {
    const r = findNuclide('Tc-99');
    assert.equal(r.ok, false);
  });
  test('unknown nuclide → failure value naming it; getNuclide throws PhysicsError', () => {
    const r = findNuclide('Xx-999');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.issues[0]?.code, 'unknown_nuclide');
      assert.match(messagesOf(r.issues), /Xx-999/);
    }
    assert.throws(() => getNuclide('banana'), PhysicsError);
  });
  test('nuclideKey normalises or returns undefined', () => {
    assert.equal(nuclideKey('99mTc'), 'tc-99m');
    assert.equal(nuclideKey('Lu177'), 'lu-177');
    assert.equal(nuclideKey('hello'), undefined);
    assert.equal(nuclideKey(''), undefined);
  });
});
