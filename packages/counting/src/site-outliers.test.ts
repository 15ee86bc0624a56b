import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import poissonCdf from '@stdlib/stats-base-dists-poisson-cdf';
import { flagOutlyingSites, logSiteRate, PLAUSIBLE_LOG_SD } from './site-outliers.js';

// Hand-worked leave-one-out examples of the method in the header of site-outliers.ts. Every number below was
// worked in Python 3 (statistics.NormalDist for z, Poisson tails summed term by term from lgamma), never with
// this package; the tails are checked again here against @stdlib's Poisson CDF.
//   σ = √ln(1 + 0.5²) = 0.4723807 (CV 50 %), z(1 − 0.01/2) = 2.5758293 (Abramowitz & Stegun Table 26.5).
//   Five sites of 1000 counts in 10 s: ln((1000 + ½)/10) = ln 100.05 each, so the others' median is 100.05 cps.
//   Half width with 5 others: 2.5758293 · 0.4723807 · √(1 + π/10) = 1.3948684, so normal tissue lies in
//   100.05 · e^(∓1.3948684) = 24.798957 … 403.646102 cps; with 4 others √(1 + π/8) gives 23.800933 … 420.571859.

const close = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${what}: ${actual} vs ${expected}`,
  );

const five = Array.from({ length: 5 }, (_, i) => ({
  counts: 1000,
  durationSeconds: 10,
  siteLabel: `liver ${i + 1}`,
}));

describe('flagOutlyingSites — leave-one-out test of each background site against the others', () => {
  test('constants: the plausible spread is CV 50 %, a site rate carries a half count', () => {
    close(PLAUSIBLE_LOG_SD, 0.4723807, 1e-7, 'σ');
    // (0 + ½)/2 s = 0.25 cps: ln 0.25 = −1.3862944; (9 + ½)/2 s = 4.75 cps: ln 4.75 = 1.5581446.
    close(logSiteRate({ counts: 0, durationSeconds: 2 }), -1.3862944, 1e-7, 'ln rate of 0 counts');
    close(logSiteRate({ counts: 9, durationSeconds: 2 }), 1.5581446, 1e-7, 'ln rate of 9 counts');
  });

  test('a lifted probe: zero counts in 10 s among five sites at 100 cps, flagged low with every field', () => {
    // At the near edge, 24.798957 cps · 10 s = 247.98957 counts expected: P(X ≤ 0) = e^−247.98957 = 1.99295e-108.
    const flags = flagOutlyingSites([...five, { counts: 0, durationSeconds: 10 }], {});
    assert.equal(flags.length, 1, JSON.stringify(flags));
    const f = flags[0]!;
    assert.equal(f.index, 5);
    assert.equal(f.siteLabel, 'site 6');
    assert.equal(f.direction, 'low');
    assert.equal(f.rateCps, 0);
    close(f.othersMedianCps, 100.05, 1e-12, 'median');
    close(f.plausibleLowCps, 24.798957, 1e-7, 'low edge');
    close(f.plausibleHighCps, 403.646102, 1e-7, 'high edge');
    close(f.tailProbability, 1.99295e-108, 1e-5, 'P');
    close(f.tailProbability, poissonCdf(0, 247.98957), 1e-5, 'P (@stdlib)');
    assert.equal(
      f.reason,
      'zero counts in 10.0 s where the other sites (median 100 cps) make normal tissue at least 24.8 cps — probe lifted or off tissue? (P = < 1e-6)',
    );
  });

  test('too few counts (not zero): 180 in 10 s among four sites at 100 cps', () => {
    // Four others: low edge 23.800933 cps, 238.00933 counts expected; P(X ≤ 180) = 5.13693e-5 < 0.001.
    const sites = [...five.slice(0, 4), { counts: 180, durationSeconds: 10, siteLabel: 'probe tilted' }];
    const flags = flagOutlyingSites(sites, {});
    assert.equal(flags.length, 1, JSON.stringify(flags));
    const f = flags[0]!;
    assert.deepEqual([f.index, f.siteLabel, f.direction, f.rateCps], [4, 'probe tilted', 'low', 18]);
    close(f.plausibleLowCps, 23.800933, 1e-7, 'low edge');
    close(f.plausibleHighCps, 420.571859, 1e-7, 'high edge');
    close(f.tailProbability, 5.13693e-5, 1e-5, 'P');
    close(f.tailProbability, poissonCdf(180, 238.00933), 1e-6, 'P (@stdlib)');
    assert.equal(
      f.reason,
      '180 counts (18.0 cps) in 10.0 s where the other sites (median 100 cps) make normal tissue at least 23.8 cps — probe lifted or off tissue? (P = 0.000051)',
    );
  });

  test('too many counts: 100 cps where four sites at 20.4 cps make at most 85.6 cps', () => {
    // Four sites of 81 counts in 4 s: (81 + ½)/4 = 20.375 cps. Half width with 4 others
    // 2.5758293 · 0.4723807 · √(1 + π/8) = 1.4359453: high edge 20.375 · e^1.4359453 = 85.648692 cps,
    // 428.24346 counts in 5 s; P(X ≥ 500) = 3.87236e-4 < 0.001.
    const sites = [
      ...Array.from({ length: 4 }, () => ({ counts: 81, durationSeconds: 4 })),
      { counts: 500, durationSeconds: 5 },
    ];
    const flags = flagOutlyingSites(sites, {});
    assert.equal(flags.length, 1, JSON.stringify(flags));
    const f = flags[0]!;
    assert.deepEqual([f.index, f.siteLabel, f.direction, f.rateCps], [4, 'site 5', 'high', 100]);
    close(f.othersMedianCps, 20.375, 1e-12, 'median');
    close(f.plausibleLowCps, 4.847017, 1e-6, 'low edge');
    close(f.plausibleHighCps, 85.648692, 1e-7, 'high edge');
    close(f.tailProbability, 3.87236e-4, 1e-5, 'P');
    close(f.tailProbability, 1 - poissonCdf(499, 428.24346), 1e-5, 'P (@stdlib)');
    assert.equal(
      f.reason,
      '100 cps where the other sites (median 20.4 cps) make normal tissue at most 85.6 cps — over an organ or a lesion? (P = 0.00039)',
    );
  });

  test('the median of the others is robust and is the middle of the sorted values', () => {
    // Sites at 300, 50, 200, 100 counts in 10 s and a lifted one. For the lifted site the others are
    // 30.05, 5.05, 20.05, 10.05 cps: sorted, the middle two are 10.05 and 20.05, median √(10.05 · 20.05) =
    // 14.195158 cps (the mean of the middle ln rates). Its low edge 14.195158 · e^−1.4359453 = 3.376891 cps:
    // P(X ≤ 0 | 33.76891) = e^−33.76891 = 2.15947e-15. No other site is flagged (the 300-count site's
    // P(X ≥ 300 | 299.46898) = 0.495: its others' median is √(5.05 · 10.05) = 7.124079 cps).
    const sites = [300, 50, 200, 100, 0].map((counts) => ({ counts, durationSeconds: 10 }));
    const flags = flagOutlyingSites(sites, {});
    assert.deepEqual(
      flags.map((f) => [f.index, f.direction]),
      [[4, 'low']],
    );
    close(flags[0]!.othersMedianCps, 14.195158, 1e-7, 'median of an even number');
    close(flags[0]!.tailProbability, 2.15947e-15, 1e-5, 'P');
    // Odd number of others: drop the 100-count site. For the 300-count site the others are 5.05, 20.05 and
    // 0.05 cps: median 5.05, high edge 22.67585 cps, P(X ≥ 300 | 226.7585) = 1.99121e-6: flagged high.
    const odd = flagOutlyingSites(
      [300, 50, 200, 0].map((counts) => ({ counts, durationSeconds: 10 })),
      {},
    );
    assert.deepEqual(
      odd.map((f) => [f.index, f.direction]),
      [
        [0, 'high'],
        [3, 'low'],
      ],
    );
    close(odd[0]!.othersMedianCps, 5.05, 1e-12, 'median of an odd number');
    close(odd[0]!.plausibleHighCps, 22.67585, 1e-6, 'high edge');
    close(odd[0]!.tailProbability, 1.99121e-6, 1e-4, 'P');
    assert.match(odd[0]!.reason, /\(P = 0\.0000020\)$/);
  });

  test('the options set the plausible spread, the range probability and the tail', () => {
    // σ = 0.2, γ = 0.05 (z = 1.9599640), p = 0.01. Four others at 100.05 cps: half width
    // 1.9599640 · 0.2 · √(1 + π/8) = 0.4626012, range 62.995852 … 158.899390 cps. A site of 1700 counts in
    // 10 s: P(X ≥ 1700 | 1588.9939) = 0.0030246, flagged at p = 0.01, not at the default p = 0.001.
    const sites = [...five.slice(0, 4), { counts: 1700, durationSeconds: 10, siteLabel: 'spleen' }];
    const flags = flagOutlyingSites(sites, {
      plausibleLogSd: 0.2,
      rangeProbability: 0.05,
      tailProbability: 0.01,
    });
    assert.deepEqual(
      flags.map((f) => [f.siteLabel, f.direction]),
      [['spleen', 'high']],
    );
    close(flags[0]!.plausibleLowCps, 62.995852, 1e-7, 'low edge');
    close(flags[0]!.plausibleHighCps, 158.89939, 1e-7, 'high edge');
    close(flags[0]!.tailProbability, 0.0030246, 1e-4, 'P');
    close(flags[0]!.tailProbability, 1 - poissonCdf(1699, 1588.9939), 1e-5, 'P (@stdlib)');
    assert.deepEqual(flagOutlyingSites(sites, { plausibleLogSd: 0.2, rangeProbability: 0.05 }), []);
    // The default spread (CV 50 %) makes 1700 counts plausible: the high edge is 420.6 cps.
    assert.deepEqual(flagOutlyingSites(sites, { tailProbability: 0.01 }), []);
  });

  test('fewer than two sites: nothing to compare, nothing flagged', () => {
    assert.deepEqual(flagOutlyingSites([], {}), []);
    assert.deepEqual(flagOutlyingSites([{ counts: 0, durationSeconds: 10 }], {}), []);
  });
});
