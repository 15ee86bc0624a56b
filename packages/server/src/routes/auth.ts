// Login, logout, who am I, password change, and named API tokens.
import {
  AuthToken,
  AuthTokenList,
  LoginRequest,
  LoginResponse,
  Me,
  NoContent,
  PasswordChange,
  TokenCreate,
  TokenCreated,
  TokenParams,
  UnlockResult,
  UserParams,
} from '@openrgs/api';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { type BackoffRule, backoffMs } from '../auth/rate-limit.js';
import { hashToken, newToken, SESSION_COOKIE } from '../auth/tokens.js';
import { ApiError, notFound } from '../errors.js';
import type { AppDeps } from '../http/context.js';
import { route } from '../http/route.js';
import { permissionsOf } from '../permissions.js';

export function setSessionCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: req.protocol === 'https',
    maxAge: maxAgeSeconds,
  });
}

/**
 * Failed sign-ins per username across every address, process and restart, read from the audit log:
 * those within DURABLE_WINDOW_MS since the last successful sign-in or administrator's unlock. Beyond
 * DURABLE_RULE.free of them each further one doubles the wait before the next attempt (from the last
 * failure), at most DURABLE_RULE.maxMs — a slow-down, never a lock (ASVS 2.2.1, SP 800-63B §5.2.2).
 * Addresses that signed in to this account lately are spared it: an attacker elsewhere cannot keep
 * the account's own users out. The in-memory throttle (per address) answers first.
 */
export const DURABLE_RULE: BackoffRule = { free: 10, baseMs: 1000, maxMs: 5 * 60_000 };
export const DURABLE_WINDOW_MS = 60 * 60_000;

async function durableRetryAfterSeconds(deps: AppDeps, username: string, userId?: string): Promise<number> {
  const nowMs = deps.now().getTime();
  const failures = await deps.store.audit.recentLoginFailures(
    username,
    new Date(nowMs - DURABLE_WINDOW_MS).toISOString(),
    userId,
  );
  const last = failures[failures.length - 1];
  if (last === undefined) return 0;
  const wait = Date.parse(last) + backoffMs(failures.length, DURABLE_RULE) - nowMs;
  return wait <= 0 ? 0 : Math.ceil(wait / 1000);
}

/** Issues a login session for a user: a bearer token and the same token as the console's cookie. */
export async function issueSession(
  deps: AppDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  user: { id: string; username: string },
) {
  const token = newToken();
  const expiresAt = new Date(deps.now().getTime() + deps.config.sessionSeconds * 1000).toISOString();
  await deps.store.users.createToken({
    userId: user.id,
    tokenHash: hashToken(token),
    kind: 'session',
    label: null,
    expiresAt,
    actor: { userId: user.id, username: user.username },
  });
  setSessionCookie(req, reply, token, deps.config.sessionSeconds);
  return { token, expiresAt };
}

