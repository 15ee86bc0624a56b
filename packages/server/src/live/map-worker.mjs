// Worker thread of the live freehand map (map-worker-core.ts): messages { init } (a new scan: the state
// starts empty), then { frames, poses? } (tracker samples) and { update } or { final }; posts { update } (or { update: null } when
// there is not enough yet) and { error }. Every request gets exactly one { update } answer.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { createMapWorkerState } = await import('./map-worker-core.ts');
let state = null;
parentPort.on('message', (message) => {
  try {
    if (message.init) state = createMapWorkerState(message.init, () => performance.now());
    else if (message.frames) state?.add(message.frames, message.poses ?? []);
    else if (message.update) parentPort.postMessage({ update: state ? state.update() : null });
    else if (message.final) parentPort.postMessage({ update: state ? state.final() : null });
  } catch (error) {
    parentPort.postMessage({
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    if (message.update || message.final) parentPort.postMessage({ update: null });
  }
});
parentPort.postMessage({ ready: true });
