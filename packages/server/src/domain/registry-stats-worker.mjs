// Worker thread for registry statistics: the bootstrap costs replicates × lesions² and must never run on
// the event loop that carries live probe sessions and /api/health.
// workerData: { input, options }; posts { ready } once loaded (the time budget starts there), then
// { stats } or { error }. Only the statistics module is loaded, not the PDF and FHIR parts of the package.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
try {
  const { registryStats } = await import('@openrgs/report/registry-stats');
  parentPort.postMessage({ ready: true });
  parentPort.postMessage({ stats: registryStats(workerData.input, workerData.options) });
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
