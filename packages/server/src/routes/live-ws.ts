// WebSocket /api/live: screens subscribe to stations and receive one LiveState per frame.
// Authentication, in order: the session cookie (console), `?token=` (scripts), or a first message
// `{ "type": "auth", "token": "…" }` within 5 s. Then `{ "type": "subscribe", "stationId": "sim-1" }`.
// `?stationId=a,b` subscribes at connect. A slow screen skips frames (the seq gap tells it) rather
// than slowing the station or the others.

import type {} from '@fastify/websocket';
import { LiveClientMessage } from '@openrgs/api';
import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import { resolveToken } from '../auth/authenticate.js';
import type { AppDeps, AuthContext } from '../http/context.js';
import type { Subscriber } from '../live/station.js';
import { can } from '../permissions.js';

/** Bytes queued to one socket beyond which frames for it are skipped. */
const MAX_BUFFERED_BYTES = 1 << 20;
const AUTH_TIMEOUT_MS = 5000;
let nextSubscriberId = 1;

function send(socket: WebSocket, message: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function sendError(socket: WebSocket, code: string, message: string, path?: string): void {
  send(socket, { type: 'error', error: { code, message, ...(path !== undefined ? { path } : {}) } });
}

export const liveSocketRoutes: FastifyPluginAsync<AppDeps> = async (app, { store, stations, registry }) => {
  registry.routes.push({
    spec: {
      method: 'GET',
      url: '/api/live',
      summary:
        'WebSocket. Auth: session cookie, ?token=, or first message {type:"auth",token}. Then {type:"subscribe",stationId}; ' +
        'receives {type:"ready"}, {type:"subscribed"}, LiveState {type:"live"} per frame, {type:"station"} on status changes.',
      tag: 'live',
      access: 'live:view',
      status: 101,
    },
  });

  app.get('/api/live', { websocket: true }, (socket, req) => {
    const subscriberId = nextSubscriberId++;
    const subscribed = new Set<string>();
    let auth: AuthContext | null = req.auth;
    const query = req.query as Record<string, unknown>;
    const subscriber: Subscriber = {
      id: subscriberId,
      send: (text) => {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
        socket.send(text);
      },
    };

    const subscribe = (stationId: string) => {
      const station = stations.find(stationId);
      if (!station) {
        sendError(socket, 'not-found', `station '${stationId}' is not attached to this server`, 'stationId');
        return;
      }
      station.subscribe(subscriber);
      subscribed.add(stationId);
      send(socket, { type: 'subscribed', station: station.info() });
    };

    const ready = () => {
      if (auth === null) return;
      if (!can(auth.user.role, 'live:view')) {
        sendError(socket, 'forbidden', `your role '${auth.user.role}' does not have permission 'live:view'`);
        socket.close(1008, 'forbidden');
        return;
      }
      send(socket, {
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
        sendError(
          socket,
          'unauthenticated',
          'no authentication within 5 s: send {"type":"auth","token":"…"} first',
        );
        socket.close(1008, 'unauthenticated');
      }
    }, AUTH_TIMEOUT_MS);
    authTimer.unref();

    socket.on('close', () => {
      clearTimeout(authTimer);
      for (const id of subscribed) stations.find(id)?.unsubscribe(subscriberId);
    });

    socket.on('message', async (data, isBinary) => {
      if (isBinary) return sendError(socket, 'bad-request', 'send JSON text messages');
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return sendError(socket, 'bad-request', 'malformed JSON message');
      }
      const parsed = LiveClientMessage.safeParse(message);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return sendError(
          socket,
          'validation',
          `${issue?.path.join('.') || 'message'}: ${issue?.message}`,
          issue?.path.join('.'),
        );
      }
      const m = parsed.data;
      if (m.type === 'ping') return send(socket, { type: 'pong' });
      if (m.type === 'auth') {
        if (auth !== null) return sendError(socket, 'conflict', 'already authenticated');
        auth = await resolveToken(store, m.token, 'bearer');
        if (auth === null) {
          sendError(socket, 'unauthenticated', 'the token is unknown, expired or revoked; sign in again');
          socket.close(1008, 'unauthenticated');
          return;
        }
        clearTimeout(authTimer);
        return ready();
      }
      if (auth === null)
        return sendError(socket, 'unauthenticated', 'authenticate first: {"type":"auth","token":"…"}');
      if (m.type === 'subscribe') return subscribe(m.stationId);
      stations.find(m.stationId)?.unsubscribe(subscriberId);
      subscribed.delete(m.stationId);
      send(socket, { type: 'unsubscribed', stationId: m.stationId });
    });

    void (async () => {
      if (auth === null && typeof query.token === 'string') {
        auth = await resolveToken(store, query.token, 'query');
        if (auth === null) {
          sendError(socket, 'unauthenticated', 'the token is unknown, expired or revoked; sign in again');
          socket.close(1008, 'unauthenticated');
          return;
        }
      }
      if (auth !== null) {
        clearTimeout(authTimer);
        ready();
      }
    })();
  });
};
