// A Kysely dialect for SQLite whose single connection runs in a worker thread (sqlite-worker.js).
// Same SQL, compiler and adapter as Kysely's SqliteDialect; only where the statements execute differs.
import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

interface Reply {
  id: number;
  ready?: boolean;
  closed?: boolean;
  rows?: unknown[];
  changes?: number | bigint;
  lastInsertRowid?: number | bigint;
  error?: { message: string; code?: string };
}

/** The error as better-sqlite3 would have thrown it: message and SQLITE_* code. */
class SqliteWorkerError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

class WorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private nextId = 1;
  readonly ready: Promise<void>;

  constructor(file: string) {
    this.worker = new Worker(new URL('./sqlite-worker.js', import.meta.url), { workerData: { file } });
    this.ready = new Promise((resolve, reject) => {
      this.pending.set(0, (reply) =>
        reply.error ? reject(new SqliteWorkerError(reply.error.message, reply.error.code)) : resolve(),
      );
    });
    this.worker.on('message', (reply: Reply) => {
      const done = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      done?.(reply);
    });
    this.worker.on('error', (error) => {
      for (const done of this.pending.values())
        done({ id: -1, error: { message: `SQLite worker failed: ${error.message}` } });
      this.pending.clear();
    });
  }

  request(message: Record<string, unknown>): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.error ? reject(new SqliteWorkerError(reply.error.message, reply.error.code)) : resolve(reply),
      );
      this.worker.postMessage({ ...message, id });
    });
  }

  async close(): Promise<void> {
    await this.request({ close: true }).catch(() => {});
    await this.worker.terminate();
  }
}

class WorkerConnection implements DatabaseConnection {
  constructor(private readonly client: WorkerClient) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const reply = await this.client.request({ sql: compiledQuery.sql, params: compiledQuery.parameters });
    if (reply.changes === undefined) return { rows: (reply.rows ?? []) as R[] };
    return {
      rows: [],
      numAffectedRows: BigInt(reply.changes),
      ...(reply.lastInsertRowid !== undefined ? { insertId: BigInt(reply.lastInsertRowid) } : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by this driver
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported by the SQLite worker driver');
  }
}

/** One connection, so one user at a time (as Kysely's own SQLite driver). */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;

  async lock(): Promise<void> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    this.release = release;
  }

  unlock(): void {
    const release = this.release;
    this.release = null;
    release?.();
  }
}

class WorkerDriver implements Driver {
  private client: WorkerClient | null = null;
  private connection: WorkerConnection | null = null;
  private readonly mutex = new Mutex();

  constructor(private readonly file: string) {}

  async init(): Promise<void> {
    this.client = new WorkerClient(this.file);
    try {
      await this.client.ready;
    } catch (error) {
      // A file SQLite refuses (not a database, damaged): stop the worker, or it keeps the process alive.
      await this.client.close();
      this.client = null;
      throw error;
    }
    this.connection = new WorkerConnection(this.client);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.connection!;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // IMMEDIATE: the write lock is taken at the start, so a transaction that reads and then writes (an
    // invariant checked before a change) cannot interleave with another process's writer, and a busy
    // database waits (busy_timeout) instead of failing at the lock upgrade.
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    await this.client?.close();
    this.client = null;
  }
}

export class SqliteWorkerDialect implements Dialect {
  constructor(private readonly file: string) {}
  createDriver(): Driver {
    return new WorkerDriver(this.file);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
