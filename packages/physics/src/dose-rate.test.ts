import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { messagesOf } from '@openrgs/outcome';
import {
  ambientDoseEquivalentPerFluencePSvCm2,
  doseRateAt,
  doseRateConstant,
  getDoseRate,
  getNuclide,
  listNuclides,
  type Nuclide,
} from './index.js';

const constant = (name: string) => {
  const c = doseRateConstant(name);
  assert.ok(c.ok, name);
  return c.value;
};

describe('air-kerma rate constants (computed from LNHB lines + NIST μen/ρ air) against published values', () => {
  // research-notes §4.3: Technescan HDP label 0.795 R/h·mCi at 1 cm → 0.0188 µGy/h/MBq at 1 m (8.76 mGy/R).
  test('Tc-99m: 0.0188 µGy·m²/(MBq·h) from the FDA label exposure-rate constant, within 3 %', () => {
    const k = constant('Tc-99m').airKermaRateMicroGyPerHourPerMBqAt1m;
    assert.ok(Math.abs(k / 0.0188 - 1) < 0.03, `${k}`);
  });
  // research-notes §4.3: In-111 label 3.21 R/h per mCi at 1 cm → 0.076 µGy/h/MBq at 1 m.
  test('In-111: 0.076 µGy·m²/(MBq·h) from the FDA label exposure-rate constant, within 2 %', () => {
    const k = constant('In-111').airKermaRateMicroGyPerHourPerMBqAt1m;
    assert.ok(Math.abs(k / 0.076 - 1) < 0.02, `${k}`);
  });
  // research-notes §4.3 "computed here" column (same method, δ = 10 keV), to the digits printed.
  test('reproduces the research-notes §4.3 computed column (Ga-68 0.129, F-18 0.135, Lu-177 0.0041, Cu-64 0.0251, Cs-137 0.077, Co-57 0.0225, I-125 0.035)', () => {
    const expected: [string, number, number][] = [
      ['Ga-68', 0.129, 0.01],
      ['F-18', 0.135, 0.01],
      ['Lu-177', 0.0041, 0.03],
      ['Cu-64', 0.0251, 0.01],
      ['Cs-137', 0.077, 0.01],
      ['Co-57', 0.0225, 0.01],
      ['I-125', 0.035, 0.02],
    ];
    for (const [n, k, tol] of expected) {
      const got = constant(n).airKermaRateMicroGyPerHourPerMBqAt1m;
      assert.ok(Math.abs(got / k - 1) < tol, `${n}: ${got} vs ${k}`);
    }
  });
});

describe('H*(10) rate constants (ICRP 74 H*(10)/Φ)', () => {
  test('ICRP 74 Table A.21 H*(10)/Φ: 0.61 pSv·cm² at 100 keV, 5.20 at 1 MeV, undefined below 10 keV', () => {
    assert.equal(ambientDoseEquivalentPerFluencePSvCm2(100), 0.61);
    assert.equal(ambientDoseEquivalentPerFluencePSvCm2(1000), 5.2);
    assert.equal(ambientDoseEquivalentPerFluencePSvCm2(9.9), undefined);
  });
  // Consistency of the two data sets: for the 662 keV line the ratio H*(10)/Ka must match ICRP 74
  // Table A.21's own H*(10)/Ka column (1.21 Sv/Gy at 0.6 MeV, 1.19 at 0.8 MeV → ≈ 1.20 at 662 keV).
  test('Cs-137: H*(10)/Ka ≈ 1.20 Sv/Gy, as in ICRP 74 Table A.21 at 0.6–0.8 MeV', () => {
    const c = constant('Cs-137');
    const ratio =
      c.ambientDoseEquivalentRateMicroSvPerHourPerMBqAt1m / c.airKermaRateMicroGyPerHourPerMBqAt1m;
    assert.ok(ratio > 1.18 && ratio < 1.22, `${ratio}`);
  });
  // Hand-worked for F-18: 1.9372 photons/decay × H*(10)/Φ(511 keV) = 2.9852 pSv·cm² (log-log between
  // 500 keV 2.93 and 600 keV 3.44: 2.93·(3.44/2.93)^(ln(1.022)/ln(1.2)) = 2.9853); × 10⁶/(4π·10⁴) × 3600 × 10⁻⁶
  // = 0.028648 → 0.16567 µSv·m²/(MBq·h).
  test('F-18: 0.1657 µSv·m²/(MBq·h) (hand-worked from ICRP 74)', () => {
    const h = constant('F-18').ambientDoseEquivalentRateMicroSvPerHourPerMBqAt1m;
    assert.ok(Math.abs(h - 0.16567) < 0.0002, `${h}`);
  });
  test('every nuclide of the table has a constant; all positive', () => {
    for (const n of listNuclides()) {
      const c = constant(n.name);
      assert.ok(c.ambientDoseEquivalentRateMicroSvPerHourPerMBqAt1m > 0, n.name);
      assert.match(c.source, /ICRP 74/);
    }
  });
});

