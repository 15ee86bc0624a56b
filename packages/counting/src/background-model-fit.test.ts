// The background model's numbers and words (background-model.ts) against values worked outside the code:
// DerSimonian–Laird moments and the Q-profile interval (Viechtbauer 2007) recomputed in SciPy 1.17
// (scipy.optimize.brentq on the generalized Q, scipy.stats.chi2), Garwood limits as gamma quantiles
// (scipy.special.gammaincinv), Student t and normal quantiles (scipy.stats.t, scipy.stats.norm); where
// noted, Student t quantiles from @stdlib's beta quantile and normal ones from Python's statistics module.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstIssue } from '@openrgs/outcome';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import {
  adaptiveThreshold,
  type BackgroundInput,
  type BackgroundModel,
  buildBackgroundModel,
  cutoffSafety,
  tCdf,
  tQuantile,
} from './background-model.js';
import type { SpreadPrior } from './spread-prior.js';

const near = (actual: number | null | undefined, expected: number, tol: number, what: string) =>
  assert.ok(
    actual !== null && actual !== undefined && Math.abs(actual - expected) <= tol,
    `${what}: ${actual} vs ${expected} (±${tol})`,
  );

type Site = { counts: number; durationSeconds: number; siteLabel?: string };
function build(sites: Site[], extra: Partial<Extract<BackgroundInput, { kind: 'sites' }>> = {}) {
  return buildBackgroundModel({ kind: 'sites', sites, ...extra });
}
function model(
  sites: Site[],
  extra: Partial<Extract<BackgroundInput, { kind: 'sites' }>> = {},
): BackgroundModel {
  const r = build(sites, extra);
  if (!r.ok) throw new Error(firstIssue(r.issues).message);
  return r.value;
}
function refused(r: ReturnType<typeof buildBackgroundModel>): { code: string; message: string } {
  assert.equal(r.ok, false);
  if (r.ok) throw new Error('unreachable');
  const i = firstIssue(r.issues);
  return { code: i.code, message: i.message };
}
const tenSeconds = (counts: number[]) => counts.map((c) => ({ counts: c, durationSeconds: 10 }));
const prior = (logVariance: number, degreesOfFreedom: number): SpreadPrior => ({
  logVariance,
  degreesOfFreedom,
  cases: 12,
  sites: 48,
  source: 'past cases',
});

describe('known background rate', () => {
  test('the whole model is the stated rate', () => {
    const r = buildBackgroundModel({ kind: 'known', rateCps: 40 });
    assert.ok(r.ok);
    const message =
      'background given as one known rate: the spread of normal tissue between sites is unknown and taken as none';
    assert.deepEqual(r.value, {
      source: 'known',
      sites: 0,
      sitesGiven: 0,
      meanCps: 40,
      meanLowCps: 40,
      meanHighCps: 40,
      sdCps: 0,
      cv: null,
      cvLow: null,
      cvHigh: null,
      equivalentCounts: Number.POSITIVE_INFINITY,
      equivalentSeconds: Number.POSITIVE_INFINITY,
      logRateMean: null,
      logRateSd: null,
      logRateDegreesOfFreedom: null,
      logRateSdOwn: null,
      singleSiteCounts: null,
      singleSiteLogRate: null,
      spreadCv: null,
      prior: null,
      flagged: [],
      blockedReason: null,
      minimumSites: 0,
      provisional: false,
      minimumSitesReason: 'known background rate: no sites to count',
      issues: [{ code: 'background-known-rate', message }],
      warnings: [message],
    });
    const a = adaptiveThreshold(r.value, 0.05);
    assert.deepEqual(a, {
      thresholdCps: 40,
      thresholdRatio: 1,
      alpha: 0.05,
      method: 'known background rate; spread between sites unknown, taken as none',
    });
  });
  test('a rate that is not positive and finite is refused', () => {
    for (const rateCps of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.deepEqual(refused(buildBackgroundModel({ kind: 'known', rateCps })), {
        code: 'background-rate-invalid',
        message: `background rate must be > 0 cps, got ${rateCps}`,
      });
    }
  });
});

