// TCP transport (node:net) for network bridges (e.g. an ESP32 relaying a SiPM probe, or ser2net).
import { connect } from 'node:net';
import type { Transport, TransportHandlers, TransportLink } from './transport.js';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Give up an attempt after this, ms. */
  connectTimeoutMs?: number;
  /**
   * TCP keepalive: first probe after this much idle time, ms. The OS sends the probes; a peer that lost
   * power is then reported closed. (The driver's reconnect-on-silence acts sooner for streaming devices.)
   */
  keepAliveMs?: number;
}

/** Parses `tcp://host:port` (IPv6 in brackets). */
export function parseTcpAddress(text: string): { host: string; port: number } | undefined {
  const m = /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

export function tcpTransport(options: TcpTransportOptions): Transport {
  const { host, port } = options;
  const timeoutMs = options.connectTimeoutMs ?? 3000;
  const description = `tcp ${host}:${port}`;
  return {
    description,
    open(handlers: TransportHandlers): Promise<TransportLink> {
      return new Promise((resolve, reject) => {
        const socket = connect({ host, port });
        socket.setNoDelay(true);
        socket.setKeepAlive(true, options.keepAliveMs ?? 2000);
        socket.setTimeout(timeoutMs);
        let connected = false;
        let closing = false;
        let reported = false;
        const report = (reason: string) => {
          if (closing || reported) return;
          reported = true;
          handlers.closed(reason);
        };
        socket.once('timeout', () => {
          if (!connected) socket.destroy(new Error(`no connection within ${timeoutMs} ms`));
        });
        socket.on('error', (error) => {
          if (!connected) reject(error);
          else report(`socket error: ${error.message}`);
        });
        socket.on('close', () => report('connection closed by the peer'));
        socket.on('data', (chunk: Buffer) => handlers.data(new Uint8Array(chunk)));
        socket.once('connect', () => {
          connected = true;
          socket.setTimeout(0);
          resolve({
            description,
            write: (bytes) =>
              new Promise<void>((res, rej) => {
                socket.write(bytes, (e) => (e ? rej(e) : res()));
              }),
            close: () =>
              new Promise<void>((res) => {
                closing = true;
                socket.end(() => res());
                socket.destroySoon();
              }),
          });
        });
      });
    },
  };
}
