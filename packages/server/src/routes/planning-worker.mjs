// Worker thread for POST /api/planning/plan: a plan takes about a second of CPU (window spread, SPRT
// calibrations), which must not stall the event loop that carries live probe sessions.
// Messages in: { id, plan, options } (a validated PLAN.json; options: the learnt spread prior, if any); out: { id, ok, result | issues } or { id, crash }.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const planning = await import('@openrgs/planning');
const environment = await planning.createPlanningContext();

parentPort.on('message', (message) => {
  const { id, plan, options } = message;
  try {
    parentPort.postMessage({ id, ...planning.computePlan(plan, environment.context, options ?? {}) });
  } catch (error) {
    parentPort.postMessage({
      id,
      crash: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
