// The Fastify application: limits, security headers, authentication, the one error handler, every
// route plugin, and the console's static files with SPA fallback.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { authenticate } from './auth/authenticate.js';
import { ApiError, toApiError } from './errors.js';
import type { AppDeps } from './http/context.js';
import { securityHeaders } from './http/security.js';
import { ROUTE_PLUGINS } from './routes/index.js';

export interface BuildAppOptions {
  /** Called with one line for each server-side failure (5xx); never with request bodies. */
  logError?: (line: string) => void;
}

function consolePlaceholder(consoleDir: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OpenRGS</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>OpenRGS server is running</h1>
<p>The console has not been built (no <code>${consoleDir.replace(/[<>&]/g, '')}/index.html</code>). Build it with</p>
<pre>npm run build -w @openrgs/console</pre>
<p>and reload. The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>`;
}

export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  const logError = options.logError ?? ((line: string) => process.stderr.write(`${line}\n`));

  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  securityHeaders(app);
  app.decorateRequest('auth', null);

  app.addHook('onRequest', async (req) => {
    if (req.url.startsWith('/api/')) req.auth = await authenticate(req, deps.store);
  });

  // A user disabled, given a new role or a new password (PATCH /api/users/:id ends their sessions in
  // the store): their open WebSockets close now rather than at the next re-check.
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'PATCH' || req.routeOptions.url !== '/api/users/:id' || reply.statusCode >= 300)
      return;
    const id = (req.params as { id?: unknown }).id;
    if (typeof id === 'string') deps.sessions.ended({ kind: 'user', userId: id, reason: 'user-changed' });
  });

  app.setErrorHandler((error, req, reply) => {
    const api = toApiError(error);
    if (api.status >= 500) {
      logError(
        `${req.method} ${req.url.split('?')[0]} → ${api.status}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    for (const [name, value] of Object.entries(api.headers ?? {})) reply.header(name, value);
    reply.status(api.status).send(api.body());
  });

  for (const plugin of ROUTE_PLUGINS) await app.register(plugin, deps);

  const index = join(deps.config.consoleDir, 'index.html');
  const built = existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: deps.config.consoleDir,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path === '/api' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      const api = new ApiError('not-found', `no route ${req.method} ${path} (see /api/openapi.json)`, 'url');
      return reply.status(404).send(api.body());
    }
    // Client-side routes of the console (e.g. /cases/123) get index.html.
    if (built) return reply.type('text/html').sendFile('index.html');
    return reply.type('text/html; charset=utf-8').send(consolePlaceholder(deps.config.consoleDir));
  });

  return app;
}
