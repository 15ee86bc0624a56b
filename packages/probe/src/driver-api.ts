// The one interface every probe driver offers, whatever the protocol and the transport.
import type { Issue, Outcome } from '@openrgs/outcome';
import type { ProbeEvent, ProbeIdentity, ProtocolName } from './types.js';

/**
 * Why connect() did not connect: `cannot-open` (the port or socket refused; the message says the fix when
 * one is known), `disconnected` (closed while opening), `connecting` (a first attempt is still under way) —
 * each `unavailable`, the driver keeps retrying by itself — or `bad-recording` (a replay file that cannot
 * be read: `invalid`, no retry helps).
 */
export type ConnectIssue = Issue & { code: 'cannot-open' | 'disconnected' | 'connecting' | 'bad-recording' };

/** Connected (the transport's description, e.g. `serial /dev/ttyUSB0 @115200`), or the one issue why not. */
export type ConnectResult = Outcome<{ transport: string }, ConnectIssue>;

/** A connect() that did not connect: its one issue. */
export function notConnected(
  code: ConnectIssue['code'],
  message: string,
): { ok: false; issues: ConnectIssue[] } {
  return {
    ok: false,
    issues: [{ kind: code === 'bad-recording' ? 'invalid' : 'unavailable', code, message }],
  };
}

export interface ClockEstimate {
  /** host monotonic ms = offsetMs + deviceSeconds * 1000 * (1 + driftPpm / 1e6) */
  offsetMs: number;
  driftPpm: number;
  /** Number of device-clock readings the estimate rests on. */
  samples: number;
}

export interface ProbeDriverStats {
  epoch: number;
  bytesReceived: number;
  bytesSent: number;
  frames: number;
  /** Issues by code (garbage, torn, bad-checksum, duplicate, replay, gap, …). */
  issues: Record<string, number>;
  reconnects: number;
  /** Current state: the kind of the last status event. */
  state: string;
}

export type ProbeListener = (event: ProbeEvent) => void;

export interface ProbeDriver {
  readonly protocol: ProtocolName;
  readonly description: string;
  /** Wall-clock epoch ms at which the driver's host times (hostMs, arrivalHostMs) are 0. */
  readonly startedAtWallMs: number;
  /**
   * Opens the transport and starts the protocol. Resolves after the first attempt, with ok or the reason
   * it failed; after a failure or a later disconnection the driver keeps retrying with exponential
   * backoff until `disconnect` is called.
   */
  connect(): Promise<ConnectResult>;
  /** Stops streaming (sends the protocol's stop request), closes the transport, stops retrying. */
  disconnect(): Promise<void>;
  /** Every event, in order, synchronously as it happens. Returns the unsubscribe function. */
  subscribe(listener: ProbeListener): () => void;
  /** The same events as an async stream (buffered); it ends after `disconnect`. */
  events(): AsyncIterableIterator<ProbeEvent>;
  identity(): ProbeIdentity | undefined;
  clockEstimate(): ClockEstimate | undefined;
  stats(): ProbeDriverStats;
}
