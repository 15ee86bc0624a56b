// The server's own answers about itself: liveness (GET /api/health) and this API's description
// (GET /api/openapi.json).
import { z } from 'zod';

/** The storage's state: degraded, with the fault's code, reason and first sighting, while it fails. */
export const StorageHealth = z.object({
  status: z.enum(['ok', 'degraded']),
  code: z.string().optional(),
  reason: z.string().optional(),
  /** When the fault was first seen (ISO). */
  since: z.string().optional(),
});

/** Event-loop delay over the last complete window (ms, the sampling period subtracted). */
export const EventLoopDelay = z.object({
  windowSeconds: z.number(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
});

/** GET /api/health: public, for load balancers and the bench. */
export const Health = z.object({
  /** 'degraded' (with the reason in `storage`) while the storage fails. */
  status: z.enum(['ok', 'degraded']),
  /** The server's version (package.json). */
  version: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  schemaVersion: z.number().int(),
  storage: StorageHealth,
  /** Stations attached (probes and simulators). */
  stations: z.number().int(),
  /** The live-frame writer: frames written, waiting, flushes failed and the last error. */
  frameWriter: z.object({
    written: z.number().int(),
    pending: z.number().int(),
    failedFlushes: z.number().int(),
    lastError: z.string().nullable(),
  }),
  /** Null during the first 5 s after start. */
  eventLoopDelay: EventLoopDelay.nullable(),
});

const JsonObject = z.looseObject({});

/**
 * GET /api/openapi.json: an OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0). Its own schema is
 * OpenAPI's; this names the parts the server writes and keeps every other field as it is.
 */
export const OpenApiDocument = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string(), description: z.string() }),
  security: z.array(JsonObject),
  components: JsonObject,
  /** Path (with `{param}`) → method → operation. */
  paths: z.record(z.string(), z.record(z.string(), JsonObject)),
});
