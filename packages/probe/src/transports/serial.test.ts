// The serial transport with @serialport/binding-mock (no module mocking): the binding is passed in.
// A small decorator around MockBinding plays the device: it answers what the host writes and can be
// "unplugged" (its pending read fails the way a vanished USB device's does).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import { ManualClock } from '../clock.js';
import { encodeOpenRgsLine as line } from '../codecs/openrgs-line.js';
import { detectGmcBaud } from '../gmc-baud.js';
import { openProbe } from '../open-probe.js';
import type { ProbeEvent } from '../types.js';
import { listSerialPorts, type SerialBinding, serialTransport } from './serial.js';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

interface MockDevice {
  binding: SerialBinding;
  port(): MockPortBinding;
  unplug(): void;
  opens: number[];
}

/** `answer(written, baudRate)` returns what the device sends back, if anything. */
function mockDevice(
  path: string,
  answer: (written: string, baudRate: number) => string | Uint8Array | undefined,
): MockDevice {
  MockBinding.createPort(path, { echo: false, record: false });
  let current: MockPortBinding | undefined;
  let unplug: (error: Error) => void = () => undefined;
  const opens: number[] = [];
  const binding = {
    ...MockBinding,
    async open(options: Parameters<typeof MockBinding.open>[0]) {
      const port = await MockBinding.open(options);
      current = port;
      opens.push(options.baudRate);
      const unplugged = new Promise<never>((_, reject) => {
        unplug = reject;
      });
      unplugged.catch(() => undefined);
      return new Proxy(port, {
        get(target, property) {
          if (property === 'read') {
            return (...args: Parameters<MockPortBinding['read']>) =>
              Promise.race([target.read(...args), unplugged]);
          }
          if (property === 'write') {
            return async (buffer: Buffer) => {
              await target.write(buffer);
              const reply = answer(buffer.toString('latin1'), options.baudRate);
              if (reply !== undefined)
                setImmediate(() => target.isOpen && target.emitData(Buffer.from(reply)));
            };
          }
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  } as unknown as SerialBinding;
  return {
    binding,
    opens,
    port: () => {
      if (!current) throw new Error('not opened');
      return current;
    },
    unplug: () => unplug(new Error('device unplugged (EIO)')),
  };
}

describe('serial transport over @serialport/binding-mock', () => {
  test('list() reports mock ports; opening a missing port fails with the path in the message', async () => {
    MockBinding.reset();
    MockBinding.createPort('/dev/ttyMOCK0', { manufacturer: 'GQ Electronics' });
    const ports = await listSerialPorts(MockBinding as unknown as SerialBinding);
    assert.deepEqual(
      ports.map((p) => [p.path, p.manufacturer]),
      [['/dev/ttyMOCK0', 'GQ Electronics']],
    );
    const transport = serialTransport({
      path: '/dev/nope',
      baudRate: 115200,
      binding: MockBinding as unknown as SerialBinding,
    });
    await assert.rejects(transport.open({ data: () => undefined, closed: () => undefined }), /nope/);
  });

  test('an OpenRGS probe: handshake, frames, unplug → disconnected → reconnect', async () => {
    MockBinding.reset();
    const hello = line('HELLO', { v: 1, id: 'sipm-1', model: 'diy', t: 0 });
    const device = mockDevice('/dev/ttyMOCK1', (written) =>
      written.startsWith('$HOST') ? hello : undefined,
    );
    const clock = new ManualClock();
    const driver = openProbe({
      protocol: 'openrgs',
      port: '/dev/ttyMOCK1',
      clock,
      serialBinding: device.binding,
    });
    const events: ProbeEvent[] = [];
    driver.subscribe((e) => events.push(e));
    const result = await driver.connect();
    assert.deepEqual(result, { ok: true, value: { transport: 'serial /dev/ttyMOCK1 @115200' } });
    for (let i = 0; i < 5; i++) await settle();
    assert.equal(driver.identity()?.deviceId, 'sipm-1');
    device
      .port()
      .emitData(
        Buffer.from(
          line('C', { s: 1, t: 0, d: 100000, n: 4 }) + line('C', { s: 2, t: 100000, d: 100000, n: 6 }),
        ),
      );
    for (let i = 0; i < 5; i++) await settle();
    assert.deepEqual(
      events.flatMap((e) => (e.type === 'frame' ? [e.frame.counts] : [])),
      [4, 6],
    );
    device.unplug();
    for (let i = 0; i < 5; i++) await settle();
    const disconnected = events.find((e) => e.type === 'status' && e.status.kind === 'disconnected');
    assert.ok(disconnected && disconnected.type === 'status' && disconnected.status.kind === 'disconnected');
    assert.match(disconnected.status.reason, /unplugged/);
    clock.advance(250);
    for (let i = 0; i < 10; i++) await settle();
    assert.equal(device.opens.length, 2, 'reopened after the backoff delay');
    await driver.disconnect();
  });
});

describe('GMC baud-rate detection (GQ-RFC1201: 1200 … 115200, factory 115200)', () => {
  test('a GMC-320 set to 19200 is found after 115200 and 57600 give no version', async () => {
    MockBinding.reset();
    const device = mockDevice('/dev/ttyGMC', (written, baud) => {
      if (!written.includes('<GETVER>>')) return undefined;
      return baud === 19200 ? 'GMC-320Re 4.19' : Uint8Array.from([0xe0, 0x00, 0xfe]); // a wrong rate reads as noise
    });
    const clock = new ManualClock();
    const detection = detectGmcBaud({
      clock,
      transportAt: (baudRate) => serialTransport({ path: '/dev/ttyGMC', baudRate, binding: device.binding }),
    });
    let done = false;
    detection.then(
      () => (done = true),
      () => (done = true),
    );
    while (!done) {
      await settle();
      clock.advance(50);
    }
    assert.deepEqual(await detection, {
      ok: true,
      value: { baudRate: 19200, model: 'GMC-320', firmware: 'Re 4.19' },
    });
    assert.deepEqual(device.opens, [115200, 57600, 19200]);
  });

  test('nothing answers at any rate: every rate is tried and named', async () => {
    MockBinding.reset();
    const device = mockDevice('/dev/ttyDEAD', () => undefined);
    const clock = new ManualClock();
    const detection = detectGmcBaud({
      clock,
      candidates: [115200, 57600],
      transportAt: (baudRate) => serialTransport({ path: '/dev/ttyDEAD', baudRate, binding: device.binding }),
    });
    let done = false;
    detection.then(
      () => (done = true),
      () => (done = true),
    );
    while (!done) {
      await settle();
      clock.advance(50);
    }
    const tried = [
      { baudRate: 115200, result: 'no reply to 3 tries' },
      { baudRate: 57600, result: 'no reply to 3 tries' },
    ];
    assert.deepEqual(await detection, {
      ok: false,
      issues: [
        {
          kind: 'unavailable',
          code: 'no-gmc-answer',
          message:
            'no GMC counter answered <GETVER>> (115200: no reply to 3 tries; 57600: no reply to 3 tries)',
          tried,
        },
      ],
    });
  });
});
