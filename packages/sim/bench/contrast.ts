// Expected observed rate (cps, with probe background and dead time) with the probe tip on the surface
// (skin or exposed plane) straight above each lesion, 4 cm to the patient's left of that, and the mean over
// the scenario's suggested background sites (body map), with the two ratios.
// Run: npx tsx packages/sim/bench/contrast.ts
import { createSimulation, SCENARIOS } from '../src/index.js';

console.log(
  'scenario                     | lesion               | over lesion cps | 4 cm lateral cps | ratio | suggested sites cps (n) | ratio',
);
for (const scenario of SCENARIOS) {
  const sim = createSimulation({ scenario: scenario.name, seed: 1 });
  const map = sim.bodyMap();
  const sites = map.backgroundSites.map((s) =>
    sim.expectedRateCps({ positionCm: [s.xCm, s.yCm, map.surveyPlaneZCm], direction: [0, 0, -1] }),
  );
  const siteMean = sites.length > 0 ? sites.reduce((a, b) => a + b, 0) / sites.length : Number.NaN;
  for (const lesion of scenario.lesions) {
    const [x, y, zLesion] = lesion.centerCm;
    const depth = map.lesions.find((l) => l.id === lesion.id)?.depthBelowSurfaceCm ?? 0;
    const z = zLesion + depth + 0.01;
    const over = sim.expectedRateCps({ positionCm: [x, y, z], direction: [0, 0, -1] });
    const beside = sim.expectedRateCps({ positionCm: [x + 4, y, z], direction: [0, 0, -1] });
    const spread =
      sites.length > 0
        ? `${siteMean.toFixed(1)} (${Math.min(...sites).toFixed(0)}–${Math.max(...sites).toFixed(0)}, ${sites.length})`
        : '—';
    console.log(
      `${scenario.name.padEnd(28)} | ${lesion.id.padEnd(20)} | ${over.toFixed(1).padStart(15)} | ${beside.toFixed(1).padStart(16)} | ${(over / beside).toFixed(2)} | ${spread.padStart(23)} | ${sites.length > 0 ? (over / siteMean).toFixed(2) : '—'}`,
    );
  }
}
