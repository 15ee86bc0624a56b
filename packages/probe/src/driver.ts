// The live driver: a transport, a clock and a ProbeSession, with reconnection and recording.
import { Backoff, type BackoffOptions } from './backoff.js';
import type { Clock, TimerHandle } from './clock.js';
import type { CodecHandover, ProbeCodec } from './codecs/codec.js';
import {
  type ConnectResult,
  notConnected,
  type ProbeDriver,
  type ProbeDriverStats,
  type ProbeListener,
} from './driver-api.js';
import { EventQueue } from './event-queue.js';
import { portFailureHint } from './port-hints.js';
import { quantiseMs, type RecordingSink } from './recording.js';
import { ProbeSession } from './session.js';
import type { Transport, TransportLink } from './transports/transport.js';
import type { ProbeEvent, ProtocolName } from './types.js';

export interface DriverOptions {
  protocol: ProtocolName;
  transport: Transport;
  createCodec: (handover?: CodecHandover) => ProbeCodec;
  clock: Clock;
  /** Every byte in and out, with times, for incident review. */
  recorder?: RecordingSink;
  /** How often codec timeouts, polling and silence are checked, ms. */
  tickMs?: number;
  backoff?: BackoffOptions;
  silenceGraceMs?: number;
  firstFrameTimeoutMs?: number;
  lowBatteryVolts?: number;
  /**
   * No byte at all for this long on an open link → close it and reconnect (a TCP bridge that lost
   * power or Wi-Fi never closes its socket; a restarted device needs a fresh handshake), ms.
   * null: never. Default 5000.
   */
  reconnectAfterSilenceMs?: number | null;
}

