// The injection-to-surgery window from detectability (issue 12 point 4): the figure of merit is the
// probability of a correct verdict by the counting engine for the expected lesions; undetectable lesions
// are reported and do not set the window. Published protocols named per test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createRule, DECISION_SETTINGS, type DecisionConfig, SprtCalibrationCache } from '@openrgs/counting';
import { createRandom, type RandomSource, samplePoisson } from '@openrgs/numeric';
import fc from 'fast-check';
import {
  type ComputePlanOptions,
  computePlan,
  correctVerdictProbability,
  DETECTABLE_FLOOR,
  defaultTissueThicknessCm,
  NORMAL_NODES,
  PlanModel,
  type PlanResult,
  parsePlan,
  plannedBackgroundModel,
  planningContext,
  resolveTracer,
  type SourceRates,
  siteScores,
  type VerdictRule,
  WINDOW_TOLERANCE,
} from './index.js';
import { DEPARTMENT_PRIOR } from './test-context.js';

const example = JSON.parse(
  readFileSync(new URL('../../../examples/plan-ileal-net.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function plan(input: Record<string, unknown>, options: ComputePlanOptions = {}): PlanResult {
  const parsed = parsePlan(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const r = computePlan(parsed.value, planningContext, options);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** A department registry: spread learnt from past cases at CV 25 %, 30 sites' worth (plan.test.ts). */
const withPrior: ComputePlanOptions = { spreadPrior: DEPARTMENT_PRIOR };
const liveResult = plan(example);
const exampleResult = plan(example, withPrior);

describe('the example with the operating room’s settings (alpha 5 %, the engine’s minimum sites, no learnt spread)', () => {
  test('the plan counts the sites the engine asks for (5 at CV 25 %); the primary is likely found and the published 4–7 h lies in the window', () => {
    const r = liveResult;
    assert.equal(r.verdictModel.alpha, DECISION_SETTINGS.alpha);
    assert.equal(r.verdictModel.backgroundSites, r.verdictModel.engineMinimumSites);
    assert.equal(r.verdictModel.backgroundSites, 5);
    assert.match(r.verdictModel.backgroundSitesBasis, /sites the engine asks for/);
    assert.match(r.verdictModel.spreadPriorBasis, /^none/);
    assert.ok(r.window.ok && r.recommendedWindow, JSON.stringify(r.window));
    assert.ok(
      r.recommendedWindow.fromHours <= 4 && r.recommendedWindow.toHours >= 7,
      JSON.stringify(r.window),
    );
    assert.equal(r.plannedTimingInWindow, true);
    const primary = r.lesions[0];
    assert.ok(primary);
    assert.ok(primary.detectionProbability5s >= 0.9, `${primary.detectionProbability5s}`);
    assert.equal(primary.likelyFound, true);
    assert.deepEqual(
      r.undetectableLesions.map((u) => u.label),
      ['mesenteric node', 'small serosal deposit', 'segment VI liver met'],
    );
  });

  test('with only the workflow’s three sites the limit, not the timing, is what fails; the plan says how many sites would do', () => {
    const r = plan({ ...example, decision: { backgroundSites: DECISION_SETTINGS.workflowBackgroundSites } });
    assert.equal(r.verdictModel.backgroundSites, 3);
    const primary = r.lesions[0];
    assert.ok(primary);
    // With the background known exactly the primary is certain (probe T/B 3.1) …
    assert.ok(primary.detectionProbability5sKnownBackground > 0.99);
    // … from three sites it is not: the headline says so, and why.
    assert.ok(primary.detectionProbability5s < 0.9, `${primary.detectionProbability5s}`);
    assert.equal(primary.likelyFound, false);
    assert.match(primary.reasons[0] ?? '', /^Background sites: .* 3 sites at alpha 0\.05/);
    const n = primary.backgroundSitesForLikelyFound;
    assert.ok(n !== null && n > 3, `${n}`);
    // Consistent with plans that count n and n − 1 sites.
    const withN = plan({ ...example, decision: { backgroundSites: n } });
    const fewer = plan({ ...example, decision: { backgroundSites: n - 1 } });
    assert.ok((withN.lesions[0]?.detectionProbability5s ?? 0) >= 0.9);
    assert.ok(
      Math.min(
        fewer.lesions[0]?.detectionProbability5s ?? 0,
        fewer.lesions[0]?.atSurgeryEnd.detectionProbability5s ?? 0,
      ) < 0.9,
    );
  });
});

describe('window from detectability: examples/plan-ileal-net.json with a learnt spread prior', () => {
  test('the published protocol (600 MBq 99mTc-EDDA/HYNIC-TOC, surgery 4–7 h; Hodolič 2009: 550–650 MBq, 3–6 h): the window holds its start and most of it, and the spread over the parameters all of it', () => {
    const r = exampleResult;
    assert.ok(r.window.ok && r.recommendedWindow && r.windowUncertainty, JSON.stringify(r.window));
    assert.match(r.verdictModel.spreadPriorBasis, /learnt from the department/);
    assert.equal(r.hoursAfterInjection.surgeryStart, 4);
    assert.equal(r.hoursAfterInjection.surgeryEnd, 7);
    const { fromHours, toHours } = r.recommendedWindow;
    assert.ok(fromHours <= 4 && Math.min(toHours, 7) - 4 >= 2.5, JSON.stringify(r.window));
    assert.ok(r.windowUncertainty.fromHoursLow <= 4 && r.windowUncertainty.toHoursHigh >= 7);
    // At 7 h the primary is still detectable with high probability (the window's edge is the 5-point rule).
    assert.ok((r.lesions[0]?.atSurgeryEnd.detectionProbability5s ?? 0) >= 0.85);
    assert.equal(r.window.figureOfMerit, 'correct-verdict-probability');
  });

  test('the lesions no timing can find are reported as undetectable and do not set the window', () => {
    const r = exampleResult;
    assert.ok(r.window.ok);
    assert.deepEqual(r.window.basisLesions, ['ileal primary']);
    assert.deepEqual(
      r.undetectableLesions.map((u) => u.label),
      ['mesenteric node', 'small serosal deposit', 'segment VI liver met'],
    );
    for (const u of r.undetectableLesions) {
      assert.ok(u.bestProbability < DETECTABLE_FLOOR, `${u.label}: ${u.bestProbability}`);
      assert.match(u.reason, /does not set the window/);
      const lesion = r.lesions.find((l) => l.label === u.label);
      assert.equal(lesion?.detectable, false);
      // Below the floor at every time of the curve, not only at the planned time.
      const curve = r.timeCurves.lesions.find((l) => l.label === u.label);
      assert.ok(curve && Math.max(...curve.correctVerdictProbability) < DETECTABLE_FLOOR);
    }
    // Leaving them out of the plan leaves the window where it was.
    const alone = plan({ ...example, lesions: [(example.lesions as unknown[])[0]] }, withPrior);
    assert.ok(alone.window.ok);
    assert.ok(Math.abs(alone.window.fromHours - r.window.fromHours) < 1e-9);
    assert.ok(Math.abs(alone.window.toHours - r.window.toHours) < 1e-9);
  });

  test('the window is where the figure of merit stays within the stated tolerance of its maximum', () => {
    const r = exampleResult;
    assert.ok(r.window.ok);
    assert.equal(r.window.tolerance, WINDOW_TOLERANCE);
    assert.ok(Math.abs(r.window.edgeProbability - (r.window.optimumProbability - WINDOW_TOLERANCE)) < 1e-12);
    assert.match(r.window.criterion, /within 5 percentage points of its maximum/);
    const basis = r.timeCurves.lesions.filter((l) => r.window.ok && r.window.basisLesions.includes(l.label));
    const merit = r.timeCurves.hours.map(
      (_, i) => basis.reduce((a, l) => a + (l.correctVerdictProbability[i] ?? 0), 0) / basis.length,
    );
    const max = Math.max(...merit);
    assert.ok(Math.abs(max - r.window.optimumProbability) < 1e-12);
    r.timeCurves.hours.forEach((h, i) => {
      if (!r.window.ok) return;
      const inside = h >= r.window.fromHours && h <= r.window.toHours;
      // The plotted curves are read off the 40-point grid linearly while the edges are bisected with exact
      // evaluations, so just inside an edge a plotted point may lie up to the interpolation error below it
      // (0.004 at 1.05 h here, where the curve bends); a point well inside may not.
      const good = (merit[i] ?? 0) >= r.window.edgeProbability - 0.01;
      if (inside) assert.ok(good, `${h} h inside the window but merit ${merit[i]}`);
    });
    // The grid points just outside each edge are below the edge (the window is as wide as the rule allows).
    const before = r.timeCurves.hours.findLastIndex((h) => r.window.ok && h < r.window.fromHours);
    const after = r.timeCurves.hours.findIndex((h) => r.window.ok && h > r.window.toHours);
    if (before >= 0) assert.ok((merit[before] ?? 1) < r.window.edgeProbability);
    if (after >= 0) assert.ok((merit[after] ?? 1) < r.window.edgeProbability);
  });

  test('not hard-coded: another tracer, nuclide or activity moves the window', () => {
    const r = exampleResult;
    assert.ok(r.window.ok);
    // 68Ga-DOTATATE with the high-energy probe: surgery 19–193 min after injection in published series
    // (Cockburn 2021): the window closes well before the Tc-99m one.
    // (The example's 18 mm U 8 primary is undetectable through the 511 keV probe; a 15 mm U 20 lesion is not.)
    const ga = plan(
      {
        ...example,
        tracer: 'ga68-dotatate',
        probe: 'high-energy-511',
        injectedActivityMBq: 150,
        lesions: [{ label: 'ileal primary', diameterMm: 15, depthCm: 1, uptakeRatio: 20 }],
      },
      withPrior,
    );
    assert.ok(ga.window.ok, JSON.stringify(ga.window));
    assert.ok(ga.window.toHours < 4.5 && ga.window.toHours < r.window.toHours - 3, JSON.stringify(ga.window));
    // 111In-pentetreotide (16 h–8 d, Cockburn 2021): the window opens after the Tc-99m one has closed.
    const indium = plan(
      {
        ...example,
        tracer: 'in111-pentetreotide',
        injectedActivityMBq: 180,
        lesions: [{ label: 'ileal primary', diameterMm: 15, depthCm: 1, uptakeRatio: 10 }],
      },
      withPrior,
    );
    assert.ok(indium.window.ok, JSON.stringify(indium.window));
    assert.ok(indium.window.fromHours > r.window.toHours, JSON.stringify(indium.window));
    assert.equal(indium.plannedTimingInWindow, false);
    // A tenth of the activity: fewer counts within the budget and the probe's own 1 cps weighs more.
    const low = plan({ ...example, injectedActivityMBq: 60 }, withPrior);
    assert.ok(low.window.ok);
    assert.ok(low.window.toHours < r.window.toHours - 1, `${low.window.toHours} vs ${r.window.toHours}`);
  });
});

describe('windows per tracer against published protocols (docs/planning.md §5)', () => {
  const typical = { label: 'ileal primary', diameterMm: 15, depthCm: 1, uptakeRatio: 20 };
  test('Cockburn 2021: 68Ga surgery 19–193 min after injection — the window lies inside it and so does its optimum', () => {
    const r = plan(
      {
        tracer: 'ga68-dotatate',
        injectedActivityMBq: 150,
        injectedAt: '2026-03-10T07:00:00+01:00',
        surgeryStart: '2026-03-10T08:00:00+01:00',
        surgeryDurationMinutes: 60,
        probe: 'high-energy-511',
        patient: { bodyMassKg: 73 },
        lesions: [typical],
      },
      withPrior,
    );
    assert.ok(r.window.ok);
    const from = 19 / 60;
    const to = 193 / 60;
    // Measured: 0.83–1.81 h (optimum 1.26 h). The window lies inside the published range but covers only
    // about a third of it: through the 511 keV probe the lesion's contrast is modest, so the live rule
    // (alpha 1 %) decides well only near the optimum, and the counts halve every 68 min.
    assert.ok(r.window.fromHours >= from && r.window.toHours <= to, JSON.stringify(r.window));
    assert.ok(r.window.optimumHours >= from && r.window.optimumHours <= to);
  });
});

describe('verdict model (verdict-model.ts)', () => {
  test('7-point Gauss–Hermite rule for N(0, 1): weights sum to 1, second moment 1, fourth moment 3 (exact to degree 13)', () => {
    const m = (k: number) => NORMAL_NODES.reduce((a, n) => a + n.w * n.z ** k, 0);
    assert.ok(Math.abs(m(0) - 1) < 1e-12);
    assert.ok(Math.abs(m(1)) < 1e-12);
    assert.ok(Math.abs(m(2) - 1) < 1e-12);
    assert.ok(Math.abs(m(4) - 3) < 1e-12);
    assert.ok(Math.abs(m(6) - 15) < 1e-10);
  });

  test('planned sites sit at standardised normal scores: sample mean 0, sample SD 1; one site at 0', () => {
    for (const k of [2, 3, 5, 9]) {
      const z = siteScores(k);
      const mean = z.reduce((a, v) => a + v, 0) / k;
      const sd = Math.sqrt(z.reduce((a, v) => a + (v - mean) ** 2, 0) / (k - 1));
      assert.ok(Math.abs(mean) < 1e-12 && Math.abs(sd - 1) < 1e-12);
    }
    assert.deepEqual(siteScores(1), [0]);
  });

  test('the engine builds the background model the plan asks for (spread CV as planned)', () => {
    const rates: SourceRates = { tissueCps: 100, excessCps: 0, probeBackgroundCps: 0, deadTimeSeconds: 0 };
    const rule = verdictRule({ spreadCv: 0.3, backgroundSites: 6, backgroundSiteSeconds: 100 });
    const model = plannedBackgroundModel(rates, rule);
    assert.equal(model.sites, 6);
    assert.equal(model.blockedReason, null);
    // ln-SD seen = √(ln(1 + 0.3²) + counting noise ≈ 1/10⁴) within rounding of the counts.
    const expected = Math.sqrt(Math.log(1 + 0.09) + 1 / 10_000);
    assert.ok(Math.abs((model.logRateSd ?? 0) - expected) < 0.005, `${model.logRateSd} vs ${expected}`);
  });

  // Independent check: simulate the live engine's own rule runner (createRule, with its calibrated
  // boundaries) on Poisson frames from lesion sites whose tissue varies log-normally, and compare the
  // share of positive verdicts within 5 s with the model. The model uses Wald's boundaries (it decides a
  // little later than the calibrated engine), so it may read lower, never clearly higher.
  for (const [name, rates, seed] of [
    [
      'marginal lesion (T/B ≈ 1.8 at 100 cps)',
      { tissueCps: 99, excessCps: 80, probeBackgroundCps: 1, deadTimeSeconds: 4e-6 },
      11,
    ],
    [
      'clear lesion (T/B ≈ 2.5 at 20 cps)',
      { tissueCps: 19, excessCps: 30, probeBackgroundCps: 1, deadTimeSeconds: 4e-6 },
      12,
    ],
    [
      'weak lesion (T/B ≈ 1.3 at 100 cps)',
      { tissueCps: 99, excessCps: 30, probeBackgroundCps: 1, deadTimeSeconds: 4e-6 },
      13,
    ],
  ] as const) {
    test(`model against a simulation of the live engine (seed ${seed}): ${name}`, () => {
      const rule = verdictRule({ spreadCv: 0.25, backgroundSites: 8 });
      const model = correctVerdictProbability(rates, rule);
      const simulated = simulateEngine(rates, rule, createRandom(seed), 3000);
      const se = Math.sqrt((simulated * (1 - simulated)) / 3000) + 1e-3;
      assert.ok(model.positive <= simulated + 3 * se, `model ${model.positive} vs simulated ${simulated}`);
      assert.ok(
        model.positive >= simulated - 3 * se - 0.06,
        `model ${model.positive} vs simulated ${simulated}`,
      );
    });
  }
});

describe('default tissue thickness (one slab for every plan)', () => {
  const tracer = resolveTracer({ tracer: 'tc99m-hynic-toc' } as Parameters<typeof resolveTracer>[0]);
  const lookup = planningContext.probe('csi-14mm', 'Tc-99m');
  assert.ok(lookup.ok);
  const probe = lookup.value;
  test('property: within a plan the lesion count rate never rises with depth (issue 12: 179 → 139 → 121 → 132 cps at 1/2/3/5 cm)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 40 }),
        fc.double({ min: 1.5, max: 20, noNaN: true }),
        fc.uniqueArray(fc.integer({ min: 5, max: 80 }), { minLength: 2, maxLength: 6 }),
        fc.double({ min: 1, max: 12, noNaN: true }),
        (diameterMm, uptakeRatio, depthsMm, hours) => {
          const lesions = depthsMm
            .map((d) => Math.max(d / 10, diameterMm / 20))
            .sort((a, b) => a - b)
            .map((depthCm, i) => ({ label: `l${i}`, diameterMm, depthCm, uptakeRatio }));
          const model = new PlanModel({
            tracer,
            physicalHalfLifeHours: 6.0067,
            injectedActivityMBq: 600,
            bodyMassKg: 73,
            probe,
            rule: { alpha: 0.05, beta: 0.05, minimumRatio: 1.5, frameSeconds: 0.1 },
            countSeconds: 5,
            planTissueThicknessCm: defaultTissueThicknessCm(),
            verdictRule: verdictRule({}),
          });
          const at = lesions.map((l) => model.ratesAt(model.lesionModel(l), hours));
          // A lesion that has washed out below the tissue around it (T/B < 1, possible hours after the
          // reference time) is cold: deeper, it takes away less. The property is about hot lesions.
          fc.pre((at[0]?.tissueRatio ?? 0) >= 1);
          const rates = at.map((r) => r.lesionCps);
          for (let i = 1; i < rates.length; i++)
            assert.ok((rates[i] ?? 0) <= (rates[i - 1] ?? 0) * (1 + 1e-12), `${rates.join(' → ')}`);
        },
      ),
      { numRuns: 60, seed: 12 },
    );
  });

  test('property: across separate plans the same lesion deeper never counts more (the default slab does not depend on the plan)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 30 }),
        fc.double({ min: 1.5, max: 20, noNaN: true }),
        fc.integer({ min: 2, max: 45 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 2, max: 45 }),
        (diameterMm, uptakeRatio, depthMm, stepMm, otherMm) => {
          const radius = diameterMm / 20;
          const shallow = Math.max(depthMm / 10, radius);
          const deep = shallow + stepMm / 10;
          fc.pre(deep + radius <= 5);
          // Each lesion in its own plan, next to an unrelated lesion of another depth (which, with the
          // earlier rule, set the slab of the whole plan).
          const other = {
            label: 'other',
            diameterMm: 10,
            depthCm: Math.max(otherMm / 10, 0.5),
            uptakeRatio: 3,
          };
          fc.pre(other.depthCm + 0.5 <= 5);
          const rateIn = (depthCm: number, lesions: unknown[]) => {
            const parsed = parsePlan({
              ...example,
              tissueThicknessCm: undefined,
              lesions: [{ label: 'l', diameterMm, depthCm, uptakeRatio }, ...lesions],
            });
            assert.ok(parsed.ok);
            const tracer = resolveTracer(parsed.value);
            const model = new PlanModel({
              tracer,
              physicalHalfLifeHours: 6.0067,
              injectedActivityMBq: 600,
              bodyMassKg: 72,
              probe,
              rule: { alpha: 0.01, beta: 0.05, minimumRatio: 1.5, frameSeconds: 0.1 },
              countSeconds: 5,
              planTissueThicknessCm: parsed.value.tissueThicknessCm ?? defaultTissueThicknessCm(),
              verdictRule: verdictRule({}),
            });
            const lesion = parsed.value.lesions[0];
            assert.ok(lesion);
            return model.ratesAt(model.lesionModel(lesion), 4);
          };
          const a = rateIn(shallow, []);
          const b = rateIn(deep, [other]);
          fc.pre(a.tissueRatio >= 1);
          assert.ok(b.lesionCps <= a.lesionCps * (1 + 1e-12), `${a.lesionCps} → ${b.lesionCps}`);
        },
      ),
      { numRuns: 80, seed: 12 },
    );
  });

  test('issue 12 figures: 1/2/3 cm give falling rates in separate plans, and a lesion beyond the default slab asks for a thickness', () => {
    const one = (depthCm: number) =>
      plan({
        ...example,
        tissueThicknessCm: undefined,
        lesions: [{ label: `${depthCm} cm`, diameterMm: 10, depthCm, uptakeRatio: 8 }],
      });
    const rates = [1, 2, 3].map((d) => one(d).lesions[0]?.expectedRateCps ?? 0);
    for (let i = 1; i < rates.length; i++)
      assert.ok((rates[i] ?? 0) < (rates[i - 1] ?? 0), rates.join(' → '));
    assert.deepEqual(
      [1, 2, 3].map((d) => one(d).lesions[0]?.tissueThicknessCm),
      [5, 5, 5],
    );
    const parsed = parsePlan({
      ...example,
      tissueThicknessCm: undefined,
      lesions: [{ label: 'deep', diameterMm: 10, depthCm: 5, uptakeRatio: 8 }],
    });
    assert.ok(parsed.ok);
    const r = computePlan(parsed.value, planningContext);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.issues[0]?.path, 'lesions[0].depthCm');
      assert.match(
        r.issues[0]?.message ?? '',
        /far edge \(5\.5 cm\) lies beyond the default 5 cm .* give tissueThicknessCm/,
      );
    }
    // Stating it is enough.
    const stated = parsePlan({
      ...example,
      tissueThicknessCm: 7,
      lesions: [{ label: 'deep', diameterMm: 10, depthCm: 5, uptakeRatio: 8 }],
    });
    assert.ok(stated.ok && computePlan(stated.value, planningContext).ok);
  });
});