describe('refusals name the site and the problem', () => {
  test('counts, durations, rates, labels, limit alpha', () => {
    assert.deepEqual(refused(build([])), {
      code: 'background-no-sites',
      message: 'no background sites given',
    });
    assert.deepEqual(
      refused(
        build([
          { counts: 10, durationSeconds: 1 },
          { counts: 2.5, durationSeconds: 1 },
        ]),
      ),
      {
        code: 'background-counts-invalid',
        message: 'site 2: counts 2.5 must be a whole number >= 0',
      },
    );
    assert.deepEqual(refused(build([{ counts: -1, durationSeconds: 1, siteLabel: 'liver' }])), {
      code: 'background-counts-invalid',
      message: "site 'liver': counts -1 must be a whole number >= 0",
    });
    assert.equal(
      build([
        { counts: 0, durationSeconds: 1 },
        { counts: 5, durationSeconds: 1 },
      ]).ok,
      true,
      '0 counts at one site are fine',
    );
    for (const d of [0, -2, Number.POSITIVE_INFINITY, Number.NaN]) {
      assert.deepEqual(refused(build([{ counts: 10, durationSeconds: d }])), {
        code: 'background-duration-invalid',
        message: `site 1: duration ${d} s must be > 0`,
      });
    }
    assert.deepEqual(refused(build([{ counts: 3_000_000, durationSeconds: 1 }])), {
      code: 'background-rate-absurd',
      message:
        'site 1: 3000000 counts in 1 s = 3.00e+6 cps is above the plausible 2.0e+6 cps of a probe (frames that fast are refused too)',
    });
    assert.equal(build([{ counts: 2_000_000, durationSeconds: 1 }]).ok, true, 'at the limit is allowed');
    // The rate is counts over seconds, not their product: 200 counts in 0.5 s is 400 cps, above a 300 cps
    // limit; 1000 counts in 10 s is 100 cps, below it.
    assert.deepEqual(refused(build([{ counts: 200, durationSeconds: 0.5 }], { maxRateCps: 300 })), {
      code: 'background-rate-absurd',
      message:
        'site 1: 200 counts in 0.5 s = 4.00e+2 cps is above the plausible 3.0e+2 cps of a probe (frames that fast are refused too)',
    });
    assert.equal(build([{ counts: 1000, durationSeconds: 10 }], { maxRateCps: 300 }).ok, true, '100 cps');
    assert.equal(
      refused(build([{ counts: 200, durationSeconds: 1 }], { maxRateCps: 100 })).code,
      'background-rate-absurd',
    );
    const labelled = [
      { counts: 100, durationSeconds: 10, siteLabel: 'a' },
      { counts: 110, durationSeconds: 10, siteLabel: '' },
      { counts: 120, durationSeconds: 10 },
    ];
    assert.deepEqual(refused(build(labelled, { keepSites: ['x'] })), {
      code: 'background-site-unknown',
      message: "no background site is labelled 'x' (sites: a, site 2, site 3)",
    });
    assert.deepEqual(refused(build(labelled, { dropSites: ['y'] })), {
      code: 'background-site-unknown',
      message: "no background site is labelled 'y' (sites: a, site 2, site 3)",
    });
    assert.deepEqual(refused(build(labelled, { keepSites: ['a'], dropSites: ['a'] })), {
      code: 'background-site-conflict',
      message: "site 'a' is both kept and dropped; choose one",
    });
    assert.deepEqual(refused(build(labelled, { dropSites: ['a', 'site 2', 'site 3'] })), {
      code: 'background-no-sites',
      message: 'every background site was dropped',
    });
    assert.deepEqual(refused(build(tenSeconds([0, 0, 0]))), {
      code: 'background-no-counts',
      message: 'the background sites recorded no counts at all',
    });
    for (const limitAlpha of [0, 0.5]) {
      assert.deepEqual(refused(build(tenSeconds([100, 110]), { limitAlpha })), {
        code: 'background-limit-alpha-invalid',
        message: `limitAlpha must be in (0, 0.5), got ${limitAlpha}`,
      });
    }
  });
});