export function createProbeDriver(options: DriverOptions): ProbeDriver {
  const { clock, transport } = options;
  const tickMs = options.tickMs ?? 100;
  const backoff = new Backoff(options.backoff);
  const listeners = new Set<ProbeListener>();
  const queues = new Set<EventQueue<ProbeEvent>>();
  let running = false;
  let link: TransportLink | undefined;
  let linkToken = 0;
  let tickTimer: TimerHandle | undefined;
  let retryTimer: TimerHandle | undefined;
  let reconnects = 0;
  let attempts = 0;
  let lastRxMs = 0;
  const reconnectAfterSilenceMs =
    options.reconnectAfterSilenceMs === undefined ? 5000 : options.reconnectAfterSilenceMs;

  const emit = (event: ProbeEvent) => {
    for (const listener of listeners) listener(event);
    for (const queue of queues) queue.push(event);
  };

  // Every time the session and the recording see is ms since the driver was created, quantised to 1 µs,
  // so that a replay of the recording feeds the session exactly the same numbers.
  const originMs = clock.nowMs();
  const startedAtWallMs = clock.wallMs();
  const now = () => quantiseMs(clock.nowMs() - originMs);

  let session: ProbeSession | undefined;
  const getSession = (): ProbeSession => {
    if (session === undefined) {
      session = new ProbeSession({
        protocol: options.protocol,
        createCodec: options.createCodec,
        emit,
        ...(options.silenceGraceMs !== undefined ? { silenceGraceMs: options.silenceGraceMs } : {}),
        ...(options.firstFrameTimeoutMs !== undefined
          ? { firstFrameTimeoutMs: options.firstFrameTimeoutMs }
          : {}),
        ...(options.lowBatteryVolts !== undefined ? { lowBatteryVolts: options.lowBatteryVolts } : {}),
      });
    }
    return session;
  };

  const write = (bytes: Uint8Array) => {
    const current = link;
    if (current === undefined) return;
    const token = linkToken;
    const t = now();
    options.recorder?.record({ kind: 'tx', hostMs: t, bytes });
    getSession().sent(bytes, t);
    current.write(bytes).catch((error: unknown) => {
      if (token === linkToken) lost(`write failed: ${message(error)}`);
    });
  };

  const scheduleRetry = (reason: string) => {
    const s = getSession();
    if (!running) return;
    const delay = backoff.nextDelayMs();
    s.status({ kind: 'disconnected', reason, retryInMs: delay, hostMs: now() });
    retryTimer = clock.setTimer(() => {
      retryTimer = undefined;
      reconnects++;
      void attempt();
    }, delay);
  };

  /** The link went away without our asking. */
  const lost = (reason: string) => {
    if (link === undefined) return;
    const old = link;
    link = undefined;
    linkToken++;
    const t = now();
    getSession().disconnected(t);
    options.recorder?.record({ kind: 'close', hostMs: t, reason });
    old.close().catch(() => undefined); // already broken; closing is best effort and its failure says nothing new
    scheduleRetry(reason);
  };

  const tick = () => {
    tickTimer = undefined;
    if (!running) return;
    const s = getSession();
    if (link !== undefined) {
      const t = now();
      for (const bytes of s.tick(t)) write(bytes);
      const fatal = s.fatalReason();
      if (fatal !== undefined) lost(fatal);
      else if (reconnectAfterSilenceMs !== null && t - lastRxMs > reconnectAfterSilenceMs)
        lost(`no byte from the device for ${(reconnectAfterSilenceMs / 1000).toFixed(1)} s; reconnecting`);
    }
    tickTimer = clock.setTimer(tick, tickMs);
  };

  const attempt = async (): Promise<ConnectResult> => {
    attempts++;
    const s = getSession();
    s.status({ kind: 'connecting', attempt: attempts, hostMs: now() });
    const token = ++linkToken;
    let opened: TransportLink;
    try {
      opened = await transport.open({
        data: (chunk) => {
          if (token !== linkToken || link === undefined) return;
          const t = now();
          lastRxMs = t;
          options.recorder?.record({ kind: 'rx', hostMs: t, bytes: chunk });
          const before = s.counters.frames;
          s.received(chunk, t);
          if (s.counters.frames > before) backoff.reset();
        },
        closed: (reason) => {
          if (token === linkToken) lost(reason);
        },
      });
    } catch (error) {
      const hint = portFailureHint(message(error), transport.description);
      const reason = `cannot open ${transport.description}: ${message(error)}${hint ? ` — ${hint}` : ''}`;
      if (token === linkToken) scheduleRetry(reason);
      return notConnected('cannot-open', reason);
    }
    if (!running || token !== linkToken) {
      await opened.close().catch(() => undefined);
      return notConnected('disconnected', 'disconnected while opening');
    }
    link = opened;
    const t = now();
    lastRxMs = t;
    options.recorder?.record({ kind: 'open', hostMs: t, transport: opened.description });
    for (const bytes of s.connected(t, opened.description)) write(bytes);
    return { ok: true, value: { transport: opened.description } };
  };

  return {
    protocol: options.protocol,
    description: transport.description,
    startedAtWallMs,
    async connect() {
      if (running)
        return link
          ? { ok: true, value: { transport: link.description } }
          : notConnected('connecting', 'connecting');
      running = true;
      getSession();
      tickTimer = clock.setTimer(tick, tickMs);
      return attempt();
    },
    async disconnect() {
      if (!running) return;
      running = false;
      if (tickTimer) clock.clearTimer(tickTimer);
      if (retryTimer) clock.clearTimer(retryTimer);
      tickTimer = undefined;
      retryTimer = undefined;
      const s = getSession();
      const current = link;
      link = undefined;
      linkToken++;
      if (current !== undefined) {
        for (const bytes of s.closing()) {
          const t = now();
          options.recorder?.record({ kind: 'tx', hostMs: t, bytes });
          s.sent(bytes, t);
          await current.write(bytes).catch(() => undefined); // the link may already be gone; we are leaving
        }
        await current.close().catch(() => undefined);
        const t = now();
        s.disconnected(t);
        options.recorder?.record({ kind: 'close', hostMs: t, reason: 'disconnect requested' });
      }
      s.status({ kind: 'stopped', hostMs: now() });
      await options.recorder?.close();
      for (const queue of queues) queue.end();
      queues.clear();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    events() {
      const queue = new EventQueue<ProbeEvent>();
      queues.add(queue);
      return queue;
    },
    identity: () => session?.identity(),
    clockEstimate: () => session?.clockEstimate(),
    stats(): ProbeDriverStats {
      const s = getSession();
      return {
        epoch: s.epoch,
        bytesReceived: s.counters.bytesReceived,
        bytesSent: s.counters.bytesSent,
        frames: s.counters.frames,
        issues: { ...s.counters.issues },
        reconnects,
        state: s.state,
      };
    },
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