function verdictRule(overrides: Partial<VerdictRule>): VerdictRule {
  return {
    rule: 'adaptive',
    ratio: 1.5,
    alpha: 0.05,
    beta: 0.05,
    frameSeconds: 0.1,
    countSeconds: 5,
    backgroundSites: 3,
    backgroundSiteSeconds: 10,
    spreadCv: 0.25,
    spreadPrior: null,
    ...overrides,
  };
}

function normal(random: RandomSource): number {
  // Box–Muller.
  const u = Math.max(random.nextFloat(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextFloat());
}

function simulateEngine(rates: SourceRates, rule: VerdictRule, random: RandomSource, trials: number): number {
  const background = plannedBackgroundModel(rates, rule);
  const config: DecisionConfig = { rule: rule.rule, ratio: rule.ratio, alpha: rule.alpha, beta: rule.beta };
  const calibrations = new SprtCalibrationCache();
  const sigma = Math.sqrt(Math.log1p(rule.spreadCv ** 2));
  const frames = Math.round(rule.countSeconds / rule.frameSeconds);
  let positives = 0;
  for (let t = 0; t < trials; t++) {
    const tissue = rates.tissueCps * Math.exp(sigma * normal(random) - sigma ** 2 / 2);
    const trueCps = rates.probeBackgroundCps + tissue + rates.excessCps;
    const observedCps = trueCps / (1 + trueCps * rates.deadTimeSeconds);
    const runner = createRule(config, {
      background,
      frameSeconds: rule.frameSeconds,
      deadTime: { model: 'non-paralysable', deadTimeSeconds: rates.deadTimeSeconds },
      calibrations,
    });
    for (let f = 0; f < frames && runner.verdict() === 'undecided'; f++)
      runner.push(samplePoisson(random, observedCps * rule.frameSeconds), rule.frameSeconds);
    if (runner.verdict() === 'positive') positives++;
  }
  return positives / trials;
}