describe('random-effects fit (DerSimonian & Laird 1986; Q-profile, Viechtbauer 2007)', () => {
  test('100, 200, 400 counts in 10 s: every number of the model', () => {
    const m = model(tenSeconds([100, 200, 400]));
    assert.equal(m.source, 'sites');
    assert.equal(m.sites, 3);
    assert.equal(m.sitesGiven, 3);
    near(m.meanCps, 70 / 3, 1e-12, 'mean');
    near(m.sdCps, Math.sqrt(231), 1e-9, 'τ');
    near(m.cv, Math.sqrt(231) / (70 / 3), 1e-12, 'cv');
    near(m.equivalentCounts, 7, 1e-9, 'equivalent counts');
    near(m.equivalentSeconds, 0.3, 1e-12, 'equivalent seconds (7 / 23.333)');
    // Garwood-style interval of the mean on 7 equivalent counts in 0.3 s:
    // gammaincinv(7, 0.025)/0.3 = 9.381210, gammaincinv(8, 0.975)/0.3 = 48.075585 (SciPy).
    near(m.meanLowCps, 9.381210171732885, 1e-6, 'mean low');
    near(m.meanHighCps, 48.075584539007934, 1e-6, 'mean high');
    // Q-profile: τ² where Q(τ²) = χ²(0.975; 2) and χ²(0.025; 2), by brentq in SciPy: CV 0.334505 – 4.113804.
    near(m.cvLow, 0.33450498438427123, 1e-6, 'cv low');
    near(m.cvHigh, 4.113803777104272, 1e-6, 'cv high');
    // ln((c + ½)/10): mean 2.998643, SD 0.691278 on 2 df; spread CV √(e^{s²} − 1) = 0.782706.
    near(m.logRateMean, 2.9986434872573433, 1e-12, 'ln mean');
    near(m.logRateSd, 0.6912781126322818, 1e-12, 'ln SD');
    near(m.logRateSdOwn, 0.6912781126322818, 1e-12, 'own ln SD');
    assert.equal(m.logRateDegreesOfFreedom, 2);
    near(m.spreadCv, 0.7827058552000197, 1e-12, 'spread CV');
    assert.equal(m.singleSiteCounts, null);
    assert.equal(m.singleSiteLogRate, null);
    assert.equal(m.prior, null);
    assert.deepEqual(m.flagged, []);
    assert.equal(m.blockedReason, null);
    // Minimum sites at the live limit alpha 4.25 %: the smallest n ≥ 3 with
    // exp(s·(t(0.9575; n − 1)·√(1 + 1/n) − z(0.9575))) ≤ 1.25 is n = 10 at s = 0.691 (SciPy).
    assert.equal(m.minimumSites, 10);
    assert.equal(m.provisional, true);
    assert.equal(
      m.minimumSitesReason,
      'at the spread seen (CV 78 %) 10 sites bring the normal-tissue limit within 25 % of what many sites would give',
    );
    const few = `only 3 background sites: verdicts are provisional until 10 (${m.minimumSitesReason})`;
    assert.deepEqual(m.issues, [{ code: 'background-few-sites', message: few }]);
    assert.deepEqual(m.warnings, [few]);
  });

  test('unequal counting times (50 in 5 s, 300 in 20 s, 90 in 10 s): weights 1/(v + τ²)', () => {
    // pooled 440/35 cps; v_i = pooled/t_i; τ² = 12.671429; mean 11.429023; equivalent counts 27.800950 in
    // 2.432487 s; interval 7.582269 – 16.539589; CV interval 0.119235 – 1.765585 (SciPy).
    const m = model([
      { counts: 50, durationSeconds: 5 },
      { counts: 300, durationSeconds: 20 },
      { counts: 90, durationSeconds: 10 },
    ]);
    near(m.meanCps, 11.429023012110903, 1e-9, 'mean');
    near(m.sdCps ** 2, 12.671428571428574, 1e-9, 'τ²');
    near(m.equivalentCounts, 27.80095030728501, 1e-8, 'equivalent counts');
    near(m.equivalentSeconds, 2.432487035665725, 1e-9, 'equivalent seconds');
    near(m.meanLowCps, 7.582269498405112, 1e-6, 'mean low');
    near(m.meanHighCps, 16.539589385165094, 1e-6, 'mean high');
    near(m.cvLow, 0.11923537320144086, 1e-6, 'cv low');
    near(m.cvHigh, 1.7655852864525048, 1e-6, 'cv high');
  });

  test('sites that agree exactly: τ = 0, the CV interval is 0 – 0, three sites suffice', () => {
    const m = model(tenSeconds([100, 100, 100]));
    near(m.meanLowCps, 8.900309174432211, 1e-6, 'mean low (gammaincinv(300, 0.025)/30)');
    near(m.meanHighCps, 11.198037518419023, 1e-6, 'mean high (gammaincinv(301, 0.975)/30)');
    assert.equal(m.cvLow, 0);
    assert.equal(m.cvHigh, 0);
    assert.equal(m.logRateSd, 0);
    assert.equal(m.minimumSites, 3);
    assert.equal(m.provisional, false);
    assert.deepEqual(m.issues, []);
  });

  test('one site: no spread, its counting limit, provisional until the workflow’s three', () => {
    const m = model(tenSeconds([100]));
    assert.equal(m.cv, null);
    assert.equal(m.cvLow, null);
    assert.equal(m.cvHigh, null);
    assert.equal(m.logRateMean, null);
    assert.equal(m.logRateSd, null);
    assert.equal(m.logRateSdOwn, null);
    assert.equal(m.logRateDegreesOfFreedom, null);
    assert.equal(m.spreadCv, null);
    assert.equal(m.singleSiteCounts, 100);
    near(m.singleSiteLogRate, Math.log(10.05), 1e-12, 'ln((100 + ½)/10)');
    near(m.meanLowCps, 8.136399125092314, 1e-6, 'mean low (gammaincinv(100, 0.025)/10)');
    near(m.meanHighCps, 12.162679379242638, 1e-6, 'mean high (gammaincinv(101, 0.975)/10)');
    assert.equal(m.minimumSites, 3);
    assert.equal(m.minimumSitesReason, 'with one site the spread of normal tissue is unknown');
    assert.deepEqual(m.warnings, [
      'only 1 background site: verdicts are provisional until 3 (with one site the spread of normal tissue is unknown)',
    ]);
    // The limit of one site: its one-sided 95 % Garwood upper limit, gammaincinv(101, 0.95)/10 = 11.807927.
    const a = adaptiveThreshold(m, 0.05);
    near(a.thresholdCps, 11.807927278209707, 1e-6, 'one-site limit');
    assert.equal(a.method, 'one site: 95 % upper counting limit only, spread between sites unknown');
  });

  test('a between-site variance beyond 1e30 cps² (maxRateCps raised): the Q-profile search is not cut short', () => {
    // Two sites, 0 and 1e20 counts in 1 s: pooled 5e19 cps, each rate's Poisson variance v = 5e19, equal
    // weights, mean 5e19; Q(τ²) = Σ(r − m)²/(v + τ²) = 5e39/(5e19 + τ²). Q(τ²) = χ²(p; 1) gives
    // τ² = 5e39/χ² − 5e19, χ²(p; 1) = z((1 + p)/2)² (Python's statistics.NormalDist: z(0.9875) =
    // 2.2414027276, z(0.5125) = 0.0313379820): CV 0.630950 – 45.127780. The bracket search used to stop at
    // τ² = 1e30 and return CVs near 2e-5 for both ends.
    const m = model(
      [
        { counts: 0, durationSeconds: 1, siteLabel: 'a' },
        { counts: 1e20, durationSeconds: 1, siteLabel: 'b' },
      ],
      { maxRateCps: 1e21 },
    );
    near(m.meanCps, 5e19, 1e4, 'mean');
    const cv = (chi2: number) => Math.sqrt(5e39 / chi2 - 5e19) / 5e19;
    near(m.cvLow, cv(5.0238861873148934), 1e-6, 'cv low');
    near(m.cvHigh, cv(0.0009820691171752492), 1e-4, 'cv high');
    near(m.cvHigh, 45.12778012975327, 1e-4, 'cv high (number)');
  });

  test('the spread interval can be left out (planning)', () => {
    const m = model(tenSeconds([100, 200, 400]), { spreadInterval: false });
    assert.equal(m.cvLow, null);
    assert.equal(m.cvHigh, null);
  });
});

