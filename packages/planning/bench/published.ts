// The figures of docs/planning.md §5 (model against published series) for the sim probes and, as the
// analytic cross-check, the closed-form probe of point-response.ts. The pass/fail checks are the tests in
// src/plan.test.ts; this prints the numbers for the table. Usage: npx tsx packages/planning/bench/published.ts
import {
  computePlan,
  type PlanningContext,
  type PlanResult,
  parsePlan,
  planningContext,
} from '@openrgs/planning';
import { closedFormContext } from '../src/test-context.js';

const base = {
  tracer: 'tc99m-hynic-toc',
  injectedActivityMBq: 600,
  injectedAt: '2026-03-10T07:00:00+01:00',
  surgeryStart: '2026-03-10T11:00:00+01:00',
  surgeryDurationMinutes: 120,
  patient: { bodyMassKg: 73 },
};

function run(
  context: PlanningContext,
  probe: string,
  overrides: Record<string, unknown>,
  lesions: Record<string, unknown>[],
): PlanResult {
  const parsed = parsePlan({ ...base, probe, ...overrides, lesions });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const r = computePlan(parsed.value, context);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const f = (x: number | undefined, d = 1) => (x === undefined ? '—' : x.toFixed(d));
function window(r: PlanResult): string {
  const w = r.window;
  const u = r.windowUncertainty;
  if (!w.ok) return `no window (${w.reason})`;
  return `window ${f(w.fromHours, 2)}–${f(w.toHours, 2)} h (optimum ${f(w.optimumHours, 2)} h), spread ${f(u?.fromHoursLow, 2)}–${f(u?.toHoursHigh, 2)} h`;
}

const setups: { name: string; context: PlanningContext; soft: string; ga: string }[] = [
  { name: 'sim probes', context: planningContext, soft: 'csi-14mm', ga: 'high-energy-511' },
  { name: 'sim csi-14mm for every nuclide', context: planningContext, soft: 'csi-14mm', ga: 'csi-14mm' },
  { name: 'closed form (old)', context: closedFormContext, soft: 'closed-form-14mm', ga: 'closed-form-14mm' },
];

for (const s of setups) {
  console.log(`\n== ${s.name}: ${s.soft} (Tc-99m, In-111), ${s.ga} (Ga-68)`);
  const typical = { label: 'typical', diameterMm: 15, depthCm: 1, uptakeRatio: 5 };
  for (const activity of [550, 650]) {
    const r = run(s.context, s.soft, { injectedActivityMBq: activity }, [typical]);
    console.log(`Hodolič ${activity} MBq, 15 mm/1 cm U 5: ${window(r)}`);
  }
  const hod = run(
    s.context,
    s.soft,
    {},
    [
      [15, 1],
      [9, 1],
      [50, 3],
      [30, 4],
      [7, 2],
    ].map(([d, z]) => ({ label: `${d} mm/${z} cm`, diameterMm: d, depthCm: z, uptakeRatio: 5 })),
  );
  console.log(
    `Hodolič P(+ in 5 s) at 4 h, U 5: ${hod.lesions.map((l) => `${l.label} ${f(l.detectionProbability5s, 3)} (T/B ${f(l.expectedRatio, 2)}, ${f(l.expectedRateCps, 0)}/${f(l.expectedBackgroundCps, 0)} cps)`).join('; ')}`,
  );
  const adams = run(
    s.context,
    s.soft,
    { tracer: 'in111-pentetreotide', injectedActivityMBq: 180, surgeryStart: '2026-03-11T07:00:00+01:00' },
    [{ ...typical, uptakeRatio: 10 }],
  );
  console.log(
    `Adams 111In 180 MBq, 24 h, U 10: ${window(adams)}; T/B at 24 h ${f(adams.lesions[0]?.expectedRatio, 2)}`,
  );
  const cock = run(
    s.context,
    s.ga,
    {
      tracer: 'ga68-dotatate',
      injectedActivityMBq: 150,
      surgeryStart: '2026-03-10T08:00:00+01:00',
      surgeryDurationMinutes: 60,
    },
    [{ ...typical, uptakeRatio: 20 }],
  );
  console.log(`Cockburn 68Ga 150 MBq, U 20: ${window(cock)}`);
  const pmc = run(
    s.context,
    s.ga,
    {
      tracer: 'ga68-dotatate',
      injectedActivityMBq: 150,
      surgeryStart: '2026-03-10T08:30:00+01:00',
      surgeryDurationMinutes: 60,
    },
    [0.8, 1, 2].map((depthCm) => ({ label: `${depthCm} cm`, diameterMm: 15.5, depthCm, uptakeRatio: 23 })),
  );
  console.log(
    `PMC6959518 15.5 mm U 23 at 1.5 h: ${pmc.lesions.map((l) => `${l.label} TBR ${f(l.expectedRatio, 2)}, tumour ${f(l.expectedRateCps, 0)} cps, bkg ${f(l.expectedBackgroundCps, 1)} cps`).join('; ')}`,
  );
  const lakis = run(
    s.context,
    s.ga,
    {
      tracer: 'ga68-dotatate',
      injectedActivityMBq: 150,
      surgeryStart: '2026-03-10T10:00:00+01:00',
      surgeryDurationMinutes: 30,
    },
    [{ label: 'omentum', diameterMm: 5, depthCm: 0.5, uptakeRatio: 1.0001 }],
  );
  console.log(
    `El Lakis 150 MBq at 3 h, 5 cm tissue: background ${f(lakis.lesions[0]?.expectedBackgroundCps, 1)} cps (probe's own ${lakis.probe.backgroundCps} cps)`,
  );
}
