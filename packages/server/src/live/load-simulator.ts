// The simulator is loaded only when a simulated station is asked for.
import type { StationSource } from './station-source.js';

export async function loadSimulatedSources(
  scenario: string,
  count: number,
  firstSeed = 1,
): Promise<StationSource[]> {
  const { simulatedSources } = await import('./simulated-source.js');
  return simulatedSources(scenario, count, firstSeed);
}