describe('a learnt spread prior (Smyth 2004 shrinkage)', () => {
  test('s0² = 0.04 on 6 df, 400/500/600 counts: s̃ = 0.200720 on 8 df; three sites suffice', () => {
    // s̃² = (6·0.04 + 2·s²)/8 with s the sites' ln-SD; the limit at 5 %: exp(ȳ + t(0.95; 8)·s̃·√(4/3))
    // = 75.977226 cps (SciPy).
    const m = model(tenSeconds([400, 500, 600]), { prior: prior(0.04, 6) });
    near(m.logRateSd, 0.20072023556915672, 1e-12, 'shrunk ln SD');
    assert.equal(m.logRateDegreesOfFreedom, 8);
    near(m.logRateMean, 3.8994429092671967, 1e-12, 'ln mean');
    assert.deepEqual(m.prior, prior(0.04, 6));
    assert.equal(m.minimumSites, 3);
    assert.equal(
      m.minimumSitesReason,
      'at the spread seen (CV 20 %, with the learnt prior) 3 sites bring the normal-tissue limit within 25 % of what many sites would give',
    );
    // Prior CV √(e^0.04 − 1) = 20.2 %.
    assert.deepEqual(m.issues, [
      {
        code: 'background-prior',
        message: "spread learnt from past cases (12 past cases, prior CV 20 %, 6.0 sites' worth)",
      },
    ]);
    const a = adaptiveThreshold(m, 0.05);
    near(a.thresholdCps, 75.97722606255414, 1e-6, 'limit');
    near(a.thresholdRatio, 75.97722606255414 / m.meanCps, 1e-6, 'limit as T/B');
    assert.equal(
      a.method,
      '95 % upper prediction bound for a new normal site from 3 sites (t, 8 df, log rate, spread shrunk towards the learnt prior)',
    );
  });

  test('a prior on 6.5 df: 8.5 df, written with one decimal', () => {
    const m = model(tenSeconds([400, 500, 600]), { prior: prior(0.04, 6.5) });
    near(m.logRateSd, 0.2006779403262563, 1e-12, 'shrunk ln SD');
    const a = adaptiveThreshold(m, 0.05);
    near(a.thresholdCps, 75.7228309016231, 1e-6, 'limit (t(0.95; 8.5))');
    assert.match(a.method, /\(t, 8\.5 df, log rate/);
  });

  test('a prior with infinite weight: its SD as is, the normal quantile', () => {
    const m = model(tenSeconds([400, 500, 600]), { prior: prior(0.04, Number.POSITIVE_INFINITY) });
    near(m.logRateSd, 0.2, 1e-15, 'prior SD');
    assert.equal(m.logRateDegreesOfFreedom, Number.POSITIVE_INFINITY);
    assert.match(m.issues[0]?.message ?? '', /∞ sites' worth\)$/);
    const a = adaptiveThreshold(m, 0.05);
    // exp(ȳ + z(0.95)·0.2·√(4/3)) = 72.190292 (SciPy).
    near(a.thresholdCps, 72.19029243039354, 1e-6, 'limit');
    assert.match(a.method, /\(t, ∞ df, log rate/);
    assert.equal(m.minimumSites, 3);
  });

  test('a spread so wide that no number of sites settles the limit: the cap, 20', () => {
    // 100, 1000, 10000 counts in 10 s, all kept: ln-SD 2.2998, CV √(e^{s²} − 1) = 14.05 (1405 %).
    const wide = [100, 1000, 10000].map((c, i) => ({ counts: c, durationSeconds: 10, siteLabel: `s${i}` }));
    const m = model(wide, { keepSites: ['s0', 's1', 's2'] });
    assert.equal(m.minimumSites, 20);
    assert.equal(
      m.minimumSitesReason,
      'the spread seen (CV 1405 %) is so large that even 20 sites leave the limit uncertain',
    );
  });

  test('a spread that needs exactly the cap, 20 sites: the cap is a number of sites the search tries', () => {
    // At limit alpha 2.5 % (z = 1.959964) n sites suffice when exp(s·(t(0.975; n − 1)·√(1 + 1/n) − z))
    // ≤ 1.25. The t quantiles from @stdlib's beta quantile (t(p; ν)² = ν(1 − x)/x, x the
    // Beta(ν/2, ½) quantile at 2(1 − p)): 19 sites need s ≤ ln 1.25/(t(0.975; 18)·√(20/19) − z) = 1.141,
    // 20 sites s ≤ ln 1.25/(t(0.975; 19)·√(21/20) − z) = 1.208. 100, 320, 1050 counts in 10 s (all kept):
    // ln-SD of ln(10.05), ln(32.05), ln(105.05) is 1.1735, between the two, so 20 and not the cap's
    // "even 20 sites leave the limit uncertain".
    const z = 1.959963984540054;
    const t = (p: number, nu: number) => {
      const x = betaQuantile(2 * (1 - p), nu / 2, 0.5);
      return Math.sqrt((nu * (1 - x)) / x);
    };
    const bound = (n: number) => Math.log(1.25) / (t(0.975, n - 1) * Math.sqrt(1 + 1 / n) - z);
    const sites = [100, 320, 1050].map((c, i) => ({ counts: c, durationSeconds: 10, siteLabel: `s${i}` }));
    const m = model(sites, { keepSites: ['s0', 's1', 's2'], limitAlpha: 0.025 });
    const y = [10.05, 32.05, 105.05].map(Math.log);
    const ybar = (y[0]! + y[1]! + y[2]!) / 3;
    const s = Math.sqrt(y.reduce((a, v) => a + (v - ybar) ** 2, 0) / 2);
    near(m.logRateSd, s, 1e-12, 'ln SD');
    assert.ok(bound(19) < s && s <= bound(20), `${bound(19)} < ${s} <= ${bound(20)}`);
    assert.equal(m.minimumSites, 20);
    assert.equal(
      m.minimumSitesReason,
      `at the spread seen (CV ${(Math.sqrt(Math.exp(s * s) - 1) * 100).toFixed(0)} %) 20 sites bring the normal-tissue limit within 25 % of what many sites would give`,
    );
    assert.match(m.minimumSitesReason, /CV 172 %/);
  });

  test('one site with a prior: the spread comes from the prior alone', () => {
    const m = model(tenSeconds([500]), { prior: prior(0.04, 6) });
    near(m.logRateSd, 0.2, 1e-15, 'ln SD = √(6·0.04/6)');
    assert.equal(m.logRateDegreesOfFreedom, 6);
    assert.equal(m.logRateSdOwn, null);
    near(m.logRateMean, Math.log(50.05), 1e-12, 'ln mean');
    assert.equal(
      adaptiveThreshold(m, 0.05).method,
      '95 % upper prediction bound for a new normal site from 1 site (t, 6 df, log rate, spread shrunk towards the learnt prior)',
    );
  });
});

describe('sites that look wrong: named, kept out, kept or dropped by the team', () => {
  // Five sites near 100 cps and a lifted probe (zero counts in 10 s): the others make normal tissue at
  // least ~30 cps, so 0 counts in 10 s has P < 1e-6.
  const five = [1000, 1050, 950, 1020, 980].map((c, i) => ({
    counts: c,
    durationSeconds: 10,
    siteLabel: `B${i + 1}`,
  }));
  const lifted = { counts: 0, durationSeconds: 10, siteLabel: 'lifted' };

  test('unconfirmed: left out of the fit, and no verdict until the team decides', () => {
    const m = model([...five, lifted]);
    assert.equal(m.sites, 5);
    assert.equal(m.sitesGiven, 6);
    near(m.meanCps, 100, 1e-9, 'mean of the five');
    assert.equal(m.flagged.length, 1);
    assert.equal(m.flagged[0]?.siteLabel, 'lifted');
    assert.equal(m.flagged[0]?.index, 5);
    assert.equal(m.flagged[0]?.status, 'unconfirmed');
    assert.equal(m.flagged[0]?.direction, 'low');
    assert.equal(
      m.blockedReason,
      "background site 'lifted' looks wrong (too low): keep or drop it before a verdict",
    );
    assert.equal(m.issues[0]?.code, 'background-outlier');
    assert.equal(m.issues[0]?.siteLabel, 'lifted');
    assert.equal(
      m.issues[0]?.message,
      `background site 'lifted' is left out: ${m.flagged[0]?.reason}; keep or drop it`,
    );
    assert.deepEqual(
      m.warnings,
      m.issues.map((i) => i.message),
    );
  });

  test('kept: it counts, no longer blocks', () => {
    const m = model([...five, lifted], { keepSites: ['lifted'] });
    assert.equal(m.sites, 6);
    near(m.meanCps, 500 / 6, 1e-9, 'mean of all six (equal times, τ² weights equal)');
    assert.equal(m.flagged[0]?.status, 'kept');
    assert.equal(m.blockedReason, null);
    assert.ok(!m.issues.some((i) => i.code === 'background-outlier' || i.code === 'background-dropped'));
  });

  test('dropped: never counts; the record keeps why it was flagged', () => {
    const flaggedFirst = model([...five, lifted]).flagged[0];
    const m = model([...five, lifted], { dropSites: ['lifted'] });
    assert.equal(m.sites, 5);
    assert.equal(m.sitesGiven, 6);
    assert.equal(m.blockedReason, null);
    const f = m.flagged[0];
    assert.ok(f !== undefined && flaggedFirst !== undefined);
    assert.deepEqual(f, {
      ...flaggedFirst,
      reason: `${flaggedFirst.reason}; dropped by the team`,
      status: 'dropped',
    });
    assert.deepEqual(m.issues[0], {
      code: 'background-dropped',
      siteLabel: 'lifted',
      message: "background site 'lifted' dropped by the team",
    });
  });

  test('dropping a site that looked right: recorded without a reason of its own', () => {
    const m = model(five, { dropSites: ['B2'] });
    assert.equal(m.sites, 4);
    near(m.meanCps, (1000 + 950 + 1020 + 980) / 40, 1e-9, 'mean of the other four');
    assert.equal(m.flagged.length, 1);
    const f = m.flagged[0];
    assert.equal(f?.index, 1);
    assert.equal(f?.siteLabel, 'B2');
    assert.equal(f?.direction, 'low');
    assert.equal(f?.rateCps, 105);
    assert.ok(Number.isNaN(f?.othersMedianCps) && Number.isNaN(f?.plausibleLowCps));
    assert.ok(Number.isNaN(f?.plausibleHighCps) && Number.isNaN(f?.tailProbability));
    assert.equal(f?.reason, 'dropped by the team');
    assert.equal(f?.status, 'dropped');
  });

  test('dropping a site that looked right while another looks wrong: each record keeps its own reason', () => {
    // The lifted probe is flagged; B2 is not. Dropping B2 must not give it the lifted probe's reason.
    const m = model([...five, lifted], { dropSites: ['B2'] });
    assert.deepEqual(
      m.flagged.map((f) => [f.index, f.siteLabel, f.status]),
      [
        [1, 'B2', 'dropped'],
        [5, 'lifted', 'unconfirmed'],
      ],
    );
    const b2 = m.flagged[0];
    assert.equal(b2?.reason, 'dropped by the team');
    assert.ok(Number.isNaN(b2?.othersMedianCps) && Number.isNaN(b2?.tailProbability));
    assert.equal(b2?.rateCps, 105);
  });

  test('a dropped site is judged with the learnt prior too: not flagged under a wide prior, so no reason', () => {
    // 1000 cps among five sites near 100 cps: flagged without a prior, not with prior ln-variance 1 on
    // 4 df (the test below works both out). Dropped under that prior, its record has no reason of its own.
    const sitesWithHigh = [...five, { counts: 10000, durationSeconds: 10, siteLabel: 'high' }];
    const withPrior = model(sitesWithHigh, { prior: prior(1, 4), dropSites: ['high'] });
    assert.equal(withPrior.flagged.length, 1);
    assert.equal(withPrior.flagged[0]?.reason, 'dropped by the team');
    assert.ok(Number.isNaN(withPrior.flagged[0]?.plausibleHighCps));
    const without = model(sitesWithHigh, { dropSites: ['high'] });
    assert.match(without.flagged[0]?.reason ?? '', /; dropped by the team$/);
    assert.notEqual(without.flagged[0]?.reason, 'dropped by the team');
    assert.equal(without.flagged[0]?.direction, 'high');
  });

  test('two that look wrong, one too low and one too high: named together, listed in input order', () => {
    const hot = { counts: 20000, durationSeconds: 10, siteLabel: 'kidney' };
    const m = model([lifted, ...five, hot]);
    assert.deepEqual(
      m.flagged.map((f) => [f.index, f.siteLabel, f.direction]),
      [
        [0, 'lifted', 'low'],
        [6, 'kidney', 'high'],
      ],
    );
    assert.equal(
      m.blockedReason,
      "background sites 'lifted', 'kidney' look wrong (too low, too high): keep or drop them before a verdict",
    );
    // A dropped one before an unconfirmed one: still listed in input order.
    const d = model([lifted, ...five, hot], { dropSites: ['lifted'], keepSites: [] });
    assert.deepEqual(
      d.flagged.map((f) => [f.siteLabel, f.status]),
      [
        ['lifted', 'dropped'],
        ['kidney', 'unconfirmed'],
      ],
    );
    assert.equal(
      d.blockedReason,
      "background site 'kidney' looks wrong (too high): keep or drop it before a verdict",
    );
    assert.deepEqual(
      d.issues.map((i) => i.code),
      ['background-dropped', 'background-outlier'],
    );
  });

  test('two sites that disagree: both flagged, the model still shown from both', () => {
    const m = model([
      { counts: 0, durationSeconds: 10, siteLabel: 'x' },
      { counts: 1000, durationSeconds: 10, siteLabel: 'y' },
    ]);
    assert.equal(m.sites, 2);
    near(m.meanCps, 50, 1e-9, 'mean of both');
    assert.match(m.blockedReason ?? '', /^background sites 'x', 'y' look wrong/);
  });

  test('a wide learnt prior widens what is plausible: a site 10× the others is flagged without it, not with it', () => {
    // Without a prior the plausible ln-SD is that of CV 50 % (0.472): normal tissue up to
    // 100·exp(2.576·0.472·√(1 + π/10)) = 401 cps, so 1000 cps is flagged.
    const sitesWithHigh = [...five, { counts: 10000, durationSeconds: 10, siteLabel: 'high' }];
    assert.equal(model(sitesWithHigh, { dropSites: [] }).flagged.length, 1);
    // Prior ln-variance 1 (CV 131 %) on 4 df: upper 97.5 % SD √(4/χ²(0.025; 4)) = 2.87.
    assert.equal(model(sitesWithHigh, { prior: prior(1, 4) }).flagged.length, 0);
    // A narrow prior is widened to CV 20 % at least: ln-variance 1e-6 (CV 0.1 %) on 1000 df does not
    // flag a site 30 % above the others (√ln 1.04 = 0.198: plausible up to 100·exp(2.576·0.198·1.148) =
    // 180 cps; at the prior's own 0.001 it would be flagged).
    const modest = [...five, { counts: 1300, durationSeconds: 10, siteLabel: 'modest' }];
    assert.equal(model(modest, { prior: prior(1e-6, 1000) }).flagged.length, 0);
    // The plausible range under that prior, worked out: χ²(0.025; 4) solves 1 − e^{−x/2}(1 + x/2) = 0.025
    // (the χ² CDF on 4 df in closed form), x = 0.484418557; upper SD √(4·1/x) = 2.873556. A site of
    // 1e6 cps among the five has the others' median ln(1000.5/10) and is plausible up to
    // 100.05·exp(z(0.995)·2.873556·√(1 + π/10)) = 484 485.53 cps, z(0.995) = 2.5758293 (normal table):
    // flagged, with that upper end.
    const huge = model([...five, { counts: 10_000_000, durationSeconds: 10, siteLabel: 'huge' }], {
      prior: prior(1, 4),
    });
    assert.equal(huge.flagged[0]?.siteLabel, 'huge');
    near(huge.flagged[0]?.plausibleHighCps, 484485.52814915136, 0.01, 'plausible high under the prior');
    near(huge.flagged[0]?.othersMedianCps, 100.05, 1e-9, 'median of the others');
    // With an infinitely sure prior the plausible SD is the prior's own, 1: up to 100·e^2.96 = 1924 cps.
    assert.equal(model(sitesWithHigh, { prior: prior(1, Number.POSITIVE_INFINITY) }).flagged.length, 0);
  });
});

describe('normal-tissue limit, borrowed cut-offs, quantiles', () => {
  test('adaptiveThreshold refuses an alpha outside (0, 0.5)', () => {
    const m = model(tenSeconds([100, 200, 400]));
    for (const alpha of [0, 0.5])
      assert.throws(() => adaptiveThreshold(m, alpha), {
        name: 'RangeError',
        message: `alpha must be in (0, 0.5), got ${alpha}`,
      });
    // exp(ȳ + t(0.95; 2)·s·√(4/3)) = 206.320765 cps (SciPy).
    const a = adaptiveThreshold(m, 0.05);
    near(a.thresholdCps, 206.3207645033354, 1e-6, 'limit');
    assert.equal(a.alpha, 0.05);
    assert.equal(
      a.method,
      '95 % upper prediction bound for a new normal site from 3 sites (t, 2 df, log rate)',
    );
    assert.match(adaptiveThreshold(m, 0.0085).method, /^99 % upper/);
  });

  test('cutoffSafety: the predicted chance that normal tissue reaches T/B 1.5', () => {
    const m = model(tenSeconds([100, 200, 400]));
    // z = (ln(1.5 × 23.333) − ȳ)/(s·√(4/3)) = 0.697433; P(T₂ > z) = 0.278850 (SciPy).
    const s = cutoffSafety(m, 1.5, 0.05);
    near(s.exceedProbability, 0.2788504907566585, 1e-9, 'exceed probability');
    assert.equal(s.safe, false);
    assert.equal(
      s.message,
      'T/B 1.5 is NOT safe here: normal tissue reaches it with predicted probability 28 % (> 5.0 %)',
    );
    const tight = model(tenSeconds([1000, 1010, 990, 1005, 995]));
    // P(T₄ > z) = 6.242e-7 (SciPy).
    const t = cutoffSafety(tight, 2, 0.05);
    assert.equal(t.safe, true);
    const tt = cutoffSafety(tight, 1.5, 0.05);
    near(tt.exceedProbability, 6.24212616032981e-7, 1e-10, 'tight sites');
    assert.equal(
      tt.message,
      'T/B 1.5 is safe here: normal tissue reaches it with predicted probability 0.000062 % (≤ 5.0 %)',
    );
    assert.equal(cutoffSafety(tight, 1.25, 0.05).ratioCutoff, 1.25);
    assert.match(cutoffSafety(m, 1.25, 0.05).message, /^T\/B 1\.25 is NOT safe/);
    // Percentages: 10 % and above without decimals, 1–10 % with one, below 1 % two significant digits.
    assert.match(cutoffSafety(m, 1.5, 0.1).message, /\(> 10 %\)$/);
    assert.match(cutoffSafety(m, 1.5, 0.01).message, /\(> 1\.0 %\)$/);
    assert.match(cutoffSafety(m, 1.5, 0.0099).message, /\(> 0\.99 %\)$/);
    // Exactly at alpha is safe.
    assert.equal(cutoffSafety(m, 1.5, s.exceedProbability ?? 0).safe, true);
    // With a learnt prior the t has the shrunk SD's 6 + 2 = 8 df: 400/500/600 counts, s̃ = 0.200720, mean
    // 50 cps: z = (ln 75 − ȳ)/(s̃·√(4/3)) = 1.803693, P(T₈ > z) = 0.054468 (SciPy; on 2 df it would be 0.1065).
    const learnt = model(tenSeconds([400, 500, 600]), { prior: prior(0.04, 6) });
    near(cutoffSafety(learnt, 1.5, 0.05).exceedProbability, 0.05446811326078224, 1e-9, 'prior: 8 df');
    // Sites that agree exactly (SD 0): a cut-off above their rate is never reached, one below always.
    const same = model(tenSeconds([100, 100, 100]));
    assert.equal(cutoffSafety(same, 1.5, 0.05).exceedProbability, 0);
    assert.equal(cutoffSafety(same, 0.9, 0.05).exceedProbability, 1);
    // A cut-off exactly at their rate is reached: three sites of 1 count in 1 s, ln((1 + ½)/1) = ln 1.5,
    // mean 1 cps, T/B 1.5 → exactly 1.5 cps (every number here exact in binary).
    const ones = model([1, 1, 1].map((c) => ({ counts: c, durationSeconds: 1 })));
    assert.equal(cutoffSafety(ones, 1.5, 0.05).exceedProbability, 1);
    const one = model(tenSeconds([100]));
    assert.deepEqual(cutoffSafety(one, 2, 0.05), {
      ratioCutoff: 2,
      exceedProbability: null,
      safe: null,
      message:
        'cannot judge T/B 2: the spread of normal tissue needs at least two (better three) background sites',
    });
    assert.throws(() => cutoffSafety(m, 0, 0.05), {
      name: 'RangeError',
      message: 'ratio cut-off must be > 0, got 0',
    });
  });

  test('t quantile and CDF, the normal ones for infinite degrees of freedom (SciPy)', () => {
    near(tQuantile(0.975, 2), 4.302652729749462, 1e-9, 't(0.975; 2)');
    near(tQuantile(0.95, Number.POSITIVE_INFINITY), 1.6448536269514722, 1e-9, 'z(0.95)');
    near(tCdf(1, 1), 0.75, 1e-12, 'Cauchy: ½ + atan(1)/π');
    near(tCdf(1.959963984540054, Number.POSITIVE_INFINITY), 0.975, 1e-9, 'Φ(1.96)');
  });
});
