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

test('an Open Gamma Detector over TCP: windowed frames reach the sink and the station has a spectrum', async () => {
  // Firmware line format (opengamma_pico.ino line 34): "ch;\r\n". Calibration 0.5 keV/channel from 0:
  // channel 280 = 140 keV (in the Tc-99m 20 % window 126.46–154.56 keV), channel 200 = 100 keV (out).
  const ogd = createServer((socket) => {
    sockets.push(socket);
    const timer = setInterval(() => {
      if (!socket.destroyed) socket.write('280;\r\n280;\r\n200;\r\n');
    }, 100);
    socket.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => ogd.listen(0, '127.0.0.1', resolve));
  const { port } = ogd.address() as { port: number };
  assert.throws(
    () => new ProbeStationSource(parseProbeSpec(`ogd:tcp://127.0.0.1:${port}`, 'probe-1')),
    /needs its energy calibration and a nuclide/,
  );
  const source = new ProbeStationSource({
    ...parseProbeSpec(`ogd:tcp://127.0.0.1:${port}`, 'probe-1'),
    ogd: { keVPerChannel: 0.5, offsetKeV: 0, nuclide: 'Tc-99m', windowPercent: 20 },
  });
  const frames: number[] = [];
  source.start({ frame: (f) => frames.push(f.counts), status: () => {} });
  while (frames.length < 2) await new Promise((r) => setTimeout(r, 100));
  const s = source.spectrum?.();
  assert.ok(s);
  assert.deepEqual(
    s.windows.map((w) => [w.lineKeV, w.lowKeV, w.highKeV]),
    [[140.511, 126.46, 154.562]],
  );
  // Two of every three pulses are in the window; the frames' counts are the in-window counts.
  assert.equal(
    s.inWindowCounts,
    frames.slice(0, s.frames).reduce((a, b) => a + b, 0),
  );
  assert.equal(s.inWindowCounts, 2 * s.outOfWindowCounts);
  assert.equal(s.channels[280], s.inWindowCounts);
  assert.equal(s.channels[200], s.outOfWindowCounts);
  await source.stop();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => ogd.close(() => resolve()));
});
