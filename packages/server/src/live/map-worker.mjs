// Worker thread of the live freehand map (map-worker-core.ts): messages { init } once, then { frames } and
// { update }; posts { update } (or { update: null } when there is not enough yet) and { error }.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { createMapWorkerState } = await import('./map-worker-core.ts');
let state = null;
parentPort.on('message', (message) => {
  try {
    if (message.init) state = createMapWorkerState(message.init, () => performance.now());
    else if (message.frames) state?.add(message.frames);
    else if (message.update) parentPort.postMessage({ update: state ? state.update() : null });
  } catch (error) {
    parentPort.postMessage({
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
parentPort.postMessage({ ready: true });
