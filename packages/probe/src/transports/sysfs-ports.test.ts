// The sysfs listing on a fake /sys tree laid out as Linux lays it out (a USB CDC-ACM probe, an FTDI
// adapter, a real and a phantom 8250 UART, a virtual console), and the fallback from serialport's
// udev listing when udevadm is missing.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { listSerialPortsWithSource, type SerialBinding } from './serial.js';
import { listSysfsSerialPorts } from './sysfs-ports.js';

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${text}\n`);
}

/** A tty under /sys/devices/<devicePath>/tty/<name>, linked from class/tty/<name> with its device link. */
function tty(sys: string, name: string, devicePath: string | null, files: Record<string, string> = {}): void {
  const classDir = join(sys, 'class', 'tty');
  mkdirSync(classDir, { recursive: true });
  const node = devicePath
    ? join(sys, 'devices', devicePath, 'tty', name)
    : join(sys, 'devices', 'virtual', 'tty', name);
  mkdirSync(node, { recursive: true });
  for (const [file, text] of Object.entries(files)) write(join(node, file), text);
  if (devicePath) symlinkSync(join(sys, 'devices', devicePath), join(node, 'device'));
  symlinkSync(node, join(classDir, name));
}

describe('serial ports from sysfs (no udevadm)', () => {
  let sys: string;
  before(() => {
    sys = mkdtempSync(join(tmpdir(), 'openrgs-sysfs-'));
    const usb = 'pci0000:00/0000:00:14.0/usb1/1-2';
    write(join(sys, 'devices', usb, 'idVendor'), '2e8a');
    write(join(sys, 'devices', usb, 'idProduct'), '000a');
    write(join(sys, 'devices', usb, 'manufacturer'), 'OpenRGS DIY');
    write(join(sys, 'devices', usb, 'serial'), 'E6614C311B7A');
    tty(sys, 'ttyACM0', `${usb}/1-2:1.0`);
    const ftdi = 'pci0000:00/0000:00:14.0/usb1/1-3';
    write(join(sys, 'devices', ftdi, 'idVendor'), '0403');
    write(join(sys, 'devices', ftdi, 'idProduct'), '6001');
    tty(sys, 'ttyUSB0', `${ftdi}/1-3:1.0/ttyUSB0`);
    tty(sys, 'ttyS0', 'pnp0/00:04', { type: '4' });
    tty(sys, 'ttyS10', 'platform/serial8250', { type: '0' });
    tty(sys, 'ttyS2', 'platform/serial8250', { type: '4' });
    tty(sys, 'tty1', null);
  });
  after(() => rmSync(sys, { recursive: true, force: true }));

  test('lists ports with a device, skips phantom UARTs and virtual ttys, reads USB identities', async () => {
    const ports = await listSysfsSerialPorts(join(sys, 'class', 'tty'));
    assert.deepEqual(ports, [
      {
        path: '/dev/ttyACM0',
        manufacturer: 'OpenRGS DIY',
        serialNumber: 'E6614C311B7A',
        vendorId: '2e8a',
        productId: '000a',
      },
      { path: '/dev/ttyS0' },
      { path: '/dev/ttyS2' },
      { path: '/dev/ttyUSB0', vendorId: '0403', productId: '6001' },
    ]);
  });

  test('serialport failing with "spawn udevadm ENOENT" falls back to sysfs and says so; other errors pass', {
    skip: process.platform !== 'linux' && 'sysfs exists on Linux only',
  }, async () => {
    const failing = (error: Error) => ({ list: () => Promise.reject(error) }) as unknown as SerialBinding;
    const missing = Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' });
    const listing = await listSerialPortsWithSource(failing(missing), join(sys, 'class', 'tty'));
    assert.equal(listing.source, 'sysfs');
    assert.match(listing.note ?? '', /udevadm is not installed/);
    assert.deepEqual(
      listing.ports.map((p) => p.path),
      ['/dev/ttyACM0', '/dev/ttyS0', '/dev/ttyS2', '/dev/ttyUSB0'],
    );
    await assert.rejects(
      listSerialPortsWithSource(failing(new Error('permission denied')), join(sys, 'class', 'tty')),
      /permission denied/,
    );
  });
});
