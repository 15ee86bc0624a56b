// What route plugins receive: the store, the stations, configuration and the route registry.
import type {} from '@fastify/cookie';
import type { Store, User } from '@openrgs/store';
import type { LoginThrottle } from '../auth/rate-limit.js';
import type { SessionEvents } from '../auth/session-events.js';
import type { SetupGate } from '../auth/setup-token.js';
import type { StationHub } from '../live/station-hub.js';
import type { AllowedHosts } from './hosts.js';
import type { RouteRegistry } from './route.js';

export interface AuthContext {
  user: User;
  tokenId: string;
  expiresAt: string;
  via: 'bearer' | 'cookie' | 'query';
}

export interface ServerConfig {
  /** Lifetime of a login session, seconds. */
  sessionSeconds: number;
  /** Largest accepted request body, bytes. */
  bodyLimitBytes: number;
  /** Directory of the built console (index.html + assets). */
  consoleDir: string;
  version: string;
  /** Host names this server answers to (besides loopback); `*` for any. */
  allowedHosts: AllowedHosts;
  /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For gives the client's address. */
  trustedProxies: readonly string[];
  /** How often an open WebSocket re-checks that its session is still valid, ms. */
  liveRecheckMs: number;
}

export interface AppDeps {
  store: Store;
  stations: StationHub;
  config: ServerConfig;
  throttle: LoginThrottle;
  registry: RouteRegistry;
  /** Session ends in this process (logout, revocation, user changes), for open WebSockets. */
  sessions: SessionEvents;
  /** The one-time first-run setup code (null once an administrator exists). */
  setup: SetupGate;
  now(): Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}
