// Expected observed rate (cps, with probe background and dead time) with the probe tip on the surface
// (skin or exposed plane) straight above each lesion, and 4 cm to the patient's left of that.
// Run: npx tsx packages/sim/bench/contrast.ts
import { createSimulation, SCENARIOS } from '../src/index.js';

console.log(
  'scenario                     | lesion               | over lesion cps | 4 cm lateral cps | ratio',
);
for (const scenario of SCENARIOS) {
  const sim = createSimulation({ scenario: scenario.name, seed: 1 });
  const map = sim.bodyMap();
  for (const lesion of scenario.lesions) {
    const [x, y, zLesion] = lesion.centerCm;
    const depth = map.lesions.find((l) => l.id === lesion.id)?.depthBelowSurfaceCm ?? 0;
    const z = zLesion + depth + 0.01;
    const over = sim.expectedRateCps({ positionCm: [x, y, z], direction: [0, 0, -1] });
    const beside = sim.expectedRateCps({ positionCm: [x + 4, y, z], direction: [0, 0, -1] });
    console.log(
      `${scenario.name.padEnd(28)} | ${lesion.id.padEnd(20)} | ${over.toFixed(1).padStart(15)} | ${beside.toFixed(1).padStart(16)} | ${(over / beside).toFixed(2)}`,
    );
  }
}
