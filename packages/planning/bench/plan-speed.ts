// Speed of `rgs plan` on a PLAN.json, split into the probe response table (built once per probe × nuclide
// and process) and the plan itself; wall and process CPU time (CPU excludes time other processes had the
// CPU on a shared machine). Usage: npx tsx packages/planning/bench/plan-speed.ts [PLAN.json ...]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { computePlan, parsePlanText, planningContext, resolveTracer } from '@openrgs/planning';

function timed<T>(f: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wallMs, cpuMs: (c.user + c.system) / 1000 };
}

const files = process.argv.slice(2);
if (files.length === 0) files.push('examples/plan-ileal-net.json');
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}; startup to here ${performance.now().toFixed(0)} ms wall`,
);
for (const file of files) {
  const parsed = parsePlanText(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
  const plan = parsed.value;
  const nuclide = resolveTracer(plan).nuclide;
  const table = timed(() => planningContext.probe(plan.probe, nuclide));
  const first = timed(() => computePlan(plan, planningContext));
  const second = timed(() => computePlan(plan, planningContext));
  if (!first.value.ok) throw new Error(JSON.stringify(first.value.issues));
  const f = (t: { wallMs: number; cpuMs: number }) =>
    `${t.wallMs.toFixed(0)} ms wall / ${t.cpuMs.toFixed(0)} ms CPU`;
  console.log(`${file} (${plan.probe}, ${nuclide}, ${plan.lesions.length} lesions)`);
  console.log(`  response table:   ${f(table)}`);
  console.log(`  plan, first run:  ${f(first)}`);
  console.log(`  plan, again:      ${f(second)}`);
}
