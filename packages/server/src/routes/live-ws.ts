// WebSocket /api/live: screens subscribe to stations and receive one LiveState per frame.
// Authentication, in order: the session cookie (console), `?token=` (scripts), or a first message
// `{ "type": "auth", "token": "…" }` within 5 s. Then `{ "type": "subscribe", "stationId": "sim-1" }`.
// `?stationId=a,b` subscribes at connect. A slow screen skips frames (the seq gap tells it) rather
// than slowing the station or the others.
//
// Hostile clients (issue 14 points 4, 7): a browser upgrade must come from our own origin (or an
// allowed host); before authentication nothing but the auth message is read — anything else closes
// the socket; each socket may send at most MESSAGE_BURST messages at once and MESSAGES_PER_SECOND
// on average; a socket that does not read what it is sent is closed (the server never queues more
// than HARD_BUFFERED_BYTES for it); a socket is closed as soon as its session ends (logout,
// revocation, user disabled or changed, expiry), by event within this process and by re-checking its
// token every recheckMs otherwise.

import type {} from '@fastify/websocket';
import { LiveClientMessage } from '@openrgs/api';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { resolveToken } from '../auth/authenticate.js';
import { SESSION_COOKIE } from '../auth/tokens.js';
import { ApiError } from '../errors.js';
import type { AppDeps, AuthContext } from '../http/context.js';
import { originAllowed } from '../http/hosts.js';
import type { Subscriber } from '../live/station.js';
import { can } from '../permissions.js';

/** Bytes queued to one socket beyond which frames for it are skipped (a slow screen). */
export const SOFT_BUFFERED_BYTES = 256 * 1024;
/** Bytes queued to one socket beyond which it is closed: it is not reading. */
export const HARD_BUFFERED_BYTES = 1024 * 1024;
/** A socket whose queue stays above the soft bound this long is closed: it is not reading. */
export const STALLED_MS = 5000;
export const AUTH_TIMEOUT_MS = 5000;
/** Message rate per socket (token bucket): average per second, and the burst allowed at once. */
export const MESSAGES_PER_SECOND = 10;
export const MESSAGE_BURST = 20;
/** Sockets from one address still waiting for their authentication; more are refused. */
export const MAX_PENDING_PER_ADDRESS = 16;

/** Close codes (RFC 6455 §7.4.1; 4xxx are ours): the reason text says the rest. */
export const CLOSE = {
  /** Policy: not authenticated, a message before authentication, a bad token, forbidden. */
  policy: 1008,
  /** Too many messages per second. */
  rateLimited: 4429,
  /** The socket did not read what it was sent. */
  notReading: 4408,
  /** The session ended: logout, revocation, account disabled or changed, expiry. */
  sessionEnded: 4401,
  /** Too many unauthenticated sockets from this address. */
  tryAgainLater: 1013,
} as const;

let nextSubscriberId = 1;
const pendingByAddress = new Map<string, number>();

function send(socket: WebSocket, message: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function sendError(socket: WebSocket, code: string, message: string, path?: string): void {
  send(socket, { type: 'error', error: { code, message, ...(path !== undefined ? { path } : {}) } });
}

/**
 * Closes with a code and reason (≤ 123 bytes, as RFC 6455 allows), after an error message saying
 * the same; a peer that does not finish the closing handshake is dropped a second later.
 */
function closeWith(socket: WebSocket, code: number, errorCode: string, reason: string): void {
  if (socket.readyState !== socket.OPEN) return;
  sendError(socket, errorCode, reason);
  socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
  // A hostile peer (a message before authentication, a flood): nothing more from it matters, so its
  // bytes already on the wire are not read (its closing handshake neither: dropped a second later).
  if (code === CLOSE.policy || code === CLOSE.rateLimited) {
    (socket as unknown as { _socket?: { pause(): void } })._socket?.pause();
  }
  setTimeout(() => socket.terminate(), 1000).unref();
}

/** The token a request authenticated with, to re-check later (cookie, ?token=, bearer). */
function tokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  const bearer = header === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer !== undefined) return bearer;
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (cookie !== undefined && cookie !== '') return cookie;
  const query = (req.query as Record<string, unknown>).token;
  return typeof query === 'string' ? query : undefined;
}

