// Users and their bearer tokens (login sessions and named API tokens). Passwords arrive hashed:
// hashing (argon2id) is the server's job; the store never sees a password.
import { sql } from 'kysely';
import {
  type Actor,
  appendAudit,
  changesNothing,
  claimIdentifier,
  isUniqueViolation,
  newId,
  nowIso,
  type StoreContext,
} from '../context.js';
import { StoreError } from '../errors.js';
import type { AuthTokensTable, Role, UsersTable } from '../schema.js';

export interface User {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

function toUser(row: Omit<UsersTable, 'passwordHash'>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    disabled: row.disabled !== 0,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface NewUser {
  username: string;
  displayName?: string | null;
  role: Role;
  passwordHash: string;
}

export interface UserPatch {
  displayName?: string | null;
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}

export interface AuthToken {
  id: string;
  userId: string;
  kind: 'session' | 'api';
  label: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

function toToken(row: AuthTokensTable): AuthToken {
  const { tokenHash: _hash, ...rest } = row;
  return rest;
}

export class UsersRepo {
  constructor(private readonly ctx: StoreContext) {}

  async count(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('users')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async list(): Promise<User[]> {
    const rows = await this.ctx.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.map(toUser);
  }

  async get(id: string): Promise<User | undefined> {
    const row = await this.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async findWithHash(username: string): Promise<UserWithHash | undefined> {
    const row = await this.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username.toLowerCase())
      .executeTakeFirst();
    return row ? { ...toUser(row), passwordHash: row.passwordHash } : undefined;
  }

  async create(actor: Actor, input: NewUser): Promise<User> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const user = await this.insert(trx, input);
      await appendAudit(trx, this.ctx, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        after: user,
      });
      return user;
    });
  }

  /**
   * Creates the first admin, only while there are no users at all (first-run setup). Serialised so two
   * racing setups cannot both succeed; returns undefined when a user already exists.
   */
  async createFirstAdmin(input: Omit<NewUser, 'role'>): Promise<User | undefined> {
    return this.ctx.db.transaction().execute(async (trx) => {
      if (this.ctx.engine === 'postgres') await sql`lock table users in exclusive mode`.execute(trx);
      const row = await trx
        .selectFrom('users')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      if (Number(row.n) > 0) return undefined;
      const user = await this.insert(trx, { ...input, role: 'admin' });
      await appendAudit(
        trx,
        this.ctx,
        { userId: user.id, username: user.username },
        {
          action: 'user.first-run-setup',
          entityType: 'user',
          entityId: user.id,
          after: user,
        },
      );
      return user;
    });
  }

