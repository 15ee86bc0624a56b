// Serial-port transport through the `serialport` package. The binding is injectable so tests use
// @serialport/binding-mock without mocking modules.
import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import { listSysfsSerialPorts } from './sysfs-ports.js';
import type { Transport, TransportHandlers, TransportLink } from './transport.js';

/** The serialport binding type (e.g. MockBinding from @serialport/binding-mock). */
export type SerialBinding = ConstructorParameters<typeof SerialPortStream>[0]['binding'];

export interface SerialTransportOptions {
  path: string;
  /** Line rate, bits per second (8N1, no flow control). */
  baudRate: number;
  /** Defaults to the platform binding; tests pass MockBinding. */
  binding?: SerialBinding;
}

export function serialTransport(options: SerialTransportOptions): Transport {
  const { path, baudRate } = options;
  if (!Number.isInteger(baudRate) || baudRate <= 0)
    throw new Error(`baud rate ${baudRate} is not a positive whole number`);
  return {
    description: `serial ${path} @${baudRate}`,
    open(handlers: TransportHandlers): Promise<TransportLink> {
      const settings = {
        path,
        baudRate,
        dataBits: 8 as const,
        parity: 'none' as const,
        stopBits: 1 as const,
        autoOpen: false,
      };
      const port =
        options.binding === undefined
          ? new SerialPort(settings)
          : new SerialPortStream({ ...settings, binding: options.binding });
      let closing = false;
      let reported = false;
      const report = (reason: string) => {
        if (closing || reported) return;
        reported = true;
        handlers.closed(reason);
      };
      return new Promise((resolve, reject) => {
        port.open((error) => {
          if (error) return reject(new Error(error.message));
          port.on('data', (chunk: Buffer) => handlers.data(new Uint8Array(chunk)));
          port.on('error', (e: Error) => report(`serial error: ${e.message}`));
          port.on('close', (e: Error | null) => report(e ? `port closed: ${e.message}` : 'port closed'));
          resolve({
            description: `serial ${path} @${baudRate}`,
            write: (bytes) =>
              new Promise<void>((res, rej) => {
                port.write(Buffer.from(bytes), (e) => (e ? rej(e) : res()));
              }),
            close: () =>
              new Promise<void>((res) => {
                closing = true;
                if (!port.isOpen) return res();
                port.close(() => res());
              }),
          });
        });
      });
    },
  };
}

export interface SerialPortSummary {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

/** The serial ports the operating system reports. */
export async function listSerialPorts(binding?: SerialBinding): Promise<SerialPortSummary[]> {
  return (await listSerialPortsWithSource(binding)).ports;
}

export interface SerialPortListing {
  ports: SerialPortSummary[];
  /** serialport: the platform's own listing (udev on Linux); sysfs: read from /sys/class/tty. */
  source: 'serialport' | 'sysfs';
  /** Why the listing is not the platform's own, when it is not. */
  note?: string;
}

/**
 * The serial ports, and where the list came from. On Linux without udevadm (containers, minimal
 * installs) serialport cannot list; the ports are then read from sysfs and the note says so.
 */
export async function listSerialPortsWithSource(
  binding?: SerialBinding,
  sysfsRoot?: string,
): Promise<SerialPortListing> {
  let ports: Awaited<ReturnType<typeof SerialPort.list>>;
  try {
    ports = binding === undefined ? await SerialPort.list() : await binding.list();
  } catch (error) {
    if (!(process.platform === 'linux' && isMissingUdevadm(error))) throw error;
    return {
      ports: await listSysfsSerialPorts(sysfsRoot),
      source: 'sysfs',
      note: 'udevadm is not installed: ports read from /sys/class/tty',
    };
  }
  return { ports: summarise(ports), source: 'serialport' };
}

function isMissingUdevadm(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ENOENT' && typeof message === 'string' && message.includes('udevadm');
}

function summarise(ports: Awaited<ReturnType<typeof SerialPort.list>>): SerialPortSummary[] {
  return ports.map(
    (p: {
      path: string;
      manufacturer?: string | undefined;
      serialNumber?: string | undefined;
      vendorId?: string | undefined;
      productId?: string | undefined;
    }) => ({
      path: p.path,
      ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      ...(p.vendorId ? { vendorId: p.vendorId } : {}),
      ...(p.productId ? { productId: p.productId } : {}),
    }),
  );
}