export const liveSocketRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const { store, stations, registry, sessions, config } = deps;
  registry.routes.push({
    spec: {
      method: 'GET',
      url: '/api/live',
      summary:
        'WebSocket. Auth: session cookie, ?token=, or first message {type:"auth",token} within 5 s (any other ' +
        'message first closes the socket, 1008). Then {type:"subscribe",stationId}; receives {type:"ready"}, ' +
        '{type:"subscribed"}, LiveState {type:"live"} per frame, {type:"station"} on status changes. ' +
        `At most ${MESSAGES_PER_SECOND} messages/s (4429); a socket that does not read is closed (4408); ` +
        'the end of its session closes it (4401). Browsers must connect from this server’s own origin.',
      tag: 'live',
      access: 'live:view',
      status: 101,
    },
  });

  app.route({
    method: 'GET',
    url: '/api/live',
    // A plain GET (no Upgrade) is told what this address is, in the one error shape.
    handler: async () => {
      throw new ApiError(
        'bad-request',
        'GET /api/live is a WebSocket: connect with Upgrade: websocket (see docs/api.md)',
        'header.upgrade',
      );
    },
    // Before the upgrade: a browser page from another origin never gets a socket (cookies ride
    // along with cross-site WebSocket upgrades; SameSite does not cover every browser).
    preValidation: async (req) => {
      const verdict = originAllowed(req, config.allowedHosts);
      if (!verdict.ok) throw new ApiError('forbidden', verdict.reason, 'header.origin');
    },
    wsHandler: (socket, req) => {
      const subscriberId = nextSubscriberId++;
      const subscribed = new Set<string>();
      let auth: AuthContext | null = req.auth;
      let token: string | undefined = auth === null ? undefined : tokenOf(req);
      let authPending = false;
      const query = req.query as Record<string, unknown>;
      const address = req.ip;
      let countedPending = false;
      const stopPending = () => {
        if (!countedPending) return;
        countedPending = false;
        const n = (pendingByAddress.get(address) ?? 1) - 1;
        if (n <= 0) pendingByAddress.delete(address);
        else pendingByAddress.set(address, n);
      };
      let bucket = MESSAGE_BURST;
      let bucketAt = Date.now();
      let stalledSince: number | null = null;

      /** Every send to this socket passes here: the queue bound holds for frames and answers alike. */
      const guardedSend = (text: string, skippable: boolean): void => {
        if (socket.readyState !== socket.OPEN) return;
        const queued = socket.bufferedAmount;
        if (queued + text.length > HARD_BUFFERED_BYTES) {
          closeWith(
            socket,
            CLOSE.notReading,
            'slow-consumer',
            `closed: ${queued} bytes queued unread (limit ${HARD_BUFFERED_BYTES})`,
          );
          socket.terminate();
          return;
        }
        if (queued > SOFT_BUFFERED_BYTES) {
          const now = Date.now();
          stalledSince ??= now;
          if (now - stalledSince > STALLED_MS) {
            closeWith(
              socket,
              CLOSE.notReading,
              'slow-consumer',
              `closed: the socket has not read for ${Math.round((now - stalledSince) / 1000)} s`,
            );
            socket.terminate();
            return;
          }
          if (skippable) return; // a slow screen skips frames; the seq gap tells it
        } else {
          stalledSince = null;
        }
        socket.send(text);
      };
      const reply = (message: unknown) => guardedSend(JSON.stringify(message), false);
      const replyError = (code: string, message: string, path?: string) =>
        reply({ type: 'error', error: { code, message, ...(path !== undefined ? { path } : {}) } });

      const subscriber: Subscriber = { id: subscriberId, send: (text) => guardedSend(text, true) };

      const subscribe = (stationId: string) => {
        const station = stations.find(stationId);
        if (!station) {
          replyError('not-found', `station '${stationId}' is not attached to this server`, 'stationId');
          return;
        }
        station.subscribe(subscriber);
        subscribed.add(stationId);
        reply({ type: 'subscribed', station: station.info() });
      };

      const endSession = (why: string) =>
        closeWith(socket, CLOSE.sessionEnded, 'unauthenticated', `session ended (${why}); sign in again`);

      const unsubscribeSessions = sessions.on((end) => {
        if (auth === null) return;
        if (end.kind === 'token' && end.tokenId === auth.tokenId) endSession(end.reason);
        // A changed user is looked up again: a new display name keeps the socket, a disabled account not.
        if (end.kind === 'user' && end.userId === auth.user.id) void recheck();
      });

      let recheckTimer: NodeJS.Timeout | null = null;
      const recheck = async () => {
        if (auth === null || token === undefined || socket.readyState !== socket.OPEN) return;
        const now = await resolveToken(store, token, auth.via).catch(() => undefined);
        if (now === undefined) return; // storage hiccup: judged again at the next tick
        if (now === null) return endSession('token revoked, expired or account disabled');
        if (!can(now.user.role, 'live:view')) return endSession(`role '${now.user.role}' may not view live`);
        auth = now;
      };

      const ready = () => {
        if (auth === null) return;
        stopPending();
        if (!can(auth.user.role, 'live:view')) {
          closeWith(
            socket,
            CLOSE.policy,
            'forbidden',
            `your role '${auth.user.role}' does not have permission 'live:view'`,
          );
          return;
        }
        recheckTimer = setInterval(() => void recheck(), config.liveRecheckMs);
        recheckTimer.unref();
        reply({
          type: 'ready',
          username: auth.user.username,
          stations: stations.list().map((s) => s.info()),
        });
        const initial =
          typeof query.stationId === 'string' ? query.stationId.split(',').filter((s) => s !== '') : [];
        for (const id of initial) subscribe(id);
      };

      const authTimer = setTimeout(() => {
        if (auth === null) {
          closeWith(
            socket,
            CLOSE.policy,
            'unauthenticated',
            `no authentication within ${AUTH_TIMEOUT_MS / 1000} s: send {"type":"auth","token":"…"} first`,
          );
        }
      }, AUTH_TIMEOUT_MS);
      authTimer.unref();

      socket.on('close', () => {
        clearTimeout(authTimer);
        if (recheckTimer !== null) clearInterval(recheckTimer);
        unsubscribeSessions();
        stopPending();
        for (const id of subscribed) stations.find(id)?.unsubscribe(subscriberId);
      });

      /** Before authentication: the auth message, once, and nothing else. */
      const preAuth = async (data: Buffer, isBinary: boolean) => {
        const refuse = (what: string) =>
          closeWith(
            socket,
            CLOSE.policy,
            'unauthenticated',
            `${what} before authentication: the first message must be {"type":"auth","token":"…"}`,
          );
        if (authPending) return refuse('a second message');
        if (isBinary) return refuse('a binary message');
        let message: unknown;
        try {
          message = JSON.parse(data.toString());
        } catch {
          return refuse('malformed JSON');
        }
        const parsed = LiveClientMessage.safeParse(message);
        if (!parsed.success || parsed.data.type !== 'auth') {
          const type = (message as { type?: unknown } | null)?.type;
          return refuse(typeof type === 'string' ? `a '${type.slice(0, 20)}' message` : 'a message');
        }
        authPending = true;
        const found = await resolveToken(store, parsed.data.token, 'bearer');
        authPending = false;
        if (socket.readyState !== socket.OPEN) return;
        if (found === null) {
          return closeWith(
            socket,
            CLOSE.policy,
            'unauthenticated',
            'the token is unknown, expired or revoked; sign in again',
          );
        }
        auth = found;
        token = parsed.data.token;
        clearTimeout(authTimer);
        ready();
      };

      socket.on('message', async (data: Buffer, isBinary) => {
        // A ?token= still being looked up: its messages wait for it, in order.
        if (queryAuth !== null) await queryAuth;
        if (socket.readyState !== socket.OPEN) return;
        if (auth === null) return preAuth(data, isBinary);
        const now = Date.now();
        bucket = Math.min(MESSAGE_BURST, bucket + ((now - bucketAt) / 1000) * MESSAGES_PER_SECOND);
        bucketAt = now;
        if (bucket < 1) {
          return closeWith(
            socket,
            CLOSE.rateLimited,
            'rate-limited',
            `more than ${MESSAGES_PER_SECOND} messages per second (burst ${MESSAGE_BURST})`,
          );
        }
        bucket -= 1;
        if (isBinary) return replyError('bad-request', 'send JSON text messages');
        let message: unknown;
        try {
          message = JSON.parse(data.toString());
        } catch {
          return replyError('bad-request', 'malformed JSON message');
        }
        const parsed = LiveClientMessage.safeParse(message);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return replyError(
            'validation',
            `${issue?.path.join('.') || 'message'}: ${issue?.message}`,
            issue?.path.join('.'),
          );
        }
        const m = parsed.data;
        if (m.type === 'ping') return reply({ type: 'pong' });
        if (m.type === 'auth') return replyError('conflict', 'already authenticated');
        if (m.type === 'subscribe') return subscribe(m.stationId);
        stations.find(m.stationId)?.unsubscribe(subscriberId);
        subscribed.delete(m.stationId);
        reply({ type: 'unsubscribed', stationId: m.stationId });
      });

      if (auth === null && typeof query.token !== 'string') {
        const pending = pendingByAddress.get(address) ?? 0;
        if (pending >= MAX_PENDING_PER_ADDRESS) {
          closeWith(
            socket,
            CLOSE.tryAgainLater,
            'rate-limited',
            `too many unauthenticated sockets from this address (limit ${MAX_PENDING_PER_ADDRESS})`,
          );
          return;
        }
        pendingByAddress.set(address, pending + 1);
        countedPending = true;
      }

      let queryAuth: Promise<void> | null = null;
      queryAuth = (async () => {
        if (auth === null && typeof query.token === 'string') {
          auth = await resolveToken(store, query.token, 'query');
          if (auth === null) {
            closeWith(
              socket,
              CLOSE.policy,
              'unauthenticated',
              'the token is unknown, expired or revoked; sign in again',
            );
            return;
          }
          token = query.token;
        }
        if (auth !== null) {
          clearTimeout(authTimer);
          ready();
        }
      })().finally(() => {
        queryAuth = null;
      });
    },
  });
};