  private async insert(trx: Parameters<typeof appendAudit>[0], input: NewUser): Promise<User> {
    const at = nowIso(this.ctx);
    const row: UsersTable = {
      id: newId(),
      username: input.username.toLowerCase(),
      displayName: input.displayName ?? null,
      role: input.role,
      passwordHash: input.passwordHash,
      disabled: 0,
      createdAt: at,
      updatedAt: at,
    };
    await claimIdentifier(trx, 'username', row.username, row.id, {
      name: 'username',
      path: ['username'],
      taken: `username '${row.username}' is taken`,
    });
    try {
      await trx.insertInto('users').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new StoreError('conflict', `username '${row.username}' is taken`, ['username']);
      }
      throw error;
    }
    return toUser(row);
  }

  async update(actor: Actor, id: string, patch: UserPatch): Promise<User> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const mayLoseAdmin = patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin');
      // The invariant "at least one enabled administrator remains" is checked in this transaction, under a
      // lock every competing change takes first: on PostgreSQL the enabled administrators' rows (FOR
      // UPDATE, in id order so two changes cannot deadlock; a waiter re-reads them after the other
      // commits), on SQLite the database write lock (transactions begin IMMEDIATE).
      const enabledAdmins = mayLoseAdmin
        ? await trx
            .selectFrom('users')
            .select('id')
            .where('role', '=', 'admin')
            .where('disabled', '=', 0)
            .orderBy('id')
            .$if(this.ctx.engine === 'postgres', (q) => q.forUpdate())
            .execute()
        : undefined;
      const before = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) throw new StoreError('not-found', `user '${id}' does not exist`, ['id']);
      // A new password is always a change (a new salted hash, and every session ends): toUser has no
      // passwordHash, so changesNothing never finds a patch that carries one unchanged.
      if (changesNothing(toUser(before), patch)) return toUser(before);
      if (enabledAdmins !== undefined && before.role === 'admin' && before.disabled === 0) {
        const others = enabledAdmins.filter((row) => row.id !== id).length;
        if (others === 0) {
          throw new StoreError(
            'conflict',
            'this is the last enabled administrator; make another admin first',
            [patch.disabled === true ? 'disabled' : 'role'],
          );
        }
      }
      const at = nowIso(this.ctx);
      await trx
        .updateTable('users')
        .set({
          ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
          ...(patch.passwordHash !== undefined ? { passwordHash: patch.passwordHash } : {}),
          updatedAt: at,
        })
        .where('id', '=', id)
        .execute();
      // A disabled account, a new role or a new password ends every open session of that user.
      if (patch.disabled === true || patch.role !== undefined || patch.passwordHash !== undefined) {
        await trx
          .updateTable('authTokens')
          .set({ revokedAt: at })
          .where('userId', '=', id)
          .where('revokedAt', 'is', null)
          .execute();
      }
      const after = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await appendAudit(trx, this.ctx, actor, {
        action: patch.passwordHash !== undefined ? 'user.password-change' : 'user.update',
        entityType: 'user',
        entityId: id,
        before: toUser(before),
        after: toUser(after),
      });
      return toUser(after);
    });
  }

  async createToken(input: {
    userId: string;
    tokenHash: string;
    kind: 'session' | 'api';
    label: string | null;
    expiresAt: string;
    actor: Actor;
  }): Promise<AuthToken> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const row: AuthTokensTable = {
        id: newId(),
        tokenHash: input.tokenHash,
        userId: input.userId,
        kind: input.kind,
        label: input.label,
        createdAt: nowIso(this.ctx),
        expiresAt: input.expiresAt,
        revokedAt: null,
        lastUsedAt: null,
      };
      await trx.insertInto('authTokens').values(row).execute();
      await appendAudit(trx, this.ctx, input.actor, {
        action: input.kind === 'session' ? 'auth.login' : 'auth.token-create',
        entityType: 'auth-token',
        entityId: row.id,
        after: toToken(row),
      });
      return toToken(row);
    });
  }

  /** The unexpired, unrevoked token with this hash and its (enabled) user, or undefined. */
  async findActiveToken(tokenHash: string): Promise<{ token: AuthToken; user: User } | undefined> {
    // One round trip per authenticated request: token and its (enabled) user together.
    const row = await this.ctx.db
      .selectFrom('authTokens')
      .innerJoin('users', 'users.id', 'authTokens.userId')
      .selectAll('authTokens')
      .select([
        'users.username',
        'users.displayName',
        'users.role',
        'users.disabled',
        'users.createdAt as userCreatedAt',
        'users.updatedAt as userUpdatedAt',
      ])
      .where('authTokens.tokenHash', '=', tokenHash)
      .where('authTokens.revokedAt', 'is', null)
      .where('authTokens.expiresAt', '>', nowIso(this.ctx))
      .where('users.disabled', '=', 0)
      .executeTakeFirst();
    if (!row) return undefined;
    const { username, displayName, role, disabled, userCreatedAt, userUpdatedAt, ...token } = row;
    return {
      token: toToken(token),
      user: toUser({
        id: token.userId,
        username,
        displayName,
        role,
        disabled,
        createdAt: userCreatedAt,
        updatedAt: userUpdatedAt,
      }),
    };
  }

  async touchToken(id: string): Promise<void> {
    await this.ctx.db
      .updateTable('authTokens')
      .set({ lastUsedAt: nowIso(this.ctx) })
      .where('id', '=', id)
      .execute();
  }

  async listTokens(userId: string): Promise<AuthToken[]> {
    const rows = await this.ctx.db
      .selectFrom('authTokens')
      .selectAll()
      .where('userId', '=', userId)
      .orderBy('createdAt', 'desc')
      .execute();
    return rows.map(toToken);
  }

  async getToken(id: string): Promise<AuthToken | undefined> {
    const row = await this.ctx.db
      .selectFrom('authTokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toToken(row) : undefined;
  }

  async revokeToken(actor: Actor, id: string, reason: 'logout' | 'revoke'): Promise<AuthToken> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('authTokens').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) throw new StoreError('not-found', `token '${id}' does not exist`, ['id']);
      if (before.revokedAt !== null) return toToken(before);
      const at = nowIso(this.ctx);
      await trx.updateTable('authTokens').set({ revokedAt: at }).where('id', '=', id).execute();
      const after = { ...before, revokedAt: at };
      await appendAudit(trx, this.ctx, actor, {
        action: reason === 'logout' ? 'auth.logout' : 'auth.token-revoke',
        entityType: 'auth-token',
        entityId: id,
        before: toToken(before),
        after: toToken(after),
      });
      return toToken(after);
    });
  }
}
