// Simulated stations for `--simulate`: a virtual-patient scenario of @openrgs/sim (loaded only when
// asked for), or `poisson:RATE` — constant-rate Poisson frames (RATE in cps), for load tests.
import { PoissonSource } from './poisson-source.js';
import type { StationSource } from './station-source.js';

export class SimulateSpecError extends Error {
  override name = 'SimulationError';
}

export async function loadSimulatedSources(
  scenario: string,
  count: number,
  firstSeed = 1,
): Promise<StationSource[]> {
  const poisson = /^poisson:(.*)$/.exec(scenario);
  if (poisson) {
    const rate = Number(poisson[1]);
    if (!/^\d+(\.\d+)?$/.test(poisson[1] ?? '') || !(rate > 0) || rate > 1e6) {
      throw new SimulateSpecError(
        `'${scenario}': poisson:RATE needs a rate in cps, > 0 and ≤ 1e6 (e.g. poisson:150)`,
      );
    }
    return Array.from({ length: count }, (_, i) => new PoissonSource(`sim-${i + 1}`, rate, firstSeed + i));
  }
  const { simulatedSources } = await import('./simulated-source.js');
  return simulatedSources(scenario, count, firstSeed);
}
