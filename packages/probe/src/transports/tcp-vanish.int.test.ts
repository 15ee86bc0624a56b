// Issue 15 case 3: a TCP bridge that vanishes without closing (power or Wi-Fi loss) — the socket stays
// open on our side and no byte comes. A real local server plays the bridge: OpenRGS line protocol
// (docs/openrgs-line-protocol.md), one C line per 100 ms of device time, sent every 50 ms of real time.
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { encodeOpenRgsLine as line } from '../codecs/openrgs-line.js';
import { openProbe } from '../open-probe.js';
import type { ProbeEvent } from '../types.js';

describe('tcp bridge that vanishes without closing', () => {
  const sockets: Socket[] = [];
  const timers: NodeJS.Timeout[] = [];
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    const connection = connections;
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      if (!data.toString().startsWith('$HOST')) return;
      socket.write(line('HELLO', { v: 1, id: 'bridge-1', model: 'esp32-bridge', t: 0 }));
      let s = 0;
      const timer = setInterval(() => {
        s++;
        // The first connection's bridge "loses power" after 6 lines: it stops, its socket stays open.
        if (connection === 1 && s > 6) return;
        socket.write(line('C', { s, t: (s - 1) * 100000, d: 100000, n: 5 }));
      }, 50);
      timers.push(timer);
    });
  });
  after(() => {
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.destroy();
    server.close();
  });

  test('silence on an open socket → reconnect → frames again (real sockets, real time)', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    const driver = openProbe({
      protocol: 'openrgs',
      port: `tcp://127.0.0.1:${address.port}`,
      reconnectAfterSilenceMs: 800,
      backoff: { initialMs: 50, factor: 2, maxMs: 400, jitter: 0 },
    });
    const events: ProbeEvent[] = [];
    driver.subscribe((e) => events.push(e));
    const resumed = new Promise<void>((resolve) =>
      driver.subscribe((e) => {
        if (e.type === 'frame' && e.frame.epoch === 2) resolve();
      }),
    );
    await driver.connect();
    const outcome = await Promise.race([
      resumed.then(() => 'resumed'),
      new Promise<string>((r) => setTimeout(() => r('timed out'), 5000)),
    ]);
    await driver.disconnect();
    assert.equal(outcome, 'resumed');
    assert.equal(connections, 2);
    const statuses = events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
    const dropped = statuses.find((s) => s.kind === 'disconnected');
    assert.ok(dropped?.kind === 'disconnected' && /no byte from the device/.test(dropped.reason));
    assert.ok(
      statuses.some((s) => s.kind === 'silent'),
      'SILENT shown before the reconnect',
    );
  });
});
