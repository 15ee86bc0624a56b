// The recommended windows per tracer against published protocols (docs/planning.md §5, "Windows per
// tracer"): the example plan, then a 15 mm lesion 1 cm deep at several uptake ratios for each tracer, with
// the between-site spread and the rule varied. Usage: npx tsx packages/planning/bench/windows.ts
import { readFileSync } from 'node:fs';
import { computePlan, type PlanResult, parsePlan, planningContext } from '@openrgs/planning';

function run(input: Record<string, unknown>): PlanResult {
  const parsed = parsePlan(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const r = computePlan(parsed.plan, planningContext);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.result;
}

const f = (x: number | undefined, d = 1) => (x === undefined ? '—' : x.toFixed(d));
function describe(r: PlanResult): string {
  const w = r.window;
  const u = r.windowUncertainty;
  const v = r.verdictModel;
  const model = `${v.rule}, ${v.backgroundSites} sites, CV ${f(100 * v.spreadCv, 0)} %`;
  if (!w.ok)
    return `no window — ${model}; best ${r.lesions.map((l) => f(l.correctVerdictProbability.best, 2)).join('/')}`;
  return `${f(w.fromHours, 2)}–${f(w.toHours, 2)} h (optimum ${f(w.optimumHours, 2)} h, P ${f(w.optimumProbability, 3)}), spread ${f(u?.fromHoursLow, 2)}–${f(u?.toHoursHigh, 2)} h — ${model}; undetectable: ${r.undetectableLesions.map((x) => x.label).join(', ') || 'none'}`;
}

const example = JSON.parse(
  readFileSync(new URL('../../../examples/plan-ileal-net.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
console.log(`examples/plan-ileal-net.json (600 MBq, surgery 4–7 h): ${describe(run(example))}`);
for (const [cv, sites] of [
  [0, undefined],
  [0.5, undefined],
  [0.25, 3],
] as const) {
  const r = run({ ...example, decision: { siteSpreadCv: cv, ...(sites ? { backgroundSites: sites } : {}) } });
  console.log(`  with CV ${cv * 100} %${sites ? `, ${sites} sites` : ''}: ${describe(r)}`);
}
console.log(`  with rule sprt: ${describe(run({ ...example, decision: { rule: 'sprt' } }))}`);
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
    const r = run({
      ...t,
      injectedAt: '2026-03-10T07:00:00+01:00',
      surgeryDurationMinutes: 60,
      patient: { bodyMassKg: 73 },
      lesions: [{ label: `15 mm/1 cm U ${uptakeRatio}`, diameterMm: 15, depthCm: 1, uptakeRatio }],
    });
    console.log(`${t.tracer} ${t.injectedActivityMBq} MBq, 15 mm/1 cm, U ${uptakeRatio}: ${describe(r)}`);
  }
}
