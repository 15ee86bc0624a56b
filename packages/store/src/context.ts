// What every repository shares: the database, the clock, id generation, and the audit writer.
import { randomUUID } from 'node:crypto';
import { identifierKey } from '@openrgs/api';
import { type Kysely, sql, type Transaction } from 'kysely';
import { AUDIT_GENESIS_HASH, auditRowHash } from './audit-chain.js';
import type { Engine } from './connect.js';
import { StoreError } from './errors.js';
import type { Database, IdentifierKind } from './schema.js';

/** Who is acting: a signed-in user, or a named system actor (e.g. `rgs user add`). */
export interface Actor {
  userId: string | null;
  username: string;
}

export type Executor = Kysely<Database> | Transaction<Database>;

export interface AuditEntry {
  /** Verb in `entity.verb` form, e.g. `measurement.create`, `case.sign-off`. */
  action: string;
  entityType: string;
  entityId: string | null;
  caseId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface StoreContext {
  db: Kysely<Database>;
  engine: Engine;
  /** Injected clock (tests replay time); returns the current instant. */
  now(): Date;
}

export function nowIso(ctx: StoreContext): string {
  return ctx.now().toISOString();
}

export function newId(): string {
  return randomUUID();
}

export async function appendAudit(
  trx: Executor,
  ctx: StoreContext,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  // The chain needs the previous row's hash, read and extended by one writer at a time: inside a
  // transaction that holds the log's append lock (PostgreSQL: an advisory lock until commit; SQLite:
  // transactions begin IMMEDIATE, one writer).
  if (!trx.isTransaction) {
    await trx.transaction().execute((inner) => appendAudit(inner, ctx, actor, entry));
    return;
  }
  if (ctx.engine === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`.execute(trx);
  const last = await trx
    .selectFrom('auditLog')
    .select('hash')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prevHash = last?.hash ?? AUDIT_GENESIS_HASH;
  const fields = {
    id: newId(),
    at: nowIso(ctx),
    actorUserId: actor.userId,
    actorUsername: actor.username,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    caseId: entry.caseId ?? null,
    beforeJson: entry.before === undefined ? null : JSON.stringify(entry.before),
    afterJson: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
  await trx
    .insertInto('auditLog')
    .values({ ...fields, prevHash, hash: auditRowHash(prevHash, fields) })
    .execute();
}

/** Advisory lock key serialising audit appends on PostgreSQL (any constant unique to this use). */
const AUDIT_APPEND_LOCK = 74270532;

/** True for a UNIQUE constraint violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True for a FOREIGN KEY violation on either engine. */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * True when a patch sets every field to the value it already has (issue 14 point 13): such a PATCH
 * changes nothing, so nothing is written (not even updatedAt) and no audit row is appended; the caller
 * answers with the unchanged record. `current` holds the stored values under the patch's field names.
 */
export function changesNothing(current: object, patch: object): boolean {
  const stored = current as Record<string, unknown>;
  return Object.entries(patch).every(([field, value]) => value === undefined || stored[field] === value);
}

export function notFound(what: string, id: string, path?: (string | number)[]): StoreError {
  return new StoreError('not-found', `${what} '${id}' does not exist`, path);
}

/**
 * Claims `value` as the identifier of `entityId` (replacing its previous one): refused with a conflict
 * naming the existing identifier when another entity's identifier has the same look-alike key (NFKC +
 * Unicode TS #39 skeleton), e.g. Cyrillic `Р-eba51c` against `P-eba51c`.
 */
export async function claimIdentifier(
  trx: Executor,
  kind: IdentifierKind,
  value: string,
  entityId: string,
  what: { name: string; path: (string | number)[]; taken: string },
): Promise<void> {
  const key = identifierKey(value);
  const refuse = (existing: string) =>
    new StoreError(
      'conflict',
      existing === value
        ? what.taken
        : `${what.name} '${value}' looks the same as the existing '${existing}' (equal after Unicode ` +
            'normalisation and look-alike folding, Unicode TS #39): a wrong-patient or wrong-device risk; ' +
            `choose a clearly different ${what.name}`,
      what.path,
    );
  const existing = await trx
    .selectFrom('identifierKeys')
    .select(['entityId', 'value'])
    .where('kind', '=', kind)
    .where('key', '=', key)
    .executeTakeFirst();
  if (existing && existing.entityId !== entityId) throw refuse(existing.value);
  await trx.deleteFrom('identifierKeys').where('kind', '=', kind).where('entityId', '=', entityId).execute();
  try {
    await trx.insertInto('identifierKeys').values({ kind, key, entityId, value }).execute();
  } catch (error) {
    // Another transaction claimed the key meanwhile (PostgreSQL: this transaction is aborted now).
    if (isUniqueViolation(error)) throw refuse(`${value} (or a look-alike, just taken)`);
    throw error;
  }
}
