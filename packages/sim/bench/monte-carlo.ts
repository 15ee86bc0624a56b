// The analytic point-source model against the package's own photon-transport Monte Carlo in water.
// Run: npx tsx packages/sim/bench/monte-carlo.ts   (20,000 histories per point; about a minute)

import { createRandom } from '@openrgs/numeric';
import { messagesOf } from '@openrgs/outcome';
import { findProbePreset, physics, pointSourceCpsPerMBq } from '../src/index.js';
import { waterPhantomRate } from '../src/monte-carlo.js';
import { createProbeResponse } from '../src/response.js';

console.log(
  'probe          | nuclide | depth cm | MC counted/photon (± SE)   | model       | model/MC | build-up MC | build-up model',
);
for (const [probeId, nuclide] of [
  ['csi-14mm', 'Tc-99m'],
  ['csi-14mm-open', 'Tc-99m'],
  ['cdte-11mm', 'In-111'],
  ['high-energy-511', 'Ga-68'],
] as const) {
  const probe = findProbePreset(probeId);
  if (!probe) throw new Error(probeId);
  const made = createProbeResponse({ probe, nuclide, tissue: 'water', physics });
  if (!made.ok) throw new Error(messagesOf(made.issues));
  const line = made.value.lines.reduce((a, b) =>
    a.photonsPerDecay * a.windowFraction >= b.photonsPerDecay * b.windowFraction ? a : b,
  );
  const single = { ...made.value, lines: [line] };
  for (const depth of [1, 3, 6, 10]) {
    const mc = waterPhantomRate({
      probe,
      nuclide,
      energyKeV: line.energyKeV,
      sourceCm: [0, 0, depth],
      histories: 20000,
      random: createRandom(9),
      physics,
    });
    const per = (scatter: boolean) =>
      pointSourceCpsPerMBq(single, 0, depth, depth, { scatter }) / 1e6 / line.photonsPerDecay;
    const total = mc.primaryPerPhoton + mc.scatteredPerPhoton;
    console.log(
      `${probeId.padEnd(14)} | ${nuclide.padEnd(7)} | ${String(depth).padStart(8)} | ${total.toExponential(3)} (± ${mc.standardErrorPerPhoton.toExponential(1)}) | ${per(true).toExponential(3)} | ${(per(true) / total).toFixed(3).padStart(8)} | ${(total / mc.primaryPerPhoton).toFixed(3).padStart(11)} | ${(per(true) / per(false)).toFixed(3)}`,
    );
  }
}
