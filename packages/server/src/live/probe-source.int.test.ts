// A real probe driver as a station: an OpenRGS line-protocol bridge over TCP (a local server plays it).
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { encodeOpenRgsLine as line } from '@openrgs/probe';
import { ProbeStationSource, parseProbeSpec } from './probe-source.js';

const sockets: Socket[] = [];
const bridge = createServer((socket) => {
  sockets.push(socket);
  socket.on('data', (data) => {
    if (!data.toString().startsWith('$HOST')) return;
    let out = line('HELLO', { v: 1, id: 'bridge-1', model: 'esp32', t: 0 });
    for (let s = 1; s <= 4; s++) out += line('C', { s, t: (s - 1) * 100000, d: 100000, n: 3 * s });
    socket.write(out);
  });
});
after(() => bridge.close());

test('frames and status of a TCP probe reach the station sink; a dropped link is reported', async () => {
  await new Promise<void>((resolve) => bridge.listen(0, '127.0.0.1', resolve));
  const { port } = bridge.address() as { port: number };
  const source = new ProbeStationSource(parseProbeSpec(`openrgs:tcp://127.0.0.1:${port}`, 'probe-1'));
  assert.equal(source.kind, 'probe');
  const frames: { counts: number; durationSeconds: number; at: number }[] = [];
  const statuses: string[] = [];
  let wake: (() => void) | null = null;
  source.start({
    frame: (f, at) => {
      frames.push({ counts: f.counts, durationSeconds: f.durationSeconds, at });
      wake?.();
    },
    status: (s) => {
      statuses.push(s);
      wake?.();
    },
  });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise<void>((r) => (wake = r));
  };
  await until(() => frames.length >= 4);
  assert.deepEqual(
    frames.map((f) => f.counts),
    [3, 6, 9, 12],
  );
  assert.ok(frames.every((f) => Math.abs(f.durationSeconds - 0.1) < 1e-9));
  assert.ok(Math.abs(frames[0]!.at - Date.now()) < 60_000, 'arrival stamped in epoch ms');
  assert.ok(statuses.includes('connected'));
  for (const s of sockets) s.destroy();
  await until(() => statuses.includes('disconnected'));
  await source.stop();
});

test('a bad probe spec is refused with the expected form', () => {
  assert.throws(
    () => parseProbeSpec('usb', 'p'),
    /is not PROTOCOL:PORT with PROTOCOL one of openrgs, gmc, radpro|is not PROTOCOL:PORT/,
  );
  assert.throws(() => parseProbeSpec('foo:/dev/ttyUSB0', 'p'), /PROTOCOL one of/);
});
