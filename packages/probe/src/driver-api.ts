// The one interface every probe driver offers, whatever the protocol and the transport.
import type { ProbeEvent, ProbeIdentity, ProtocolName } from './types.js';

export type ConnectResult = { ok: true; transport: string } | { ok: false; reason: string };

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
