// One error type for the whole API, one status mapping, one body shape:
// `{ error: { code, message, path?, issues? } }`. Every 4xx says what was wrong and where.
import type { ErrorCode } from '@openrgs/api';
import { type Issue as DomainIssue, type IssueKind, messagesOf } from '@openrgs/outcome';
import { StoreError } from '@openrgs/store';
import type { z } from 'zod';

export interface Issue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: string,
    readonly issues?: Issue[],
    /** Extra response headers (e.g. Retry-After). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return statusOf(this.code);
  }

  body(): { error: { code: ErrorCode; message: string; path?: string; issues?: Issue[] } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.path !== undefined ? { path: this.path } : {}),
        ...(this.issues !== undefined && this.issues.length > 1 ? { issues: this.issues } : {}),
      },
    };
  }
}

/** The one place an error code becomes an HTTP status. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'bad-request':
    case 'validation':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
    case 'case-signed-off':
      return 409;
    case 'payload-too-large':
      return 413;
    case 'uri-too-long':
      return 414;
    case 'misdirected-request':
      return 421;
    case 'headers-too-large':
      return 431;
    case 'unsupported-media-type':
      return 415;
    case 'idempotency-mismatch':
      return 422;
    case 'rate-limited':
      return 429;
    case 'schema-too-new':
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
  }
}

export const badRequest = (message: string, path?: string) => new ApiError('bad-request', message, path);
export const unauthenticated = (
  message = 'sign in first: send Authorization: Bearer <token> or the session cookie',
  path = 'header.authorization',
) => new ApiError('unauthenticated', message, path);
export const forbidden = (message: string) => new ApiError('forbidden', message);
export const notFound = (message: string, path?: string) => new ApiError('not-found', message, path);
export const conflict = (message: string, path?: string) => new ApiError('conflict', message, path);

export type Location = 'body' | 'query' | 'params' | 'header';

function joinPath(location: Location, path: readonly PropertyKey[]): string {
  return [location, ...path.map(String)].join('.');
}

/** A zod failure at the edge → 400 naming every field that was wrong. */
export function fromZod(error: z.ZodError, location: Location): ApiError {
  const issues: Issue[] = error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} (not part of this request)`;
    }
    return { path: joinPath(location, issue.path), message };
  });
  const first = issues[0] ?? { path: location, message: 'invalid' };
  const text =
    issues.length === 1
      ? `${first.path}: ${first.message}`
      : issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new ApiError('validation', text, first.path, issues);
}

/** The kind of a domain issue (@openrgs/outcome) → the error code, hence the status (statusOf). */
const CODE_OF_KIND: Record<IssueKind, ErrorCode> = {
  invalid: 'validation',
  'not-found': 'not-found',
  conflict: 'conflict',
  unavailable: 'unavailable',
  internal: 'internal',
};

/** Where a domain computation's input sat in the request, and how its issues are worded there. */
export interface IssuesAt {
  /** The request location the input came from: `body`, `body.csv`, `body.nuclide`. */
  at: string;
  /** Put before the issues' messages (`csv: `). */
  prefix?: string;
  /** The path names the first issue's line: `body.csv.line.3`. */
  lineInPath?: boolean;
  /**
   * One summary sentence instead of the joined messages; the issues are then listed (when more than one),
   * each at its place (below).
   */
  summary?: (issues: readonly DomainIssue[]) => string;
  /**
   * Each issue named at its place in the message (`body.lesions[1].depthCm: …; body.tracer: …`), the
   * first one's place as the path, all listed (when more than one).
   */
  eachAtItsPlace?: boolean;
}

/** An issue's place in the request: `<at>:line N[:column]` in a file, `<at>.<path>` for a field, else `at`. */
function placeOf(issue: DomainIssue, at: string): string {
  if (issue.line !== undefined) return `${at}:line ${issue.line}${issue.column ? `:${issue.column}` : ''}`;
  if (issue.path !== undefined) return `${at}.${issue.path}`;
  return at;
}

/**
 * The one mapping from a domain Outcome's issues (@openrgs/outcome) to the API's error: the first issue's
 * kind gives the code and status; the message is the issues' messages joined (or a summary), at `where`.
 */
export function fromIssues(issues: readonly DomainIssue[], where: IssuesAt): ApiError {
  const first = issues[0];
  const code = first === undefined ? 'internal' : CODE_OF_KIND[first.kind];
  const listed = issues.map((i) => ({ path: placeOf(i, where.at), message: i.message }));
  if (where.eachAtItsPlace) {
    return new ApiError(
      code,
      `${where.prefix ?? ''}${listed.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      listed[0]?.path ?? where.at,
      listed,
    );
  }
  const path = where.lineInPath && first?.line !== undefined ? `${where.at}.line.${first.line}` : where.at;
  if (where.summary) return new ApiError(code, where.summary(issues), path, listed);
  return new ApiError(code, `${where.prefix ?? ''}${messagesOf(issues)}`, path);
}

