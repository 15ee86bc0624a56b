// The Fastify application: limits, security headers, authentication, the one error handler, every
// route plugin, and the console's static files with SPA fallback.
import { existsSync } from 'node:fs';
import { type IncomingHttpHeaders, STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { authenticate } from './auth/authenticate.js';
import { ApiError, toApiError } from './errors.js';
import type { AppDeps } from './http/context.js';
import { hostnameOf } from './http/hosts.js';
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

function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: deps.config.bodyLimitBytes,
    // X-Forwarded-For is believed only from the proxies named with --trusted-proxy (issue 14 point 10).
    trustProxy: deps.config.trustedProxies.length > 0 ? [...deps.config.trustedProxies] : false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Fastify's own answers in the one documented shape (issue 14 point 13): router errors (a bad
    // percent-encoding, a too-long path segment) and connection-level errors (a malformed request,
    // headers over Node's 16 KiB, a request timeout) that never reach a route.
    frameworkErrors: (error, _req, reply) => {
      const api = toApiError(error);
      (reply as FastifyReply).status(api.status).send(api.body());
    },
    clientErrorHandler: (error, socket) => {
      const code = (error as { code?: string }).code;
      if (code === 'ECONNRESET' || socket.destroyed) return;
      const api =
        code === 'HPE_HEADER_OVERFLOW'
          ? new ApiError('headers-too-large', 'the request line and headers exceed 16 KiB', 'header')
          : code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? new ApiError('bad-request', 'the request did not arrive in time')
            : new ApiError('bad-request', 'malformed HTTP request');
      const status = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : api.status;
      const body = JSON.stringify(api.body());
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
            `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy();
    },
  });
  const logError = options.logError ?? ((line: string) => process.stderr.write(`${line}\n`));

  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  securityHeaders(app);
  app.decorateRequest('auth', null);

  // DNS rebinding (issue 14 point 15): a page on another name resolving to this machine reaches us
  // with its own name in Host; only loopback, IP literals and the allowed hosts are answered.
  app.addHook('onRequest', async (req) => {
    const host = req.headers.host;
    if (host === undefined || host === '') {
      throw new ApiError('bad-request', 'a Host header is required', 'header.host');
    }
    if (!deps.config.allowedHosts.allows(host)) {
      throw new ApiError(
        'misdirected-request',
        `this server does not answer to the host '${host.slice(0, 100)}' (start it with --allowed-hosts ${hostnameOf(host).slice(0, 100)})`,
        'header.host',
      );
    }
    // A GET or HEAD takes no body (docs/api.md): refused rather than silently ignored.
    if ((req.method === 'GET' || req.method === 'HEAD') && hasBody(req.headers)) {
      throw new ApiError('bad-request', `a ${req.method} request takes no body`, 'body');
    }
  });

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
