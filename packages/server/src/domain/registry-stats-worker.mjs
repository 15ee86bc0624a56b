// Worker thread for registry statistics: the bootstrap costs replicates × lesions² and must never run on
// the event loop that carries live probe sessions and /api/health.
// workerData: { input, options }; posts { stats } or { error }.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
try {
  const { registryStats } = await import('@openrgs/report');
  parentPort.postMessage({ stats: registryStats(workerData.input, workerData.options) });
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
