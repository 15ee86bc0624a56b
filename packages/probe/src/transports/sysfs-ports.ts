// Serial ports from Linux sysfs, for machines without udev. serialport's Linux list() asks `udevadm`;
// containers and minimal installs have no udevadm, and then list() fails with "spawn udevadm ENOENT"
// although the kernel knows the ports. /sys/class/tty holds every tty; real ports are those with a
// `device` link (virtual consoles and ptys have none). USB adapters carry idVendor/idProduct/
// manufacturer/serial a few directories above their interface (Linux ABI: sysfs-bus-usb).
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SerialPortSummary } from './serial.js';

/** Serial ports listed from sysfs. `root` is /sys/class/tty (tests pass a fake tree). */
export async function listSysfsSerialPorts(root = '/sys/class/tty'): Promise<SerialPortSummary[]> {
  const names = (await readdir(root)).sort(naturalOrder);
  const ports: SerialPortSummary[] = [];
  for (const name of names) {
    const deviceLink = join(root, name, 'device');
    if (!(await exists(deviceLink))) continue;
    // The 8250 driver registers ttyS0…ttySn whether or not a UART answers; type 0 means none is there.
    if (/^ttyS\d+$/.test(name) && (await readText(join(root, name, 'type'))) === '0') continue;
    const summary: SerialPortSummary = { path: `/dev/${name}` };
    const usb = await findUsbDevice(await realpath(deviceLink));
    if (usb) {
      const [vendorId, productId, manufacturer, serialNumber] = await Promise.all(
        ['idVendor', 'idProduct', 'manufacturer', 'serial'].map((file) => readText(join(usb, file))),
      );
      if (manufacturer) summary.manufacturer = manufacturer;
      if (serialNumber) summary.serialNumber = serialNumber;
      if (vendorId) summary.vendorId = vendorId;
      if (productId) summary.productId = productId;
    }
    ports.push(summary);
  }
  return ports;
}

/** The USB device directory (the one with idVendor) at most four levels above `start`, if any. */
async function findUsbDevice(start: string): Promise<string | null> {
  let dir = start;
  for (let level = 0; level < 5; level++) {
    if (await exists(join(dir, 'idVendor'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** ttyS2 before ttyS10. */
function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
