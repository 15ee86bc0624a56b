// User management (admin only): create, list, change role, disable, reset password.
import { User, UserCreate, UserList, UserParams, UserPatch } from '@openrgs/api';
import type { FastifyPluginAsync } from 'fastify';
import { hashPassword } from '../auth/passwords.js';
import { ApiError } from '../errors.js';
import type { AppDeps } from '../http/context.js';
import { route } from '../http/route.js';

export const userRoutes: FastifyPluginAsync<AppDeps> = async (app, { store, registry }) => {
  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/users',
      summary: 'All users',
      tag: 'users',
      access: 'user:manage',
      status: 200,
      response: UserList,
    },
    async () => store.users.list(),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/users',
      summary: 'Create a user with a role',
      tag: 'users',
      access: 'user:manage',
      body: UserCreate,
      status: 201,
      response: User,
    },
    async ({ auth, body }) =>
      store.users.create(
        { userId: auth.user.id, username: auth.user.username },
        {
          username: body.username,
          role: body.role,
          displayName: body.displayName ?? null,
          passwordHash: await hashPassword(body.password, {
            username: body.username,
            displayName: body.displayName,
          }),
        },
      ),
  );

  route(
    app,
    registry,
    {
      method: 'PATCH',
      url: '/api/users/:id',
      summary: 'Change role, display name, disabled flag or password (ends the user’s sessions)',
      tag: 'users',
      access: 'user:manage',
      params: UserParams,
      body: UserPatch,
      status: 200,
      response: User,
    },
    async ({ auth, params, body }) => {
      // A new password must not contain the user's name nor the display name (the new one, if given).
      let passwordHash: string | undefined;
      if (body.password !== undefined) {
        const user = await store.users.get(params.id);
        if (!user) throw new ApiError('not-found', `user '${params.id}' does not exist`, 'params.id');
        passwordHash = await hashPassword(body.password, {
          username: user.username,
          displayName: body.displayName !== undefined ? body.displayName : user.displayName,
        });
      }
      // The last-administrator invariant is the store's: checked inside the update's transaction.
      return store.users.update({ userId: auth.user.id, username: auth.user.username }, params.id, {
        ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        ...(passwordHash !== undefined ? { passwordHash } : {}),
      });
    },
  );
};
