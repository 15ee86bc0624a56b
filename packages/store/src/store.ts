// The system of record: one object holding the connection and the repositories.
import { type Kysely, sql } from 'kysely';
import { type Connection, connect, describeTarget, type Engine, type StorageTarget } from './connect.js';
import type { StoreContext } from './context.js';
import { StoreError } from './errors.js';
import { type KnownMigration, loadMigrations, type MigrationResult, migrate } from './migrate.js';
import { AuditRepo } from './repos/audit.js';
import { BackgroundSitesRepo } from './repos/background-sites.js';
import { CaseItemsRepo } from './repos/case-items.js';
import { CasesRepo } from './repos/cases.js';
import { LiveRepo } from './repos/live.js';
import { MeasurementsRepo } from './repos/measurements.js';
import { PatientsRepo } from './repos/patients.js';
import { ProbeQcRepo } from './repos/probe-qc.js';
import { ProbesRepo } from './repos/probes.js';
import { RegistryRepo } from './repos/registry.js';
import { UsersRepo } from './repos/users.js';
import type { Database } from './schema.js';
import type { StorageFault, StorageHealthState } from './storage-fault.js';

export interface OpenStoreOptions {
  /** Clock for timestamps (tests); defaults to the system clock. */
  now?: () => Date;
  /** Migrations to run instead of the discovered ones (tests of the migrator). */
  migrations?: KnownMigration[];
  /**
   * SQLite: read every page before starting (PRAGMA quick_check) and refuse a damaged file naming it.
   * `rgs serve` asks for it; one-shot commands do not pay for it.
   */
  checkIntegrity?: boolean;
  /** Called once when a storage fault begins (disk full, PostgreSQL down): the server logs it. */
  onFault?: (fault: StorageFault) => void;
}

export class Store {
  readonly users: UsersRepo;
  readonly patients: PatientsRepo;
  readonly cases: CasesRepo;
  readonly caseItems: CaseItemsRepo;
  readonly measurements: MeasurementsRepo;
  readonly probes: ProbesRepo;
  readonly probeQc: ProbeQcRepo;
  readonly registry: RegistryRepo;
  readonly live: LiveRepo;
  readonly audit: AuditRepo;
  readonly backgroundSites: BackgroundSitesRepo;

  private constructor(
    readonly connection: Connection,
    readonly migration: MigrationResult,
    now: () => Date,
  ) {
    const ctx: StoreContext = { db: connection.db, engine: connection.engine, now };
    this.users = new UsersRepo(ctx);
    this.patients = new PatientsRepo(ctx);
    this.cases = new CasesRepo(ctx);
    this.caseItems = new CaseItemsRepo(ctx);
    this.measurements = new MeasurementsRepo(ctx);
    this.probes = new ProbesRepo(ctx);
    this.probeQc = new ProbeQcRepo(ctx);
    this.registry = new RegistryRepo(ctx);
    this.live = new LiveRepo(ctx);
    this.audit = new AuditRepo(ctx);
    this.backgroundSites = new BackgroundSitesRepo(ctx);
  }

  /** Connects, runs pending migrations (refusing a database newer than this code), returns the store. */
  static async open(target: StorageTarget, options: OpenStoreOptions = {}): Promise<Store> {
    const connection = connect(target, options.onFault);
    try {
      if (options.checkIntegrity && connection.engine === 'sqlite')
        await checkIntegrity(connection.db, target);
      const migrations = options.migrations ?? (await loadMigrations());
      const result = await migrate(
        connection.db as unknown as Kysely<unknown>,
        connection.engine,
        migrations,
        describeTarget(target),
      );
      return new Store(connection, result, options.now ?? (() => new Date()));
    } catch (error) {
      await connection.close().catch(() => {});
      const code = (error as { code?: unknown }).code;
      if (
        (error instanceof StoreError && error.code === 'storage-unavailable') ||
        (typeof code === 'string' && code.startsWith('SQLITE_CANTOPEN'))
      ) {
        throw new StoreError(
          'storage-unavailable',
          `cannot open ${describeTarget(target)}: ${(error as Error).message}`,
        );
      }
      throw error;
    }
  }

  /**
   * Health of the storage: degraded while the last statement failed for a storage reason (a write fault
   * lasts until a write succeeds), or when a trivial query fails or takes longer than `timeoutMs` now.
   */
  async health(timeoutMs = 2000): Promise<StorageHealthState> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sql`select 1`.execute(this.connection.db),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new StoreError('storage-unavailable', `no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      const state = this.connection.health.state();
      if (state.status === 'degraded') return state;
      return {
        status: 'degraded',
        code: 'no-answer',
        reason: error instanceof StoreError ? error.message : 'the database did not answer',
        since: new Date().toISOString(),
      };
    } finally {
      clearTimeout(timer);
    }
    return this.connection.health.state();
  }

  get engine(): Engine {
    return this.connection.engine;
  }

  get db() {
    return this.connection.db;
  }

  get schemaVersion(): number {
    return this.migration.toVersion;
  }

  describe(): string {
    return describeTarget(this.connection.target);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

async function checkIntegrity(db: Kysely<Database>, target: StorageTarget): Promise<void> {
  let problems: string[];
  try {
    const result = await sql<Record<string, string>>`pragma quick_check(5)`.execute(db.withoutPlugins());
    problems = result.rows.map((row) => String(Object.values(row)[0])).filter((v) => v !== 'ok');
  } catch (error) {
    problems = [(error as Error).message];
  }
  if (problems.length > 0) {
    throw new StoreError(
      'bad-storage',
      `${describeTarget(target)} is damaged (integrity check: ${problems.join('; ')}); refusing to start ` +
        'on it. Restore it from a backup (rgs restore), or move it away to start a new, empty store.',
    );
  }
}
