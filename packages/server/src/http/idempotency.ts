// The Idempotency-Key header and the fingerprint of a request body (canonical JSON, SHA-256).
import { createHash } from 'node:crypto';
import { IdempotencyKey } from '@openrgs/api';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

export function idempotencyKeyOf(req: FastifyRequest): string {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) {
    throw new ApiError(
      'validation',
      'the Idempotency-Key header is required: a unique key per measurement (e.g. a UUID), resent unchanged on retry',
      'header.Idempotency-Key',
    );
  }
  const value = Array.isArray(raw) ? raw[0] : raw;
  const parsed = IdempotencyKey.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(
      'validation',
      `header.Idempotency-Key: ${parsed.error.issues[0]?.message}`,
      'header.Idempotency-Key',
    );
  }
  return parsed.data;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function requestHash(...parts: unknown[]): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(parts)))
    .digest('hex');
}
