// The one call a station (server) or the CLI makes to get a driver for a real, networked or recorded probe.
import { readFile } from 'node:fs/promises';
import { type Issue, issue, OutcomeError } from '@openrgs/outcome';
import type { BackoffOptions } from './backoff.js';
import { type Clock, systemClock } from './clock.js';
import { type CodecOptionsFor, createCodecFor } from './codecs/create.js';
import { ogdOptionsProblem } from './codecs/ogd.js';
import { createProbeDriver } from './driver.js';
import type { ProbeDriver } from './driver-api.js';
import { gmcAutoBaudTransport } from './gmc-baud.js';
import {
  FileRecording,
  parseRecording,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type RecordingSink,
} from './recording.js';
import { createReplayDriver } from './replay.js';
import { type SerialBinding, serialTransport } from './transports/serial.js';
import { parseTcpAddress, tcpTransport } from './transports/tcp.js';
import type { Transport } from './transports/transport.js';
import { PROTOCOLS, type ProtocolName } from './types.js';

/** Serial line rate used when none is given: Rad Pro docs/comm.md and the OpenRGS spec both say 115200. */
export const DEFAULT_BAUD: Readonly<Record<ProtocolName, number | 'auto'>> = {
  openrgs: 115200,
  radpro: 115200,
  gmc: 'auto',
  ogd: 115200, // USB CDC: the Pico ignores the line rate
};

export interface OpenProbeOptions {
  protocol: ProtocolName;
  /** Serial device path (`/dev/ttyUSB0`, `COM3`) or `tcp://host:port`. Exactly one of port, tcp, replayFile. */
  port?: string;
  tcp?: { host: string; port: number };
  /** A recording (see README, "Recording format") played back in real time × replaySpeed. */
  replayFile?: string;
  replaySpeed?: number;
  /** Serial line rate, bits/s; default DEFAULT_BAUD (GMC: detected). */
  baudRate?: number;
  clock?: Clock;
  /** Record every byte to this new file (must not exist). */
  recordFile?: string;
  /** Or record to any sink (header is written by the sink's creator). */
  recorder?: RecordingSink;
  codecOptions?: CodecOptionsFor;
  silenceGraceMs?: number;
  firstFrameTimeoutMs?: number;
  lowBatteryVolts?: number;
  backoff?: BackoffOptions;
  tickMs?: number;
  /** Reconnect when an open link brings no byte for this long, ms; null: never (default 5000). */
  reconnectAfterSilenceMs?: number | null;
  /** Tests: a @serialport/binding-mock binding. */
  serialBinding?: SerialBinding;
  /** Called when GMC baud detection settles on a rate. */
  onBaudDetected?: (baudRate: number) => void;
}

/** Probe options that contradict each other or name what cannot be (protocol, port, baud): one `invalid` issue. */
export type ProbeConfigIssue = Issue & { code: 'probe-config' };

/**
 * Thrown by openProbe for options a user gave (`rgs probe read --protocol --port --baud`): an OutcomeError
 * carrying its one `invalid` issue (code `probe-config`, the message naming the option), so a caller words
 * it through the same scheme as any Outcome's issues. Thrown, not returned: openProbe builds a driver
 * object, and the CLI turns the error into its flag's message.
 */
export class ProbeConfigError extends OutcomeError<ProbeConfigIssue> {
  constructor(message: string) {
    super([{ kind: 'invalid', code: 'probe-config', message }]);
    this.name = 'ProbeConfigError';
  }
}