export const authRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const { store, registry, throttle } = deps;

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/auth/login',
      summary: 'Sign in: returns a bearer token and sets the session cookie (rate-limited)',
      tag: 'auth',
      access: 'public',
      body: LoginRequest,
      status: 200,
      response: LoginResponse,
    },
    async ({ req, reply, body }) => {
      const address = req.ip;
      const username = body.username.toLowerCase();
      const user = await store.users.findWithHash(body.username);
      const fromHere = throttle.retryAfterSeconds(address, username);
      const fromAnywhere = throttle.isKnown(address, username)
        ? 0
        : await durableRetryAfterSeconds(deps, username, user?.id);
      const wait = Math.max(fromHere, fromAnywhere);
      if (wait > 0) {
        throw new ApiError(
          'rate-limited',
          (fromAnywhere >= fromHere
            ? `too many failed sign-ins for '${body.username}' (from any address)`
            : `too many failed sign-ins for '${body.username}' from this address`) +
            `: try again in ${wait} s; each further failure doubles the wait (at most ` +
            `${(fromAnywhere >= fromHere ? DURABLE_RULE.maxMs : 15 * 60_000) / 60_000} min); ` +
            'an administrator can lift it (POST /api/users/:id/unlock)',
          'body.username',
          undefined,
          { 'Retry-After': String(wait) },
        );
      }
      const ok =
        (await verifyPassword(user?.passwordHash, body.password)) && user !== undefined && !user.disabled;
      if (!ok || user === undefined) {
        throttle.fail(address, username);
        await store.audit.append(
          { userId: null, username },
          { action: 'auth.login-failed', entityType: 'user', entityId: user?.id ?? null },
        );
        throw new ApiError(
          'unauthenticated',
          'username or password is wrong (or the account is disabled)',
          'body',
        );
      }
      throttle.succeed(address, username);
      // Who signed in, and when, belongs in the record (and ends the durable failure count).
      await store.audit.append(
        { userId: user.id, username: user.username },
        { action: 'auth.login', entityType: 'user', entityId: user.id },
      );
      const session = await issueSession(deps, req, reply, user);
      const { passwordHash: _hash, ...publicUser } = user;
      return { ...session, user: publicUser };
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/auth/logout',
      summary: 'Sign out: revokes the token used for this request and clears the cookie',
      tag: 'auth',
      access: 'authenticated',
      status: 204,
      response: NoContent,
    },
    async ({ auth, reply }) => {
      await store.users.revokeToken(
        { userId: auth.user.id, username: auth.user.username },
        auth.tokenId,
        'logout',
      );
      deps.sessions.ended({ kind: 'token', tokenId: auth.tokenId, reason: 'logout' });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return undefined;
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/auth/me',
      summary: 'The signed-in user, their permissions and when the session expires',
      tag: 'auth',
      access: 'authenticated',
      status: 200,
      response: Me,
    },
    async ({ auth }) => ({
      user: auth.user,
      permissions: permissionsOf(auth.user.role),
      tokenId: auth.tokenId,
      expiresAt: auth.expiresAt,
    }),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/auth/password',
      summary: 'Change your own password (ends all your sessions; sign in again)',
      tag: 'auth',
      access: 'authenticated',
      body: PasswordChange,
      status: 204,
      response: NoContent,
    },
    async ({ auth, body }) => {
      const user = await store.users.findWithHash(auth.user.username);
      if (!user || !(await verifyPassword(user.passwordHash, body.currentPassword))) {
        throw new ApiError('validation', 'the current password is wrong', 'body.currentPassword');
      }
      await store.users.update({ userId: auth.user.id, username: auth.user.username }, auth.user.id, {
        passwordHash: await hashPassword(body.newPassword, {
          path: 'body.newPassword',
          username: auth.user.username,
          displayName: user.displayName,
        }),
      });
      deps.sessions.ended({ kind: 'user', userId: auth.user.id, reason: 'password-change' });
      return undefined;
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/auth/tokens',
      summary: 'Your tokens (sessions and API tokens), newest first; secrets are never shown again',
      tag: 'auth',
      access: 'authenticated',
      status: 200,
      response: AuthTokenList,
    },
    async ({ auth }) => store.users.listTokens(auth.user.id),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/auth/tokens',
      summary: 'Create a named API token (shown once) for scripts and devices',
      tag: 'auth',
      access: 'authenticated',
      body: TokenCreate,
      status: 201,
      response: TokenCreated,
    },
    async ({ auth, body }) => {
      const token = newToken();
      const expiresAt = new Date(deps.now().getTime() + body.expiresInDays * 86_400_000).toISOString();
      const record = await store.users.createToken({
        userId: auth.user.id,
        tokenHash: hashToken(token),
        kind: 'api',
        label: body.label,
        expiresAt,
        actor: { userId: auth.user.id, username: auth.user.username },
      });
      return { token, record };
    },
  );

  route(
    app,
    registry,
    {
      method: 'DELETE',
      url: '/api/auth/tokens/:tokenId',
      summary: 'Revoke one of your tokens (admins: anyone’s)',
      tag: 'auth',
      access: 'authenticated',
      params: TokenParams,
      status: 200,
      response: AuthToken,
    },
    async ({ auth, params }) => {
      const token = await store.users.getToken(params.tokenId);
      if (!token || (token.userId !== auth.user.id && auth.user.role !== 'admin')) {
        throw notFound(`token '${params.tokenId}' does not exist`, 'params.tokenId');
      }
      const revoked = await store.users.revokeToken(
        { userId: auth.user.id, username: auth.user.username },
        token.id,
        'revoke',
      );
      deps.sessions.ended({ kind: 'token', tokenId: token.id, reason: 'revoke' });
      return revoked;
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/users/:id/unlock',
      summary:
        "Lift the sign-in slow-down of a user: forgets their failed sign-ins (every address, and the audit log's count) — audited",
      tag: 'users',
      access: 'user:manage',
      params: UserParams,
      status: 200,
      response: UnlockResult,
    },
    async ({ auth, params }) => {
      const user = await store.users.get(params.id);
      if (!user) throw notFound(`user '${params.id}' does not exist`, 'params.id');
      const addressesCleared = throttle.unlock(user.username);
      await store.audit.append(
        { userId: auth.user.id, username: auth.user.username },
        { action: 'auth.unlock', entityType: 'user', entityId: user.id },
      );
      return { username: user.username, addressesCleared };
    },
  );
};
