// Worker thread that generates the synthetic demo registry: building the three simulated patients takes
// seconds of CPU, which must not stall the event loop that carries live probe sessions.
// workerData: { casesPerScenario, seed }; posts { rows } or { error }.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
try {
  const { generateSyntheticRegistry } = await import('./synthetic-registry.ts');
  parentPort.postMessage({ rows: generateSyntheticRegistry(workerData) });
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
