// The recommended windows per tracer against published protocols (docs/planning.md §5, "Windows per
// tracer"): the example plan, then a 15 mm lesion 1 cm deep at several uptake ratios for each tracer, with
// the between-site spread and the rule varied. Every row uses the operating room's settings (counting
// DECISION_SETTINGS: adaptive, alpha 5 %, the engine's minimum number of sites at the planned spread) with no
// learnt spread, then the same with a learnt prior (CV 25 %, 30 sites' worth). Usage: npx tsx packages/planning/bench/windows.ts
import { readFileSync } from 'node:fs';
import { computePlan, type PlanResult, parsePlan, planningContext } from '@openrgs/planning';

/** A department registry: the spread learnt from past cases at CV 25 %, 30 sites' worth. */
const prior = {
  logVariance: Math.log1p(0.25 ** 2),
  degreesOfFreedom: 30,
  cases: 30,
  sites: 120,
  source: 'bench: a department registry at CV 25 %, 30 sites’ worth',
};
function run(input: Record<string, unknown>, withPrior = false): PlanResult {
  const parsed = parsePlan(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const r = computePlan(parsed.value, planningContext, withPrior ? { spreadPrior: prior } : {});
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const f = (x: number | undefined, d = 1) => (x === undefined ? '—' : x.toFixed(d));
function describe(r: PlanResult): string {
  const w = r.window;
  const u = r.windowUncertainty;
  const v = r.verdictModel;
  const model = `${v.rule}, alpha ${v.alpha}, ${v.backgroundSites} sites, CV ${f(100 * v.spreadCv, 0)} %${v.spreadPrior ? ', learnt prior' : ''}`;
  if (!w.ok)
    return `no window — ${model}; best ${r.lesions.map((l) => f(l.correctVerdictProbability.best, 2)).join('/')}; sites for likely found ${r.lesions.map((l) => l.backgroundSitesForLikelyFound ?? '—').join('/')}`;
  return `${f(w.fromHours, 2)}–${f(w.toHours, 2)} h (optimum ${f(w.optimumHours, 2)} h, P ${f(w.optimumProbability, 3)}), spread ${f(u?.fromHoursLow, 2)}–${f(u?.toHoursHigh, 2)} h — ${model}; undetectable: ${r.undetectableLesions.map((x) => x.label).join(', ') || 'none'}`;
}

const example = JSON.parse(
  readFileSync(new URL('../../../examples/plan-ileal-net.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
console.log(
  `examples/plan-ileal-net.json (600 MBq, surgery 4–7 h), live settings: ${describe(run(example))}`,
);
console.log(`  with the learnt prior: ${describe(run(example, true))}`);
for (const decision of [
  { backgroundSites: 3 },
  { backgroundSites: 4 },
  { alpha: 0.01 },
  { alpha: 0.01, backgroundSites: 16 },
  { siteSpreadCv: 0.1 },
  { siteSpreadCv: 0.5 },
  { rule: 'sprt' },
])
  console.log(`  with ${JSON.stringify(decision)}: ${describe(run({ ...example, decision }))}`);
for (const activity of [60, 300, 1200])
  console.log(`  with ${activity} MBq: ${describe(run({ ...example, injectedActivityMBq: activity }))}`);

const tracers = [
  {
    tracer: 'tc99m-hynic-toc',
    probe: 'csi-14mm',
    injectedActivityMBq: 600,
    surgeryStart: '2026-03-10T11:00:00+01:00',
  },
  {
    tracer: 'in111-pentetreotide',
    probe: 'csi-14mm',
    injectedActivityMBq: 180,
    surgeryStart: '2026-03-11T07:00:00+01:00',
  },
  {
    tracer: 'ga68-dotatate',
    probe: 'high-energy-511',
    injectedActivityMBq: 150,
    surgeryStart: '2026-03-10T08:00:00+01:00',
  },
  {
    tracer: 'ga68-dotatoc',
    probe: 'high-energy-511',
    injectedActivityMBq: 150,
    surgeryStart: '2026-03-10T08:00:00+01:00',
  },
];
for (const t of tracers) {
  for (const uptakeRatio of [5, 10, 20]) {
    for (const withPrior of [false, true]) {
      const r = run(
        {
          ...t,
          injectedAt: '2026-03-10T07:00:00+01:00',
          surgeryDurationMinutes: 60,
          patient: { bodyMassKg: 73 },
          lesions: [{ label: `15 mm/1 cm U ${uptakeRatio}`, diameterMm: 15, depthCm: 1, uptakeRatio }],
        },
        withPrior,
      );
      const atStart = r.lesions[0]?.correctVerdictProbability.atSurgeryStart;
      console.log(
        `${t.tracer} ${t.injectedActivityMBq} MBq, 15 mm/1 cm, U ${uptakeRatio}${withPrior ? ' (learnt prior)' : ''}: ${describe(r)}; P at ${r.hoursAfterInjection.surgeryStart} h ${f(atStart, 2)}`,
      );
    }
  }
}
