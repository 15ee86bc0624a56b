// The one reader of the server's error body for every HTTP call of the console (api.ts, record-api.ts,
// qc-api.ts, map-api.ts, spectrum-api.ts, planning-api.ts). The body is the contract's ErrorBody
// (@openrgs/api: `{ error: { code, message, path?, issues? } }`); anything else (a proxy's error page, an
// empty answer) becomes a message of its own text or the status line. A 401 — the session ended — tells
// the app's listeners, so whichever screen met it returns to the sign-in page.
import { ErrorBody, mediaTypeOf } from '@openrgs/api';
import type { z } from 'zod';

/** One problem the server found, e.g. `{ path: 'body.csv:line 3:site', message: "'colon' is not one of …" }`. */
export interface ErrorIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    /** What the screen shows: the server's message with where, or with its issues when there are several. */
    message: string,
    /** HTTP status; 0 when the server did not answer. */
    readonly status: number,
    /** The request's URL path. */
    readonly path: string,
    /** The error body's code (`validation`, `not-found`, `case-signed-off`…), null without a body. */
    readonly code: string | null = null,
    /** The error body's issues, each at its place; empty when it listed none. */
    readonly issues: readonly ErrorIssue[] = [],
    /** The error body's own message and path, for a form that places them itself. */
    readonly body: { message: string; path: string | null } | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when any request answers 401 (but a failed sign-in), so the app can return to the login screen. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const SIGN_IN = '/api/auth/login';

/** The server's error body in one readable sentence, with its code, issues and place kept. */
export async function readError(response: Response, path: string): Promise<ApiError> {
  if (response.status === 401 && path !== SIGN_IN) for (const listener of unauthorizedListeners) listener();
  const text = await response.text();
  let parsed: z.infer<typeof ErrorBody> | null = null;
  try {
    const result = ErrorBody.safeParse(JSON.parse(text));
    if (result.success) parsed = result.data;
  } catch {
    // Not JSON: the text itself is the message (a proxy's error page, say).
  }
  if (!parsed) {
    const message = text.trim().slice(0, 300) || `${response.status} ${response.statusText}`.trim();
    return new ApiError(message, response.status, path);
  }
  const { error } = parsed;
  const issues = error.issues ?? [];
  const listed = issues.map((issue) => `${issue.path}: ${issue.message}`);
  const where = error.path && issues.length === 0 ? ` (${error.path})` : '';
  const message = listed.length > 1 ? `${error.message}: ${listed.join('; ')}` : `${error.message}${where}`;
  return new ApiError(message, response.status, path, error.code, issues, {
    message: error.message,
    path: error.path ?? null,
  });
}

/** The request never got an answer (network down, server stopped): status 0. */
export function unreachable(path: string, reason: unknown): ApiError {
  const why = reason instanceof Error ? reason.message : String(reason);
  return new ApiError(`The server did not answer (${why})`, 0, path);
}

/** An answer that does not match the contract's schema for it: names the first field that does not. */
export function unexpectedAnswer(path: string, status: number, error: z.ZodError): ApiError {
  const first = error.issues[0];
  const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown';
  return new ApiError(`Unexpected answer from ${path} — ${where}`, status, path);
}

/** A successful answer's body parsed with its schema from @openrgs/api (an empty body reads as undefined). */
export async function readAnswer<T>(response: Response, path: string, schema: z.ZodType<T>): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(`Unexpected answer from ${path} — not JSON`, response.status, path);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw unexpectedAnswer(path, response.status, parsed.error);
  return parsed.data;
}

/**
 * A successful answer that is a file (PDF, HTML, CSV, FHIR JSON), read as the media type its schema names
 * (bytes, text, or JSON) and parsed with that schema from @openrgs/api, so a proxy's page or a truncated
 * download is an error naming what is wrong instead of a saved file. The bytes come back for saving.
 */
export async function readFileAnswer<T>(
  response: Response,
  path: string,
  schema: z.ZodType<T>,
): Promise<{ value: T; bytes: Uint8Array<ArrayBuffer>; mediaType: string }> {
  const mediaType = mediaTypeOf(schema);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let body: unknown = bytes;
  if (mediaType.startsWith('text/') || mediaType.endsWith('json')) {
    const text = new TextDecoder().decode(bytes);
    body = text;
    if (mediaType.endsWith('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new ApiError(`Unexpected answer from ${path} — not JSON`, response.status, path);
      }
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw unexpectedAnswer(path, response.status, parsed.error);
  return { value: parsed.data, bytes, mediaType };
}
