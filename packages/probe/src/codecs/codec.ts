// The codec contract: pure, "sans-I/O". Bytes and host times go in; events and bytes to send come out.
// No clock is read and no timer is set here: the driver (live) or the replayer (recorded) supplies time,
// so a recorded byte stream decodes to exactly the same frames when replayed.
//
// Rule that makes replay exact: a codec changes its parse state only in `sent` and `received`
// (both recorded), and time-based decisions use the recorded times (e.g. a request expires at
// sentAt + timeout, whenever that is noticed). `tick` may return requests to send and may finish
// messages whose end is known only by quiet time; it never depends on how often it is called.
import type { CodecEvent, ProtocolName } from '../types.js';

/**
 * What one connection's codec hands to the next one on the same driver (the device's own cumulative
 * counter lets the counts of the time between connections be kept). Opaque to the driver.
 */
export interface CodecHandover {
  radpro?: { deviceId: string; pulseCount: number; sampleMs: number };
}

export interface CodecStep {
  events: CodecEvent[];
  /** Bytes the codec asks the host to send now (requests, handshake). */
  writes: Uint8Array[];
}

export interface ProbeCodec {
  readonly protocol: ProtocolName;
  /**
   * Where frame times come from: `device` (the device's own clock; the driver aligns it to the host)
   * or `host` (the codec timed the frame with host times, e.g. a polled counter).
   */
  readonly frameTimeBase: 'device' | 'host';
  /** Requests to send as soon as a connection is open (handshake, start streaming). */
  open(hostMs: number): CodecStep;
  /**
   * Bytes that were actually written to the device at `hostMs` (replies are matched to these).
   * May finish a message cut short by the new request, hence events.
   */
  sent(bytes: Uint8Array, hostMs: number): CodecEvent[];
  /** Bytes that arrived at `hostMs`, in order. Never throws, whatever the bytes. */
  received(chunk: Uint8Array, hostMs: number): CodecEvent[];
  /** Called periodically (and before each recorded event on replay). */
  tick(hostMs: number): CodecStep;
  /** Requests to send before closing a connection on purpose (stop streaming). */
  close(): Uint8Array[];
  /** The connection ended (or the recording did): finish or discard partial messages. */
  flush(hostMs: number): CodecEvent[];
  /** After flush: state for the next connection's codec (createCodec(handover)). */
  handover?(): CodecHandover | undefined;
}

export interface CodecStats {
  bytesReceived: number;
  frames: number;
  issues: Partial<Record<string, number>>;
}
