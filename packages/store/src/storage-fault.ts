// Storage faults: the disk is full, the file is damaged, PostgreSQL is down or dropped the connection.
// They are not bugs, and not the caller's fault: every query goes through a dialect wrapper that turns
// such a driver error into StoreError('storage-unavailable') with a reason naming the cause (never the
// statement or its parameters: no patient data), and remembers it so health can say "degraded".
import type {
  CompiledQuery,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { StoreError } from './errors.js';

export interface StorageFault {
  /** The driver's code: `SQLITE_FULL`, `ECONNREFUSED`, SQLSTATE `57P01`, … */
  code: string;
  /** What happened, in words (no statement text, no values). */
  reason: string;
  /**
   * `write`: writing fails (disk full, read-only file), reads may still work — cleared by the next
   * successful write. `connection`: nothing works — cleared by the next successful statement.
   */
  scope: 'write' | 'connection';
}

const SQLITE_FAULTS: Array<[RegExp, string, StorageFault['scope']]> = [
  [/^SQLITE_FULL/, 'the disk is full (or the database reached its size limit)', 'write'],
  [/^SQLITE_IOERR/, 'input/output error on the database file', 'connection'],
  [/^SQLITE_CORRUPT/, 'the database file is damaged', 'connection'],
  [/^SQLITE_NOTADB/, 'the database file is not a SQLite database', 'connection'],
  [/^SQLITE_CANTOPEN/, 'the database file cannot be opened', 'connection'],
  [/^SQLITE_READONLY/, 'the database file is read-only', 'write'],
  [/^SQLITE_BUSY/, 'the database is locked by another process', 'write'],
  [/^SQLITE_NOMEM/, 'out of memory', 'connection'],
  [/^SQLITE_PROTOCOL/, 'file locking failed', 'connection'],
];

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

function pgReason(sqlstate: string): string | undefined {
  if (sqlstate.startsWith('08')) return 'the connection to PostgreSQL failed';
  if (sqlstate === '57P01') return 'PostgreSQL is shutting down (administrator command)';
  if (sqlstate === '57P02') return 'PostgreSQL crashed (crash shutdown)';
  if (sqlstate === '57P03') return 'PostgreSQL is not accepting connections yet';
  if (sqlstate === '57P05') return 'PostgreSQL closed an idle session';
  if (sqlstate === '53100') return 'the PostgreSQL server disk is full';
  if (sqlstate === '53200') return 'the PostgreSQL server is out of memory';
  if (sqlstate === '53300') return 'PostgreSQL has too many connections';
  if (sqlstate.startsWith('53')) return 'the PostgreSQL server lacks resources';
  if (sqlstate.startsWith('58')) return 'the PostgreSQL server had a system (I/O) error';
  if (sqlstate === 'XX001' || sqlstate === 'XX002') return 'PostgreSQL reports damaged data';
  if (sqlstate === '25006') return 'PostgreSQL is read-only (a standby?)';
  return undefined;
}

/** The storage fault behind a driver error, or undefined when it is anything else (a bug, a conflict). */
export function classifyStorageFault(error: unknown): StorageFault | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (error instanceof StoreError) return undefined;
  const code = (error as { code?: unknown }).code;
  const message = String((error as { message?: unknown }).message ?? '');
  if (typeof code === 'string') {
    for (const [pattern, reason, scope] of SQLITE_FAULTS) {
      if (pattern.test(code)) return { code, reason, scope };
    }
    if (NETWORK_CODES.has(code))
      return { code, reason: `PostgreSQL cannot be reached (${code})`, scope: 'connection' };
    if (/^[0-9A-Z]{5}$/.test(code)) {
      const reason = pgReason(code);
      if (reason !== undefined) {
        return { code, reason, scope: code === '53100' || code === '25006' ? 'write' : 'connection' };
      }
    }
  }
  // node-postgres reports a lost or never-made connection by message only.
  if (
    /Connection terminated|connection error|not queryable|Connection ended|timeout exceeded when trying to connect/i.test(
      message,
    )
  ) {
    return { code: 'connection-lost', reason: 'the connection to PostgreSQL was lost', scope: 'connection' };
  }
  if (/^SQLite worker failed/.test(message)) {
    return { code: 'worker-failed', reason: 'the SQLite worker thread failed', scope: 'connection' };
  }
  return undefined;
}

export interface StorageHealthState {
  status: 'ok' | 'degraded';
  /** Present when degraded. */
  code?: string;
  reason?: string;
  /** When the fault was first seen (ISO). */
  since?: string;
}

/** The last storage fault seen by this process, until a statement shows it is over. */
export class StorageHealth {
  private fault: (StorageFault & { since: string }) | null = null;

  constructor(private readonly onFault: (fault: StorageFault) => void = () => {}) {}

  noteFault(fault: StorageFault): void {
    const changed = this.fault === null || this.fault.code !== fault.code;
    if (changed) this.fault = { ...fault, since: new Date().toISOString() };
    if (changed) this.onFault(fault);
  }

  noteSuccess(write: boolean): void {
    if (this.fault === null) return;
    if (this.fault.scope === 'connection' || write) this.fault = null;
  }

  state(): StorageHealthState {
    if (this.fault === null) return { status: 'ok' };
    return { status: 'degraded', code: this.fault.code, reason: this.fault.reason, since: this.fault.since };
  }
}

/**
 * The error a caller sees for a storage fault (the server answers it 503 `unavailable`). The message names
 * the cause and the driver's code, not the file or URL: it reaches the client.
 */
export function storageUnavailable(fault: StorageFault): StoreError {
  return new StoreError('storage-unavailable', `storage unavailable: ${fault.reason} [${fault.code}]`);
}

function isWrite(sql: string): boolean {
  return /^\s*(insert|update|delete|replace)\b/i.test(sql);
}

class FaultConnection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly guard: FaultGuard,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.guard.run(() => this.inner.executeQuery<R>(compiledQuery));
    this.guard.health.noteSuccess(isWrite(compiledQuery.sql));
    return result;
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

class FaultGuard {
  constructor(readonly health: StorageHealth) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const fault = classifyStorageFault(error);
      if (fault === undefined) throw error;
      this.health.noteFault(fault);
      throw storageUnavailable(fault);
    }
  }
}

class FaultDriver implements Driver {
  private readonly wrapped = new WeakMap<DatabaseConnection, FaultConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly guard: FaultGuard,
  ) {}

  init(): Promise<void> {
    return this.guard.run(() => this.inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.guard.run(() => this.inner.acquireConnection());
    let outer = this.wrapped.get(connection);
    if (!outer) {
      outer = new FaultConnection(connection, this.guard);
      this.wrapped.set(connection, outer);
    }
    return outer;
  }

  private unwrap(connection: DatabaseConnection): DatabaseConnection {
    return (connection as unknown as { inner: DatabaseConnection }).inner;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.guard.run(() => this.inner.beginTransaction(this.unwrap(connection), settings));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.guard.run(() => this.inner.commitTransaction(this.unwrap(connection)));
    this.guard.health.noteSuccess(false);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.guard.run(() => this.inner.rollbackTransaction(this.unwrap(connection)));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(this.unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** Wraps a dialect so every storage fault becomes StoreError('storage-unavailable') and is remembered. */
export class FaultReportingDialect implements Dialect {
  private readonly guard: FaultGuard;

  constructor(
    private readonly inner: Dialect,
    health: StorageHealth,
  ) {
    this.guard = new FaultGuard(health);
  }

  createDriver(): Driver {
    return new FaultDriver(this.inner.createDriver(), this.guard);
  }
  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return this.inner.createAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return this.inner.createIntrospector(db);
  }
}
