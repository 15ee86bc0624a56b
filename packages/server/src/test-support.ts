// Test helpers: an app on a fresh database of either engine, signed-in clients per role, and a
// station source the test drives frame by frame.
import type { CountFrame } from '@openrgs/counting';
import { Store } from '@openrgs/store';
import { type TempTarget, type TestEngine, tempTarget } from '@openrgs/store/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { hashPassword } from './auth/passwords.js';
import type { SessionEvents } from './auth/session-events.js';
import type { RouteRegistry } from './http/route.js';
import type { StationHub } from './live/station-hub.js';
import type { StationSink, StationSource } from './live/station-source.js';
import { createAppWithStore } from './server.js';

export const PASSWORD = 'correct horse battery';

export class ManualSource implements StationSource {
  readonly kind = 'simulated' as const;
  readonly scenario = 'manual';
  readonly frameSeconds = 0.05;
  private sink: StationSink | null = null;
  private t = 0;
  constructor(
    readonly id: string,
    readonly name = `manual ${id}`,
  ) {}
  start(sink: StationSink): void {
    this.sink = sink;
  }
  async stop(): Promise<void> {
    this.sink = null;
  }
  push(counts: number, durationSeconds = this.frameSeconds): CountFrame {
    const frame = { startSeconds: this.t, durationSeconds, counts };
    this.t += durationSeconds;
    this.sink?.frame(frame, Date.now());
    return frame;
  }
  status(status: Parameters<StationSink['status']>[0], reason?: string): void {
    this.sink?.status(status, reason);
  }
}

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  stations: StationHub;
  /** Session ends told to open sessions (logout, revocation, user changes), as the live WebSocket hears them. */
  sessions: SessionEvents;
  temp: TempTarget;
  source: ManualSource;
  /** The first-run setup code (withUsers: false), as `rgs serve` would print it. */
  setupToken: string | null;
  /** Bearer tokens by role (admin, surgeon, nuclear-medicine, physicist, viewer). */
  tokens: Record<string, string>;
  /** The routes the app declared, with their schemas (as /api/openapi.json lists them). */
  routes: RouteRegistry;
  /**
   * Stops the server (HTTP, stations, store) and starts a new one on the same database with a fresh
   * station of the same id, as a process restart does; `app`, `store`, `stations`, `source` are replaced.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function testApp(
  engine: TestEngine,
  options: { withUsers?: boolean; now?: () => Date } = {},
): Promise<TestApp> {
  const temp = await tempTarget(engine);
  const open = async () => {
    const store = await Store.open(temp.target);
    const source = new ManualSource('test-1');
    const { app, stations, setupToken, deps } = await createAppWithStore(store, {
      sources: [source],
      consoleDir: '/nonexistent-console-dist',
      ...(options.now ? { now: options.now } : {}),
      logError: () => {},
    });
    return { store, source, app, stations, setupToken, sessions: deps.sessions, routes: deps.registry };
  };
  const { store, source, app, stations, setupToken, sessions, routes } = await open();
  const tokens: Record<string, string> = {};
  if (options.withUsers !== false) {
    const hash = await hashPassword(PASSWORD);
    for (const role of ['admin', 'surgeon', 'nuclear-medicine', 'physicist', 'viewer'] as const) {
      await store.users.create(
        { userId: null, username: 'test' },
        { username: `u-${role}`, role, passwordHash: hash },
      );
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `u-${role}`, password: PASSWORD },
      });
      tokens[role] = (res.json() as { token: string }).token;
    }
  }
  const t: TestApp = {
    app,
    store,
    stations,
    sessions,
    temp,
    source,
    setupToken,
    tokens,
    routes,
    restart: async () => {
      await t.app.close();
      await t.stations.close();
      await t.store.close();
      Object.assign(t, await open());
    },
    close: async () => {
      await t.app.close();
      await t.stations.close();
      await t.store.close();
      await temp.cleanup();
    },
  };
  return t;
}

export function as(token: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...extra };
}

export function errorOf(res: LightMyRequestResponse): { code: string; message: string; path?: string } {
  return (res.json() as { error: { code: string; message: string; path?: string } }).error;
}
