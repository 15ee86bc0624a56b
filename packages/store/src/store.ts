// The system of record: one object holding the connection and the repositories.
import type { Kysely } from 'kysely';
import { type Connection, connect, describeTarget, type Engine, type StorageTarget } from './connect.js';
import type { StoreContext } from './context.js';
import { StoreError } from './errors.js';
import { type KnownMigration, loadMigrations, type MigrationResult, migrate } from './migrate.js';
import { AuditRepo } from './repos/audit.js';
import { CaseItemsRepo } from './repos/case-items.js';
import { CasesRepo } from './repos/cases.js';
import { LiveRepo } from './repos/live.js';
import { MeasurementsRepo } from './repos/measurements.js';
import { PatientsRepo } from './repos/patients.js';
import { ProbeQcRepo } from './repos/probe-qc.js';
import { ProbesRepo } from './repos/probes.js';
import { RegistryRepo } from './repos/registry.js';
import { UsersRepo } from './repos/users.js';

export interface OpenStoreOptions {
  /** Clock for timestamps (tests); defaults to the system clock. */
  now?: () => Date;
  /** Migrations to run instead of the discovered ones (tests of the migrator). */
  migrations?: KnownMigration[];
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
  }

  /** Connects, runs pending migrations (refusing a database newer than this code), returns the store. */
  static async open(target: StorageTarget, options: OpenStoreOptions = {}): Promise<Store> {
    const connection = connect(target);
    try {
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
      if (typeof code === 'string' && code.startsWith('SQLITE_CANTOPEN')) {
        throw new StoreError(
          'storage-unavailable',
          `cannot open ${describeTarget(target)}: ${(error as Error).message}`,
        );
      }
      throw error;
    }
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