/** Builds a driver (not yet connected). Throws ProbeConfigError when the options contradict each other. */
export function openProbe(options: OpenProbeOptions): ProbeDriver {
  const { protocol } = options;
  if (!PROTOCOLS.includes(protocol))
    throw new ProbeConfigError(`protocol '${String(protocol)}' is not one of ${PROTOCOLS.join(', ')}`);
  const sources = [options.port, options.tcp, options.replayFile].filter((s) => s !== undefined).length;
  if (sources !== 1) throw new ProbeConfigError('give exactly one of port, tcp or replayFile');
  const clock = options.clock ?? systemClock();

  if (options.replayFile !== undefined) {
    const file = options.replayFile;
    return createReplayDriver({
      description: `replay ${file}`,
      clock,
      ...(options.replaySpeed !== undefined ? { speed: options.replaySpeed } : {}),
      ...(options.codecOptions !== undefined ? { codecOptions: options.codecOptions } : {}),
      ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
      ...(options.silenceGraceMs !== undefined ? { silenceGraceMs: options.silenceGraceMs } : {}),
      ...(options.lowBatteryVolts !== undefined ? { lowBatteryVolts: options.lowBatteryVolts } : {}),
      load: async () => {
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          return { ok: false, issues: [issue('unavailable', 'unreadable', `cannot read ${file}: ${why}`)] };
        }
        const parsed = parseRecording(text);
        if (!parsed.ok)
          return {
            ok: false,
            issues: parsed.issues.map((i) => ({ ...i, message: `${file}: ${i.message}` })),
          };
        const recorded = parsed.value.header.protocol;
        if (recorded !== protocol) {
          const message = `${file} is a ${recorded} recording, not ${protocol}`;
          return { ok: false, issues: [issue('invalid', 'wrong-protocol', message)] };
        }
        return parsed;
      },
    });
  }

  if (protocol === 'ogd') {
    const problem = ogdOptionsProblem(options.codecOptions ?? {});
    if (problem !== undefined) throw new ProbeConfigError(problem);
  }
  const transport = buildTransport(options, clock);
  const codecOptions = options.codecOptions ?? {};
  let recorder = options.recorder;
  if (recorder === undefined && options.recordFile !== undefined) {
    recorder = new FileRecording(options.recordFile, {
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      protocol,
      startedAt: new Date(clock.wallMs()).toISOString(),
      transport: transport.description,
      codecOptions: { ...codecOptions },
    });
  }
  return createProbeDriver({
    protocol,
    transport,
    clock,
    createCodec: (handover) => createCodecFor(protocol, codecOptions, handover),
    ...(recorder !== undefined ? { recorder } : {}),
    ...(options.tickMs !== undefined ? { tickMs: options.tickMs } : {}),
    ...(options.backoff !== undefined ? { backoff: options.backoff } : {}),
    ...(options.silenceGraceMs !== undefined ? { silenceGraceMs: options.silenceGraceMs } : {}),
    ...(options.firstFrameTimeoutMs !== undefined
      ? { firstFrameTimeoutMs: options.firstFrameTimeoutMs }
      : {}),
    ...(options.lowBatteryVolts !== undefined ? { lowBatteryVolts: options.lowBatteryVolts } : {}),
    ...(options.reconnectAfterSilenceMs !== undefined
      ? { reconnectAfterSilenceMs: options.reconnectAfterSilenceMs }
      : {}),
  });
}

function buildTransport(options: OpenProbeOptions, clock: Clock): Transport {
  const tcp = options.tcp ?? (options.port?.startsWith('tcp://') ? parseTcpAddress(options.port) : undefined);
  if (options.port?.startsWith('tcp://') && tcp === undefined) {
    throw new ProbeConfigError(`'${options.port}' is not tcp://host:port`);
  }
  if (tcp !== undefined) return tcpTransport(tcp);
  const path = options.port;
  if (path === undefined || path === '') throw new ProbeConfigError('a serial port path is required');
  const baud = options.baudRate ?? DEFAULT_BAUD[options.protocol];
  const at = (baudRate: number) =>
    serialTransport({
      path,
      baudRate,
      ...(options.serialBinding !== undefined ? { binding: options.serialBinding } : {}),
    });
  if (baud !== 'auto') {
    if (!Number.isInteger(baud) || baud <= 0)
      throw new ProbeConfigError(`baud rate ${baud} is not a positive whole number`);
    return at(baud);
  }
  return gmcAutoBaudTransport({
    description: `serial ${path}`,
    transportAt: at,
    clock,
    ...(options.onBaudDetected !== undefined ? { onDetected: options.onBaudDetected } : {}),
  });
}