/** Where a store-reported field sits in the request (store paths name fields, not locations). */
const STORE_PATH: Record<string, string> = {
  caseId: 'params.id',
  id: 'params.id',
  measurementId: 'params.measurementId',
  'Idempotency-Key': 'header.Idempotency-Key',
};

export function fromStore(error: StoreError): ApiError {
  const field = error.path === undefined ? undefined : error.path.join('.');
  const path = field === undefined ? undefined : (STORE_PATH[field] ?? `body.${field}`);
  switch (error.code) {
    case 'not-found':
      return new ApiError('not-found', error.message, path);
    case 'conflict':
      return new ApiError('conflict', error.message, path);
    case 'case-signed-off':
      return new ApiError('case-signed-off', error.message, path);
    case 'idempotency-mismatch':
      return new ApiError('idempotency-mismatch', error.message, 'header.Idempotency-Key');
    case 'invalid':
      return new ApiError('validation', error.message, path);
    case 'schema-too-new':
      return new ApiError('schema-too-new', error.message);
    case 'storage-unavailable':
      return new ApiError('unavailable', error.message);
    default:
      return new ApiError('internal', 'internal error');
  }
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message: string;
}

/** Any thrown value → ApiError. Unknown errors become 500 without leaking their text. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreError) return fromStore(error);
  const e = error as FastifyLikeError;
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(
        'payload-too-large',
        'request body is larger than the limit of this server',
        'body',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(
        'unsupported-media-type',
        'send the body as application/json',
        'header.content-type',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('bad-request', 'the body is empty but content-type is application/json', 'body');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('bad-request', 'content-length does not match the body', 'header.content-length');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('bad-request', `malformed JSON: ${e.message}`, 'body');
    case 'FST_ERR_BAD_URL':
      return new ApiError('bad-request', `the address is not valid: ${e.message}`, 'url');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError('uri-too-long', 'a path segment of the address is too long', 'url');
  }
  if (error instanceof SyntaxError || e?.statusCode === 400) {
    return new ApiError('bad-request', `malformed request: ${e.message}`, 'body');
  }
  // Any other status a library (Fastify, @fastify/static, ws) chose keeps its meaning, in our shape.
  switch (e?.statusCode) {
    case 401:
      return unauthenticated();
    case 403:
      return new ApiError('forbidden', 'access to this address is refused', 'url');
    case 404:
    case 405:
      return new ApiError('not-found', 'no such address (see /api/openapi.json)', 'url');
    case 413:
      return new ApiError(
        'payload-too-large',
        'request body is larger than the limit of this server',
        'body',
      );
    case 414:
      return new ApiError('uri-too-long', 'the address is too long', 'url');
    case 415:
      return new ApiError(
        'unsupported-media-type',
        'send the body as application/json',
        'header.content-type',
      );
    case 431:
      return new ApiError('headers-too-large', 'the request line and headers are too large', 'header');
    case 503:
      return new ApiError('unavailable', 'the server cannot take this request now; try again');
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new ApiError('bad-request', `the request was refused (HTTP ${e.statusCode})`, 'url');
  }
  return new ApiError('internal', 'internal error (see the server log)');
}
