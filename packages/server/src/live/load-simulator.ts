// Simulated stations for `--simulate`: a virtual-patient scenario of @openrgs/sim (loaded only when
// asked for), `poisson:RATE` — constant-rate Poisson frames (RATE in cps), for load tests — or
// `spectrometer:NUCLIDE` — a simulated Open Gamma Detector read through the real OGD driver (ids spectro-N).
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
  const spectrometer = /^spectrometer:(.*)$/.exec(scenario);
  if (spectrometer) {
    const { SpectrometerSource } = await import('./spectrometer-source.js');
    const nuclide = spectrometer[1] ?? '';
    try {
      return Array.from(
        { length: count },
        (_, i) => new SpectrometerSource(`spectro-${i + 1}`, nuclide, firstSeed + i),
      );
    } catch (error) {
      throw new SimulateSpecError(
        `'${scenario}': spectrometer:NUCLIDE needs a nuclide with a photopeak (e.g. spectrometer:Tc-99m, In-111, Ga-68): ${(error as Error).message}`,
      );
    }
  }
  const { simulatedSources } = await import('./simulated-source.js');
  return simulatedSources(scenario, count, firstSeed);
}
