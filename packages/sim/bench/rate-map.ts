// Expected observed rate (cps, with probe background and dead time) over a 2 cm grid of the survey plane,
// probe pointing into the patient: what a user sees moving the probe over the body map. Background sites
// suggested by the scenario are marked with *.
// Run: npx tsx packages/sim/bench/rate-map.ts [scenario] [probe]
import { createSimulation, findScenario } from '../src/index.js';

const name = process.argv[2] ?? 'ileal-net-hynic-toc';
const scenario = findScenario(name);
if (!scenario) throw new Error(`unknown scenario ${name}`);
const probe = process.argv[3];
const sim = createSimulation({ scenario, seed: 1, ...(probe ? { probe } : {}) });
const map = sim.bodyMap();
const xs = Array.from({ length: 15 }, (_, i) => -14 + 2 * i);
const suggested = new Set(map.backgroundSites.map((s) => `${s.xCm},${s.yCm}`));
console.log(
  `${name}, ${sim.probe.id}, z = ${map.surveyPlaneZCm} cm; rows y (cm, head up), columns x (cm, patient left)`,
);
console.log(`y\\x ${xs.map((x) => String(x).padStart(6)).join('')}`);
for (let y = 28; y >= -30; y -= 2) {
  const row = xs.map((x) => {
    const cps = sim.expectedRateCps({ positionCm: [x, y, map.surveyPlaneZCm], direction: [0, 0, -1] });
    return `${cps.toFixed(0)}${suggested.has(`${x},${y}`) ? '*' : ''}`.padStart(6);
  });
  console.log(`${String(y).padStart(4)}${row.join('')}`);
}
