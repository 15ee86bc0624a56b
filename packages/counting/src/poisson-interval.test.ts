import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom, normalCdf, samplePoisson } from '@openrgs/numeric';
import { poissonInterval, poissonLowerLimit, poissonUpperLimit, rateInterval } from './poisson-interval.js';

// Gehrels' column 0.8413 is the Gaussian 1σ level S = 1 exactly: CL = Φ(1) = 0.841344746.
const level = (cl: string): number => (cl === '0.8413' ? normalCdf(1) : Number(cl));

// Gehrels, N. (1986) "Confidence limits for small numbers of events in astrophysical data",
// ApJ 303:336. Table 1 (upper limits) and Table 2 (lower limits), exact Poisson, n = 0..10,
// for confidence levels 0.8413, 0.95 and 0.99 (values as printed, 3–4 significant digits).
// Kept as printed strings: the tolerance is half a unit in the last printed digit.
// Cross-checked on 2026-11-26 against independent public transcriptions (the paper itself is not open
// here): the CL 0.8413 upper and lower columns as copied into several astrophysics codes that cite
// "tables 1+2 of Gehrels 1986"; the CL 0.95 columns and part of the CL 0.99 upper column (n = 0–3 and 5)
// as tabulated exact chi-square limits (0.5·χ²) elsewhere. Every value compared agreed to the printed
// digit; the CL 0.99 lower column was found in no second source and rests on this transcription and
// the exact computation it is tested against.
const GEHRELS_UPPER: Record<string, string[]> = {
  '0.8413': [
    '1.841',
    '3.300',
    '4.638',
    '5.918',
    '7.163',
    '8.382',
    '9.584',
    '10.77',
    '11.95',
    '13.11',
    '14.27',
  ],
  '0.95': ['2.996', '4.744', '6.296', '7.754', '9.154', '10.51', '11.84', '13.15', '14.43', '15.71', '16.96'],
  '0.99': ['4.605', '6.638', '8.406', '10.05', '11.60', '13.11', '14.57', '16.00', '17.40', '18.78', '20.14'],
};
const GEHRELS_LOWER: Record<string, string[]> = {
  '0.8413': [
    '0.000',
    '0.173',
    '0.708',
    '1.367',
    '2.086',
    '2.840',
    '3.620',
    '4.419',
    '5.232',
    '6.057',
    '6.891',
  ],
  '0.95': [
    '0.000',
    '0.0513',
    '0.355',
    '0.818',
    '1.366',
    '1.970',
    '2.613',
    '3.285',
    '3.981',
    '4.695',
    '5.425',
  ],
  '0.99': [
    '0.000',
    '0.0101',
    '0.149',
    '0.436',
    '0.823',
    '1.279',
    '1.785',
    '2.330',
    '2.906',
    '3.507',
    '4.130',
  ],
};

/** |actual - printed| <= half a unit in the printed last digit (plus 1e-9 for float noise). */
function matchesPrinted(actual: number, printed: string): boolean {
  const decimals = printed.split('.')[1]?.length ?? 0;
  return Math.abs(actual - Number(printed)) <= 0.5 * 10 ** -decimals + 1e-9;
}

