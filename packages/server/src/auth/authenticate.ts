// Who is calling: `Authorization: Bearer <token>`, else the session cookie (console), else — for the
// WebSocket upgrade only — `?token=`. Cookie-authenticated state changes must come from our own origin.

import type { Store } from '@openrgs/store';
import type { FastifyRequest } from 'fastify';
import { ApiError, unauthenticated } from '../errors.js';
import type { AuthContext } from '../http/context.js';
import { hashToken, looksLikeToken, SESSION_COOKIE } from './tokens.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function bearerOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  return match[1];
}

export async function resolveToken(
  store: Store,
  token: string,
  via: AuthContext['via'],
): Promise<AuthContext | null> {
  if (!looksLikeToken(token)) return null;
  const found = await store.users.findActiveToken(hashToken(token));
  if (!found) return null;
  return { user: found.user, tokenId: found.token.id, expiresAt: found.token.expiresAt, via };
}

export async function authenticate(req: FastifyRequest, store: Store): Promise<AuthContext | null> {
  const bearer = bearerOf(req);
  if (bearer !== undefined) {
    const auth = await resolveToken(store, bearer, 'bearer');
    if (auth === null)
      throw unauthenticated('the bearer token is unknown, expired or revoked; sign in again');
    return auth;
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  // (An empty or malformed cookie fails looksLikeToken: no lookup, treated as signed out.)
  if (cookie !== undefined) {
    const auth = await resolveToken(store, cookie, 'cookie');
    if (auth === null) return null; // stale cookie: treated as signed out
    if (UNSAFE.has(req.method)) checkSameOrigin(req);
    return auth;
  }
  return null;
}

/** CSRF defence for cookie sessions (besides SameSite=Strict): an Origin, when sent, must be ours. */
function checkSameOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const host = req.headers.host;
  let same: boolean;
  try {
    // Both through URL, so default ports compare equal (http://h:80 ≡ http://h).
    const o = new URL(origin);
    same = host !== undefined && o.host === new URL(`${o.protocol}//${host}`).host;
  } catch {
    throw new ApiError('forbidden', `Origin '${origin}' is not a URL`, 'header.origin');
  }
  if (!same) {
    throw new ApiError('forbidden', `cross-origin request from '${origin}' refused`, 'header.origin');
  }
}
