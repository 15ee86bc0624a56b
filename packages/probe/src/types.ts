// The vocabulary of the device layer: frames as drivers emit them, issues, identities, status events.
// Shared with the server (stations) and the CLI; keep additive.
import type { CountFrame } from '@openrgs/counting';

export type ProtocolName = 'openrgs' | 'gmc' | 'radpro' | 'ogd';

export const PROTOCOLS: readonly ProtocolName[] = ['openrgs', 'gmc', 'radpro', 'ogd'];

/** Counts per energy window, in the order the device declared its windows (OpenRGS `HELLO win=`). */
export interface WindowSpectrum {
  kind: 'windows';
  windows: readonly { lowKeV: number; highKeV: number; counts: number }[];
}

/** A sparse pulse-height histogram: bin i covers [lowKeV + i*binWidthKeV, lowKeV + (i+1)*binWidthKeV). */
export interface HistogramSpectrum {
  kind: 'histogram';
  lowKeV: number;
  binWidthKeV: number;
  binCount: number;
  /** Only the non-empty bins, ascending by bin index. */
  bins: readonly { bin: number; counts: number }[];
}

export type Spectrum = WindowSpectrum | HistogramSpectrum;

/**
 * The pulse heights of one frame as ADC channels (a pulse-height device such as the Open Gamma Detector),
 * with the energy calibration the codec applied: E = offsetKeV + keVPerChannel · channel.
 */
export interface PulseHeightHistogram {
  channelCount: number;
  keVPerChannel: number;
  offsetKeV: number;
  /** Only the non-empty channels, ascending. */
  channels: readonly { channel: number; counts: number }[];
}

/**
 * A CountFrame as a codec decodes it, in the device's own time (not yet on the driver's timeline).
 * `startSeconds` here is device time; the driver maps it to its stream timeline (see ProbeFrame).
 */
export interface DeviceFrame extends CountFrame {
  /** Sequence number from the device, when the protocol has one (OpenRGS). */
  sequence?: number;
  /** Host monotonic time (ms) at which the bytes completing this frame arrived. */
  arrivalHostMs: number;
  spectrum?: Spectrum;
  pulseHeights?: PulseHeightHistogram;
}

/**
 * What a driver emits: a validated CountFrame on the driver's stream timeline: `startSeconds` = seconds
 * since the start of the first frame, on the host's monotonic clock (device time mapped through the clock
 * alignment; contiguous device frames stay contiguous; never going backwards, also across reconnections),
 * plus where it came from.
 *
 * All `hostMs` / `arrivalHostMs` values in events are milliseconds since the driver was created (or since
 * the recording started, on replay), host monotonic clock, quantised to 1 µs.
 */
export interface ProbeFrame extends CountFrame {
  sequence?: number;
  /** Start of the interval in the device's own clock, seconds (device time as the device reported it). */
  deviceStartSeconds: number;
  /** When the frame's last byte arrived, ms since the driver started (host monotonic clock). */
  arrivalHostMs: number;
  /** Connection epoch: increments at each (re)connection; device time restarts may happen between epochs. */
  epoch: number;
  spectrum?: Spectrum;
  /** Pulse-height devices: the frame's events by ADC channel, with the calibration used. */
  pulseHeights?: PulseHeightHistogram;
}

export type IssueCode =
  | 'garbage' // bytes that are not part of any well-formed message
  | 'torn' // a message cut short (lost bytes, interrupted line, incomplete binary beat)
  | 'line-too-long'
  | 'bad-checksum'
  | 'malformed' // well-framed, checksum fine, but a field is missing or not a valid value
  | 'duplicate' // same sequence number again
  | 'replay' // sequence number going back
  | 'gap' // sequence numbers or heartbeats skipped (frames lost)
  | 'unsupported-version'
  | 'no-hello' // data before a valid handshake
  | 'unknown-message'
  | 'reserved-bits' // GMC RFC1201 heartbeat with bits 14/15 set
  | 'implausible' // a value outside what the device can physically report
  | 'counter-reset' // a cumulative counter went back further than a wrap explains
  | 'device-error' // the device answered ERROR or reported a fault
  | 'no-reply' // a request was not answered in time
  | 'unexpected-reply'
  | 'invalid-frame'; // a decoded frame failed validation (a codec defect guard; never emitted)

export interface CodecIssue {
  code: IssueCode;
  /** Human text naming what was wrong, no patient data. */
  message: string;
  /** Host monotonic time (ms) when it was detected. */
  hostMs: number;
  /** Number of bytes discarded because of it, when bytes were discarded. */
  bytes?: number;
}

export interface ProbeIdentity {
  protocol: ProtocolName;
  /** Stable device identifier if the device reports one (OpenRGS id, Rad Pro device-id). */
  deviceId?: string;
  model: string;
  firmware?: string;
  /** OpenRGS protocol version (major) the device speaks. */
  protocolVersion?: number;
  capabilities: readonly string[];
  /** Counter width in bits for protocols with binary counts (GMC: 14 on RFC1201, 32 on RFC1801). */
  countBits?: number;
}

/** Events a codec produces from bytes (pure; all times are host monotonic ms passed in). */
export type CodecEvent =
  | { type: 'frame'; frame: DeviceFrame }
  | { type: 'identity'; identity: ProbeIdentity }
  | { type: 'battery'; batteryVolts?: number; batteryPercent?: number; low?: boolean; hostMs: number }
  | { type: 'device-fault'; reason: string; hostMs: number }
  | { type: 'device-ok'; hostMs: number }
  /** A device-clock reading: the device clock showed `deviceSeconds` no later than `hostMs`. */
  | { type: 'clock'; deviceSeconds: number; hostMs: number }
  /** A reading the device reports but that is not a frame (e.g. GMC CPM). */
  | { type: 'reading'; name: string; value: number; unit: string; hostMs: number }
  | { type: 'issue'; issue: CodecIssue }
  /** The protocol cannot go on over this connection (e.g. no version reply): the driver reconnects. */
  | { type: 'fatal'; reason: string; hostMs: number };

export type ProbeStatus =
  | { kind: 'connecting'; attempt: number; hostMs: number }
  | { kind: 'connected'; transport: string; hostMs: number }
  | { kind: 'silent'; silentForMs: number; hostMs: number }
  | { kind: 'receiving'; hostMs: number }
  | { kind: 'disconnected'; reason: string; retryInMs: number | null; hostMs: number }
  | { kind: 'low-battery'; batteryVolts?: number; batteryPercent?: number; hostMs: number }
  | { kind: 'error'; reason: string; hostMs: number }
  | { kind: 'stopped'; hostMs: number };

export type ProbeEvent =
  | { type: 'frame'; frame: ProbeFrame }
  | { type: 'status'; status: ProbeStatus }
  | { type: 'issue'; issue: CodecIssue }
  | { type: 'identity'; identity: ProbeIdentity }
  | { type: 'reading'; name: string; value: number; unit: string; hostMs: number };
