// Failures the store reports as values a caller can map (the server maps them to HTTP in one place).
export type StoreErrorCode =
  | 'bad-storage'
  | 'storage-unavailable'
  | 'schema-too-new'
  | 'not-found'
  | 'conflict'
  | 'idempotency-mismatch'
  | 'case-signed-off'
  | 'invalid'
  | 'internal'
  /** A program the operation needs (pg_dump, pg_restore) is not installed. */
  | 'tool-missing';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** Where in the request the problem is, e.g. ['lesionId']. */
    readonly path?: (string | number)[],
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
