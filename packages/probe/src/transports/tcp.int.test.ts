// TCP transport against a real local socket server (a network bridge stand-in).
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { ManualClock } from '../clock.js';
import { encodeOpenRgsLine as line } from '../codecs/openrgs-line.js';
import { openProbe } from '../open-probe.js';
import type { ProbeEvent } from '../types.js';
import { parseTcpAddress } from './tcp.js';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('tcp://host:port transport', () => {
  test('addresses: host names, IPv4, bracketed IPv6; bad ones refused', () => {
    assert.deepEqual(parseTcpAddress('tcp://bridge.local:7070'), { host: 'bridge.local', port: 7070 });
    assert.deepEqual(parseTcpAddress('tcp://[::1]:9'), { host: '::1', port: 9 });
    assert.equal(parseTcpAddress('tcp://host:0'), undefined);
    assert.equal(parseTcpAddress('tcp://host:70000'), undefined);
    assert.equal(parseTcpAddress('udp://host:1'), undefined);
  });

  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (data) => {
      if (data.toString().startsWith('$HOST')) {
        socket.write(line('HELLO', { v: 1, id: 'bridge-1', model: 'esp32-bridge', t: 0 }));
        socket.write(line('C', { s: 1, t: 0, d: 100000, n: 9 }));
      }
    });
  });
  after(() => server.close());

  test('an OpenRGS bridge over TCP: frames arrive; the peer closing is a disconnection', async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    const clock = new ManualClock();
    const driver = openProbe({ protocol: 'openrgs', port: `tcp://127.0.0.1:${address.port}`, clock });
    const events: ProbeEvent[] = [];
    driver.subscribe((e) => events.push(e));
    const result = await driver.connect();
    assert.deepEqual(result, { ok: true, value: { transport: `tcp 127.0.0.1:${address.port}` } });
    for (let i = 0; i < 50 && !events.some((e) => e.type === 'frame'); i++) await settle();
    assert.deepEqual(
      events.flatMap((e) => (e.type === 'frame' ? [e.frame.counts] : [])),
      [9],
    );
    for (const s of sockets) s.destroy();
    for (
      let i = 0;
      i < 50 && !events.some((e) => e.type === 'status' && e.status.kind === 'disconnected');
      i++
    )
      await settle();
    assert.ok(events.some((e) => e.type === 'status' && e.status.kind === 'disconnected'));
    await driver.disconnect();
  });

  test('nothing listening: connect() reports the refusal', async () => {
    const clock = new ManualClock();
    const driver = openProbe({ protocol: 'openrgs', port: 'tcp://127.0.0.1:1', clock });
    const result = await driver.connect();
    assert.equal(result.ok, false);
    const [issue] = result.ok ? [] : result.issues;
    assert.equal(issue?.kind, 'unavailable');
    assert.equal(issue?.code, 'cannot-open');
    assert.match(issue?.message ?? '', /cannot open tcp 127\.0\.0\.1:1: .*ECONNREFUSED/);
    await driver.disconnect();
  });
});
