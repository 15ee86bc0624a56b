// `rgs probe list`: serial ports the system sees, and the protocols OpenRGS speaks.
import { DEFAULT_BAUD, listSerialPortsWithSource, PROTOCOLS, type ProtocolName } from '@openrgs/probe';
import { booleanFlag, CliError, type Command, JSON_OPTION, writeResult } from '../command.js';

const DESCRIPTIONS: Record<ProtocolName, string> = {
  openrgs: 'OpenRGS line protocol v1 (DIY SiPM probes, bridges; docs/openrgs-line-protocol.md)',
  gmc: 'GQ Electronics GMC-300/320/500/600 Geiger counters (GQ-RFC1201 v1.40, GQ-RFC1801)',
  radpro: 'Rad Pro firmware USB text protocol (FS2011, FS-600/1000, GC-01, GMC-800, …)',
  ogd: 'Open Gamma Detector pulse-height events (energy windows; needs a calibration)',
};

export const command: Command = {
  name: 'probe list',
  summary: 'list serial ports and the probe protocols OpenRGS can read',
  usage: '[--json]',
  details:
    'Ports come from the operating system (serialport list(); on Linux without udevadm, from /sys/class/tty). ' +
    'Any port can also be tcp://host:port.',
  options: { json: JSON_OPTION },
  async run(io, args) {
    let listing: Awaited<ReturnType<typeof listSerialPortsWithSource>>;
    try {
      listing = await listSerialPortsWithSource();
    } catch (error) {
      throw new CliError(
        `cannot list serial ports: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const protocols = PROTOCOLS.map((name) => ({
      name,
      description: DESCRIPTIONS[name],
      defaultBaud: DEFAULT_BAUD[name],
    }));
    const { ports } = listing;
    const document = {
      ports,
      protocols,
      portsSource: listing.source,
      ...(listing.note ? { portsNote: listing.note } : {}),
    };
    writeResult(io, booleanFlag(args, 'json'), document, () => {
      const lines = [listing.note ? `serial ports (${listing.note}):` : 'serial ports:'];
      if (ports.length === 0) lines.push('  (none found)');
      for (const p of ports) {
        const ids = [
          p.manufacturer,
          p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : undefined,
          p.serialNumber,
        ]
          .filter((x) => x !== undefined)
          .join(', ');
        lines.push(`  ${p.path}${ids ? `  (${ids})` : ''}`);
      }
      lines.push('', 'protocols (--protocol):');
      for (const p of protocols) {
        const baud = p.defaultBaud === 'auto' ? 'baud auto-detected' : `${p.defaultBaud} baud 8N1`;
        lines.push(`  ${p.name.padEnd(8)} ${p.description}; ${baud}`);
      }
      return lines.join('\n');
    });
    return 0;
  },
};
