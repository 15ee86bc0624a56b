// The honest-confidence calibration grid of packages/counting/README.md (part C): stated vs measured error
// of the live rule (decision-settings.ts liveDecisionConfig) over CV 0/10/30/50 % × 1/2/3/5/8 sites, one
// scenario at a time so the CPU is shared fairly on a loaded machine; prints the README's table rows.
// Usage: npx tsx packages/counting/bench/confidence-grid.ts [--seed N] [--patients N] [--cvs 0,0.1] [--sites 1,2]
// [--alpha A] (default the live alpha)
import { parseArgs } from 'node:util';
import { liveDecisionConfig, runConfidenceScenarios, SprtCalibrationCache } from '@openrgs/counting';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '12' },
    patients: { type: 'string', default: '500' },
    cvs: { type: 'string', default: '0,0.1,0.3,0.5' },
    sites: { type: 'string', default: '1,2,3,5,8' },
    alpha: { type: 'string' },
  },
});
const seed = Number(values.seed);
const patients = Number(values.patients);
const cvs = values.cvs.split(',').map(Number);
const sites = values.sites.split(',').map(Number);
const decision = {
  ...liveDecisionConfig(),
  ...(values.alpha === undefined ? {} : { alpha: Number(values.alpha) }),
};
console.log(
  `seed ${seed}, ${patients} patients per scenario, rule ${decision.rule} T/B ${decision.ratio} alpha ${decision.alpha} beta ${decision.beta}`,
);
const calibrations = new SprtCalibrationCache(4096);
const pct = (x: number) => x.toFixed(2);
for (const cv of cvs) {
  for (const k of sites) {
    const c0 = process.cpuUsage();
    const [s] = runConfidenceScenarios({ seed, patients, cvs: [cv], sites: [k], decision }, calibrations);
    if (!s) throw new Error('no scenario');
    const cpu = process.cpuUsage(c0);
    const p = s.positive;
    const n = s.negative;
    console.log(
      `| ${(cv * 100).toFixed(0)} % | ${k} | ${s.patients} (${s.untestable}) | ${pct(p.statedErrorPercent)} | ${pct(p.measuredErrorPercent)} (${pct(p.measuredLowPercent)}–${pct(p.measuredHighPercent)}) | ${pct(n.statedErrorPercent)} | ${pct(n.measuredErrorPercent)} (${pct(n.measuredLowPercent)}–${pct(n.measuredHighPercent)}) | ${
        s.honest
          ? 'pass'
          : `FAIL: ${s.bins
              .filter((b) => !b.honest)
              .map((b) => `${b.verdict} ≥ ${b.statedPercent} % ${b.errors}/${b.trials}`)
              .join('; ')}`
      } | ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s |`,
    );
  }
}
