// Where the counts over a lesion come from (source rates, cps, before dead time and without the probe's
// own background): the lesions themselves, normal tissue seen through the collimator bore, and normal
// tissue seen through the shield metal. "Through the bore" is the same scenario with the shield made
// opaque (tungsten/lead attenuation × 1000, the probe's geometry unchanged); "through the shield" is the
// difference. Lesion part = with lesions − without.
// Run: npx tsx packages/sim/bench/contrast-breakdown.ts [scenario ...]
import { createSimulation, findScenario, physics, type Scenario, type SimPhysics } from '../src/index.js';

const opaqueShield: SimPhysics = {
  ...physics,
  attenuation: (material, energyKeV) => {
    const a = physics.attenuation(material, energyKeV);
    if (material !== 'tungsten' && material !== 'lead') return a;
    return { ...a, totalPerCm: a.totalPerCm * 1000, photoelectricPerCm: a.photoelectricPerCm * 1000 };
  },
};

const names = process.argv.slice(2);
for (const name of names.length > 0 ? names : ['ileal-net-hynic-toc', 'ileal-primary-occult-node']) {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(`unknown scenario ${name}`);
  const bare: Scenario = { ...scenario, lesions: [] };
  const sims = {
    full: createSimulation({ scenario, seed: 1 }),
    bare: createSimulation({ scenario: bare, seed: 1 }),
    bareOpaque: createSimulation({ scenario: bare, seed: 1, physics: opaqueShield }),
  };
  const map = sims.full.bodyMap();
  console.log(`${name} (${sims.full.probe.id}, ${scenario.nuclide}); source cps`);
  console.log(
    'lesion             | pose        | total  | lesions | tissue via bore | tissue via shield | shield share of tissue',
  );
  for (const lesion of scenario.lesions) {
    const [x, y] = lesion.centerCm;
    for (const [pose, dx] of [
      ['over', 0],
      ['4 cm left', 4],
    ] as const) {
      const p = {
        positionCm: [x + dx, y, map.surveyPlaneZCm] as [number, number, number],
        direction: [0, 0, -1] as [number, number, number],
      };
      const total = sims.full.sourceRateCps(p);
      const tissue = sims.bare.sourceRateCps(p);
      const bore = sims.bareOpaque.sourceRateCps(p);
      console.log(
        `${lesion.id.padEnd(18)} | ${pose.padEnd(11)} | ${total.toFixed(1).padStart(6)} | ${(total - tissue).toFixed(1).padStart(7)} | ${bore.toFixed(1).padStart(15)} | ${(tissue - bore).toFixed(1).padStart(17)} | ${((100 * (tissue - bore)) / tissue).toFixed(0)} %`,
      );
    }
  }
}
