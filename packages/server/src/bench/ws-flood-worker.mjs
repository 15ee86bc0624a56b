// A hostile WebSocket client, in its own thread: `sockets` connections to /api/live that never
// authenticate and send `{"type":"ping"}` as fast as they can, reconnecting whenever the server closes
// them, for `ms` milliseconds. Posts { connections, messages, closeCodes } when done.
// Used by the WebSocket flood test (live-hostile.int.test.ts) and `rgs bench hostile`.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, sockets, ms, origin } = workerData;
const until = Date.now() + ms;
let connections = 0;
let messages = 0;
const closeCodes = {};

function flood(done) {
  if (Date.now() >= until) return done();
  connections += 1;
  const ws = new WebSocket(url, origin ? { origin } : {});
  let timer = null;
  const burst = () => {
    if (ws.readyState !== WebSocket.OPEN) return;
    for (let i = 0; i < 50; i += 1) {
      ws.send('{"type":"ping"}');
      messages += 1;
    }
    timer = setImmediate(burst);
  };
  ws.on('open', burst);
  ws.on('message', () => {});
  ws.on('error', () => {});
  ws.on('close', (code) => {
    if (timer) clearImmediate(timer);
    closeCodes[code] = (closeCodes[code] ?? 0) + 1;
    flood(done);
  });
}

let running = sockets;
for (let i = 0; i < sockets; i += 1) {
  flood(() => {
    running -= 1;
    if (running === 0) parentPort.postMessage({ connections, messages, closeCodes });
  });
}
