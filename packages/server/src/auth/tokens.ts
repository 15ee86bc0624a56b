// Bearer tokens: 256 random bits, shown once; only their SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'rgs_';
export const SESSION_COOKIE = 'rgs_session';

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Cheap shape check before any database lookup. */
export function looksLikeToken(text: string): boolean {
  return /^rgs_[A-Za-z0-9_-]{43}$/.test(text);
}
