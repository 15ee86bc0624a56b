// Which hosts this server answers to, and which browser origins may open its WebSocket.
// A request whose Host is not allowed gets 421 (DNS rebinding defence, issue 14 point 15); a browser's
// Origin must name the host the request was sent to (same origin) or one of the allowed hosts.
import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** `host` or `host:port` lowercased, brackets kept for IPv6; undefined when not parseable. */
export function normaliseHost(text: string, protocol = 'http:'): string | undefined {
  try {
    const url = new URL(`${protocol}//${text}`);
    if (url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '')
      return undefined;
    return url.host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Hostname without port: `example.org:8080` → `example.org`, `[::1]:80` → `[::1]`. */
export function hostnameOf(host: string): string {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return host.toLowerCase();
  }
}

/**
 * An allowed-hosts list: entries are hostnames (any port) or host:port (that port only); `*` allows
 * every host. Loopback names and IP addresses are always allowed (a local console and scripts reach
 * the server there; an address is not open to DNS rebinding).
 */
export class AllowedHosts {
  private readonly any: boolean;
  private readonly names = new Set<string>();
  private readonly hostPorts = new Set<string>();

  constructor(readonly entries: readonly string[]) {
    this.any = entries.includes('*');
    for (const entry of entries) {
      if (entry === '*') continue;
      const host = normaliseHost(entry);
      if (host === undefined) throw new Error(`allowed host '${entry}' is not a host name or host:port`);
      if (/:\d+$/.test(host)) this.hostPorts.add(host);
      else this.names.add(host);
    }
  }

  static readonly LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

  /** Whether a host is named in the list itself (not by `*`, not as loopback). */
  listed(hostHeader: string): boolean {
    const host = normaliseHost(hostHeader);
    if (host === undefined) return false;
    return this.names.has(hostnameOf(host)) || this.hostPorts.has(host);
  }

  /** Whether a Host header value (host[:port]) is one this server answers to. */
  allows(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined || hostHeader === '') return false;
    const host = normaliseHost(hostHeader);
    if (host === undefined) return false;
    if (this.any) return true;
    const name = hostnameOf(host);
    // An IP address cannot be rebound (DNS rebinding needs a name), so addresses are answered.
    if (isIP(name.replace(/^\[|\]$/g, '')) !== 0) return true;
    return AllowedHosts.LOOPBACK.has(name) || this.names.has(name) || this.hostPorts.has(host);
  }
}

/**
 * Whether a browser Origin may talk to us: its host:port equals the request's Host (same origin) and
 * that host is allowed, or the Origin's host is listed in --allowed-hosts. A missing Origin (scripts, curl) is not a browser and is not judged here.
 */
export function originAllowed(
  req: FastifyRequest,
  allowed: AllowedHosts,
): { ok: true } | { ok: false; reason: string } {
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true };
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { ok: false, reason: `Origin '${origin}' is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, reason: `Origin '${origin}' is not an http(s) origin` };
  const host = req.headers.host;
  const same = host !== undefined && normaliseHost(host, url.protocol) === url.host.toLowerCase();
  if (same && allowed.allows(host)) return { ok: true };
  // Behind a reverse proxy that rewrites Host, the console's public name is listed explicitly.
  if (allowed.listed(url.host)) return { ok: true };
  return { ok: false, reason: `cross-origin connection from '${origin}' refused` };
}