describe('exact Poisson limits (Garwood 1936)', () => {
  for (const [cl, values] of Object.entries(GEHRELS_UPPER)) {
    test(`upper limits at CL ${cl} match Gehrels 1986 Table 1, n = 0..10`, () => {
      values.forEach((printed, n) => {
        const actual = poissonUpperLimit(n, level(cl));
        assert.ok(matchesPrinted(actual, printed), `n=${n}: ${actual} vs ${printed}`);
      });
    });
  }
  for (const [cl, values] of Object.entries(GEHRELS_LOWER)) {
    test(`lower limits at CL ${cl} match Gehrels 1986 Table 2, n = 0..10`, () => {
      values.forEach((printed, n) => {
        const actual = poissonLowerLimit(n, level(cl));
        assert.ok(matchesPrinted(actual, printed), `n=${n}: ${actual} vs ${printed}`);
      });
    });
  }

  test('hand-worked: n = 0 upper limit is -ln(1-CL); n = 1 lower limit is -ln(CL)', () => {
    // P(X = 0 | μ) = e^-μ = 1 - CL; P(X >= 1 | μ) = 1 - e^-μ = 1 - CL.
    assert.ok(Math.abs(poissonUpperLimit(0, 0.95) - -Math.log(0.05)) < 1e-12);
    assert.ok(Math.abs(poissonLowerLimit(1, 0.95) - -Math.log(0.95)) < 1e-12);
  });

  test('two-sided 95 % interval uses 2.5 % in each tail; rate interval divides by seconds', () => {
    const i = poissonInterval(10, 0.95);
    assert.ok(Math.abs(i.lowCounts - poissonLowerLimit(10, 0.975)) < 1e-12);
    assert.ok(Math.abs(i.highCounts - poissonUpperLimit(10, 0.975)) < 1e-12);
    // Garwood two-sided 95 % for n = 10: 4.795–18.39 (Ulm 1990, Am J Epidemiol 131:373, Table 1).
    assert.ok(Math.abs(i.lowCounts - 4.795) < 0.001 && Math.abs(i.highCounts - 18.39) < 0.01);
    const r = rateInterval(10, 2, 0.95);
    assert.equal(r.rateCps, 5);
    assert.ok(Math.abs(r.rateLowCps - i.lowCounts / 2) < 1e-12);
    // Ulm's 4.795–18.39 counts in 2 s: 2.3975–9.195 cps (upper to half a unit of Ulm's last digit / 2).
    assert.ok(Math.abs(r.rateLowCps - 4.795 / 2) < 0.0005, `rateLowCps ${r.rateLowCps}`);
    assert.ok(Math.abs(r.rateHighCps - 18.39 / 2) < 0.0025, `rateHighCps ${r.rateHighCps}`);
  });

  test('coverage: the 95 % interval covers at least 95 % (exact: conservative) for many means (seeded)', () => {
    const random = createRandom(20260101);
    for (const mean of [0.5, 2, 7.3, 25, 140]) {
      let covered = 0;
      const trials = 4000;
      for (let i = 0; i < trials; i++) {
        const n = samplePoisson(random, mean);
        const { lowCounts, highCounts } = poissonInterval(n, 0.95);
        if (lowCounts <= mean && mean <= highCounts) covered += 1;
      }
      const coverage = covered / trials;
      // Exact coverage is >= 0.95; allow 3 binomial SEs of simulation noise below it.
      assert.ok(
        coverage >= 0.95 - 3 * Math.sqrt((0.95 * 0.05) / trials),
        `mean ${mean}: coverage ${coverage}`,
      );
      assert.ok(coverage < 0.999 || mean < 1, `mean ${mean}: coverage ${coverage} suspiciously high`);
    }
  });

  test('rejects non-integer counts and bad confidence', () => {
    assert.throws(() => poissonUpperLimit(1.5, 0.95), RangeError);
    assert.throws(() => poissonUpperLimit(-1, 0.95), RangeError);
    assert.throws(() => poissonInterval(3, 1), RangeError);
    assert.throws(() => rateInterval(3, 0, 0.95), RangeError);
  });

  test('each refusal names the bad value (negative whole counts, confidence at or below 0, seconds)', () => {
    // Negative whole numbers pass Number.isInteger: the `counts < 0` half of the check must catch them.
    for (const limit of [poissonUpperLimit, poissonLowerLimit]) {
      assert.throws(() => limit(-1, 0.95), {
        name: 'RangeError',
        message: 'counts must be a whole number >= 0, got -1',
      });
      assert.throws(() => limit(2.5, 0.95), { message: 'counts must be a whole number >= 0, got 2.5' });
    }
    // Confidence 0 (the open interval's edge) and below are refused, as is 1 and above.
    for (const confidence of [0, -0.5, 1, 1.2]) {
      for (const limit of [poissonUpperLimit, poissonLowerLimit]) {
        assert.throws(() => limit(3, confidence), {
          name: 'RangeError',
          message: `confidence must be in (0, 1), got ${confidence}`,
        });
      }
    }
    assert.throws(() => rateInterval(3, 0, 0.95), {
      name: 'RangeError',
      message: 'seconds must be > 0, got 0',
    });
    assert.throws(() => rateInterval(3, -2, 0.95), { message: 'seconds must be > 0, got -2' });
  });
});