describe('dose rate at a distance', () => {
  test('inverse square: 4× the distance → 1/16 the rate; linear in activity', () => {
    const near = getDoseRate({ nuclide: 'Tc-99m', activityMBq: 500, distanceM: 0.5 });
    const far = getDoseRate({ nuclide: '99mTc', activityMBq: 500, distanceM: 2 });
    assert.ok(Math.abs(near.doseRateMicroSvPerHour / far.doseRateMicroSvPerHour - 16) < 1e-9);
    const double = getDoseRate({ nuclide: 'Tc-99m', activityMBq: 1000, distanceM: 0.5 });
    assert.ok(Math.abs(double.doseRateMicroSvPerHour / near.doseRateMicroSvPerHour - 2) < 1e-12);
  });
  // Brenner 2000 (research-notes §4.4): 30 MBq Tc-99m in a patient, 0.87 µGy/h at 100 cm. A bare
  // source gives 30 × 0.0185 = 0.56 µGy/h air kerma — the same order (the measured value includes
  // scatter); a check of magnitude, not of the constant.
  test('30 MBq Tc-99m at 1 m: 0.5–0.9 µGy/h air kerma (Brenner 2000 measured 0.87 in theatre)', () => {
    const r = getDoseRate({ nuclide: 'Tc-99m', activityMBq: 30, distanceM: 1 });
    assert.ok(r.airKermaRateMicroGyPerHour > 0.5 && r.airKermaRateMicroGyPerHour < 0.9);
  });
  test('unknown nuclide → unknown_nuclide; bad distance or activity → RangeError', () => {
    const r = doseRateAt({ nuclide: 'Zz-1', activityMBq: 1, distanceM: 1 });
    assert.equal(r.ok, false);
    assert.throws(() => doseRateAt({ nuclide: 'F-18', activityMBq: 1, distanceM: 0 }), RangeError);
    assert.throws(() => doseRateAt({ nuclide: 'F-18', activityMBq: -1, distanceM: 1 }), RangeError);
  });
});

describe('a nuclide given as an object: the 10 keV cut-off, the table limits, one constant per nuclide', () => {
  const tc = getNuclide('Tc-99m');
  const withLines = (name: string, lines: [number, number][]): Nuclide => ({
    ...tc,
    name,
    emissions: lines.map(([energyKeV, yieldPerDecay]) => ({
      type: 'gamma',
      energyKeV,
      yieldPerDecay,
      yieldUncertaintyPerDecay: null,
      line: 'g',
      origin: name,
    })),
  });
  // Hand-worked for one 10.000 keV photon per decay (the cut-off itself counts):
  //   H*(10)/Φ(10 keV) = 0.061 pSv·cm² (ICRP 74 Table A.21, first row);
  //   Γ_H = 0.061 × 10⁶/(4π·100²) × 3600 × 10⁻⁶ = 0.061 × 7.95775 × 0.0036 = 0.0017475 µSv·m²/(MBq·h).
  //   μen/ρ of dry air at 10 keV = 4.742 cm²/g (NIST XAAMDI Table 4, air) = 0.4742 m²/kg;
  //   Γδ = 10 keV × 1.602177e-16 J/keV × 0.4742 m²/kg × 10⁶/(4π) m⁻²s⁻¹ × 3600 × 10⁶ = 0.21765 µGy·m²/(MBq·h).
  test('one 10 keV line: Γ_H = 0.0017475 µSv·m²/(MBq·h), Γδ = 0.21765 µGy·m²/(MBq·h) (hand-worked)', () => {
    const c = doseRateConstant(withLines('Test-10keV', [[10, 1]]));
    assert.ok(c.ok);
    assert.equal(c.value.linesUsed, 1);
    assert.equal(c.value.nuclide, 'Test-10keV');
    assert.ok(Math.abs(c.value.ambientDoseEquivalentRateMicroSvPerHourPerMBqAt1m / 0.0017475 - 1) < 1e-4);
    assert.ok(Math.abs(c.value.airKermaRateMicroGyPerHourPerMBqAt1m / 0.21765 - 1) < 1e-4);
  });
  test('lines below 10 keV only → no_dose_rate_constant naming the nuclide', () => {
    assert.deepEqual(doseRateConstant(withLines('Test-low', [[9.99, 1]])), {
      ok: false,
      issues: [
        {
          kind: 'invalid',
          code: 'no_dose_rate_constant',
          message: 'Test-low has no photon line at or above 10 keV',
        },
      ],
    });
  });
  test('a line above the ICRP 74 table (10 MeV) → no_dose_rate_constant naming the line', () => {
    const r = doseRateConstant(
      withLines('Test-high', [
        [140, 1],
        [15000, 0.5],
      ]),
    );
    assert.ok(!r.ok);
    assert.equal(r.issues[0]?.code, 'no_dose_rate_constant');
    assert.match(messagesOf(r.issues), /^Test-high has a line at 15000 keV, outside/);
  });
  test('an object named like a table nuclide gets its own constant, and the table entry keeps its own', () => {
    const fake = doseRateConstant(withLines('Tc-99m', [[10, 1]]));
    assert.ok(fake.ok && fake.value.linesUsed === 1);
    // Tc-99m from the table: 0.0188 µGy·m²/(MBq·h) from the FDA label (first test of this file).
    const real = doseRateConstant('Tc-99m');
    assert.ok(real.ok && Math.abs(real.value.airKermaRateMicroGyPerHourPerMBqAt1m / 0.0188 - 1) < 0.03);
    assert.equal(doseRateConstant(getNuclide('Tc-99m')), real, 'computed once per nuclide');
  });
  test('the constant says what it is and where each half comes from', () => {
    const c = doseRateConstant('Cs-137');
    assert.ok(c.ok);
    assert.match(c.value.quantity, /H\*\(10\) \(µSv\/h\) and air kerma rate \(µGy\/h\) at 1 m from 1 MBq/);
    assert.match(c.value.source, /ICRP 74 Table A\.21/);
    assert.match(c.value.airKermaSource, /NIST XAAMDI μen\/ρ of dry air/);
  });
  test('a bad activity or distance is a RangeError naming it', () => {
    assert.throws(
      () => doseRateAt({ nuclide: 'F-18', activityMBq: -1, distanceM: 1 }),
      /activityMBq must be >= 0/,
    );
    assert.throws(
      () => doseRateAt({ nuclide: 'F-18', activityMBq: 1, distanceM: 0 }),
      /distanceM must be > 0/,
    );
  });
});
