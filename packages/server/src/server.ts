// Starting and stopping a whole server: store (migrated), stations, frame writer, HTTP.
import { fileURLToPath } from 'node:url';
import { type StorageTarget, Store } from '@openrgs/store';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { DEFAULT_THROTTLE, LoginThrottle, type RateLimitOptions } from './auth/rate-limit.js';
import { SessionEvents } from './auth/session-events.js';
import { newSetupToken, SetupGate } from './auth/setup-token.js';
import type { AppDeps, ServerConfig } from './http/context.js';
import { AllowedHosts } from './http/hosts.js';
import { RouteRegistry } from './http/route.js';
import { FrameWriter } from './live/frame-writer.js';
import { StationHub } from './live/station-hub.js';
import type { StationSource } from './live/station-source.js';

export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));
export const VERSION = '0.1.0';

export interface ServerOptions {
  target: StorageTarget;
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Frame sources to attach as stations (simulators, probe drivers). */
  sources?: StationSource[];
  consoleDir?: string;
  sessionSeconds?: number;
  bodyLimitBytes?: number;
  /** Frame flush period, ms (≤ 1000). */
  flushIntervalMs?: number;
  logError?: (line: string) => void;
  now?: () => Date;
  /** Host names (or host:port) the server answers to besides loopback; `*` = any (--allowed-hosts). */
  allowedHosts?: readonly string[];
  /** How often an open WebSocket re-checks its session, ms (default 2000). */
  liveRecheckMs?: number;
  /**
   * Proxies whose X-Forwarded-For is believed (--trusted-proxy): addresses or CIDR ranges. Without
   * it the TCP peer is the client's address (behind a proxy every user would share the proxy's).
   */
  trustedProxies?: readonly string[];
  /** Login throttling rules (default DEFAULT_THROTTLE). */
  throttle?: Omit<RateLimitOptions, 'now'>;
  /** The first-run setup code (RGS_SETUP_TOKEN); a random one is made when no user exists. */
  setupToken?: string;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  app: FastifyInstance;
  store: Store;
  stations: StationHub;
  /** The first-run setup code to print, or null when users exist. */
  setupToken: string | null;
  close(): Promise<void>;
}

/** Twelve hours: one operating day. */
export const DEFAULT_SESSION_SECONDS = 12 * 3600;
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
export const DEFAULT_LIVE_RECHECK_MS = 2000;

export async function createAppWithStore(store: Store, options: Omit<ServerOptions, 'target'> = {}) {
  const now = options.now ?? (() => new Date());
  const logError = options.logError ?? ((line: string) => process.stderr.write(`${line}\n`));
  const writer = new FrameWriter(store, options.flushIntervalMs ?? 250, logError);
  const stations = new StationHub(store, writer, () => now().getTime());
  writer.start();
  const config: ServerConfig = {
    sessionSeconds: options.sessionSeconds ?? DEFAULT_SESSION_SECONDS,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    consoleDir: options.consoleDir ?? DEFAULT_CONSOLE_DIR,
    version: VERSION,
    allowedHosts: new AllowedHosts(options.allowedHosts ?? []),
    trustedProxies: options.trustedProxies ?? [],
    liveRecheckMs: options.liveRecheckMs ?? DEFAULT_LIVE_RECHECK_MS,
  };
  const setupNeeded = (await store.users.count()) === 0;
  const setup = new SetupGate(setupNeeded ? (options.setupToken ?? newSetupToken()) : null);
  const deps: AppDeps = {
    store,
    stations,
    config,
    throttle: new LoginThrottle({ ...(options.throttle ?? DEFAULT_THROTTLE), now: () => now().getTime() }),
    registry: new RouteRegistry(),
    sessions: new SessionEvents(),
    setup,
    now,
  };
  const app = await buildApp(deps, { logError });
  for (const source of options.sources ?? []) stations.add(source);
  // Sessions a previous process left open resume on their stations (issue 13); the others are closed.
  await stations.resumeOpenSessions();
  return { app, stations, deps, setupToken: setup.code };
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logError = options.logError ?? ((line: string) => process.stderr.write(`${line}\n`));
  // A damaged SQLite file is refused before anything listens; a storage fault later is logged once when it
  // begins (its cause and code, nothing of the records), answered 503 and shown by /api/health.
  const store = await Store.open(options.target, {
    checkIntegrity: true,
    onFault: (fault) => logError(`storage fault: ${fault.reason} [${fault.code}]`),
  });
  let built: Awaited<ReturnType<typeof createAppWithStore>> | undefined;
  try {
    built = await createAppWithStore(store, options);
    const { app, stations, setupToken } = built;
    const host = options.host ?? '127.0.0.1';
    await app.listen({ host, port: options.port ?? 8080 });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 8080);
    const shownHost = host.includes(':') ? `[${host}]` : host;
    let closed: Promise<void> | null = null;
    return {
      url: `http://${shownHost}:${port}`,
      host,
      port,
      app,
      store,
      stations,
      setupToken,
      close: () => {
        closed ??= (async () => {
          await app.close();
          await stations.close();
          await store.close();
        })();
        return closed;
      },
    };
  } catch (error) {
    // Nothing keeps running after a failed start (the caller may retry on another port).
    await built?.app.close().catch(() => {});
    await built?.stations.close().catch(() => {});
    await store.close();
    throw error;
  }
}
