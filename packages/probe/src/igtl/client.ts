// OpenRGS as an OpenIGTLink client of a tracker's server (PlusServer convention: port 18944, the probe's
// transform named ProbeToReference). Takes TRANSFORM and POSITION messages of that device name, keeps the
// link honest like the probe drivers: a status event on every change (connecting, connected, silent when
// no pose came for `silentAfterMs`, disconnected), reconnection with capped exponential back-off, and a
// stream out of step (impossible header) answered by dropping the connection, never by guessing.

import { connect, type Socket } from 'node:net';
import { messagesOf } from '@openrgs/outcome';
import { Backoff } from '../backoff.js';
import { decodePosition, decodeTransform, type RigidTransform } from './content.js';
import { IgtlDecoder, type IgtlIssue } from './message.js';

export const IGTL_DEFAULT_PORT = 18944;
export const IGTL_DEFAULT_TRANSFORM = 'ProbeToReference';

export type IgtlClientStatus = 'connecting' | 'connected' | 'silent' | 'disconnected' | 'stopped';

export type IgtlClientEvent =
  | { kind: 'status'; status: IgtlClientStatus; detail: string }
  | {
      kind: 'pose';
      transform: RigidTransform;
      /** Local receive time (the injected clock, ms). */
      receivedMs: number;
      /** The sender's timestamp, s (0 if it sets none). */
      senderSeconds: number;
      type: 'TRANSFORM' | 'POSITION';
    }
  | { kind: 'issue'; issue: IgtlIssue | { code: 'bad-content'; message: string } };

export interface IgtlClientOptions {
  host: string;
  port: number;
  deviceName: string;
  silentAfterMs: number;
  /** Monotonic clock, ms. */
  now: () => number;
  backoff?: Backoff;
  connectTimeoutMs?: number;
}

/** Parses `HOST:PORT` (IPv6 in brackets); the port defaults to 18944 when omitted. */
export function parseIgtlAddress(text: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text);
  if (!m?.[1]) return undefined;
  const port = m[2] === undefined ? IGTL_DEFAULT_PORT : Number(m[2]);
  if (!(port >= 1 && port <= 65535)) return undefined;
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

export interface IgtlClient {
  status(): IgtlClientStatus;
  stop(): Promise<void>;
}

export function startIgtlClient(
  options: IgtlClientOptions,
  listener: (event: IgtlClientEvent) => void,
): IgtlClient {
  const backoff = options.backoff ?? new Backoff({ initialMs: 250, maxMs: 5000 });
  let status: IgtlClientStatus = 'connecting';
  let socket: Socket | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let lastPoseMs = Number.NEGATIVE_INFINITY;
  const setStatus = (next: IgtlClientStatus, detail: string) => {
    if (next === status && next !== 'connecting') return;
    status = next;
    listener({ kind: 'status', status: next, detail });
  };
  const watchdog = setInterval(
    () => {
      if (status === 'connected' && options.now() - lastPoseMs > options.silentAfterMs)
        setStatus('silent', `no ${options.deviceName} pose for ${options.silentAfterMs} ms`);
    },
    Math.max(20, Math.min(250, options.silentAfterMs / 4)),
  );
  const scheduleReconnect = (reason: string) => {
    if (stopped) return;
    setStatus('disconnected', reason);
    const delay = backoff.nextDelayMs();
    retry = setTimeout(open, delay);
  };
  function open() {
    if (stopped) return;
    retry = null;
    setStatus('connecting', `${options.host}:${options.port}`);
    const decoder = new IgtlDecoder();
    const s = connect({ host: options.host, port: options.port });
    socket = s;
    s.setNoDelay(true);
    s.setTimeout(options.connectTimeoutMs ?? 3000);
    let connected = false;
    let closed = false;
    const close = (reason: string) => {
      if (closed) return;
      closed = true;
      s.destroy();
      if (socket === s) socket = null;
      scheduleReconnect(reason);
    };
    s.once('timeout', () => {
      if (!connected) close(`no connection within ${options.connectTimeoutMs ?? 3000} ms`);
    });
    s.once('connect', () => {
      connected = true;
      s.setTimeout(0);
      backoff.reset();
      lastPoseMs = options.now();
      setStatus('connected', `${options.host}:${options.port}`);
    });
    s.on('error', (error) => close(`socket error: ${error.message}`));
    s.on('close', () => close('connection closed by the peer'));
    s.on('data', (chunk: Buffer) => {
      const { messages, issues } = decoder.push(new Uint8Array(chunk));
      for (const issue of issues) listener({ kind: 'issue', issue });
      for (const m of messages) {
        if (m.deviceName !== options.deviceName) continue;
        if (m.type !== 'TRANSFORM' && m.type !== 'POSITION') continue;
        const decoded = m.type === 'TRANSFORM' ? decodeTransform(m.content) : decodePosition(m.content);
        if (!decoded.ok) {
          listener({
            kind: 'issue',
            issue: { code: 'bad-content', message: messagesOf(decoded.issues) },
          });
          continue;
        }
        lastPoseMs = options.now();
        if (status !== 'connected') setStatus('connected', 'poses again');
        listener({
          kind: 'pose',
          transform: decoded.value,
          receivedMs: lastPoseMs,
          senderSeconds: m.timestampSeconds,
          type: m.type,
        });
      }
      if (decoder.desynchronised) close('stream out of step (invalid header): reconnecting');
    });
  }
  open();
  return {
    status: () => status,
    async stop() {
      stopped = true;
      clearInterval(watchdog);
      if (retry) clearTimeout(retry);
      socket?.destroy();
      status = 'stopped';
    },
  };
}
