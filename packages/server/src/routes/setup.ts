// First run: while no user exists, the console offers to create the first administrator — given the
// one-time setup code `rgs serve` printed on its console (auth/setup-token.ts).
import { LoginResponse, SetupRequest, SetupStatus } from '@openrgs/api';
import type { FastifyPluginAsync } from 'fastify';
import { hashPassword } from '../auth/passwords.js';
import { ApiError, conflict } from '../errors.js';
import type { AppDeps } from '../http/context.js';
import { route } from '../http/route.js';
import { issueSession } from './auth.js';

export const setupRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const { store, registry } = deps;
  const done = () =>
    conflict('first-run setup is done: an administrator exists; sign in (POST /api/auth/login) instead');

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/setup',
      summary: 'Whether first-run setup is needed (no user exists yet)',
      tag: 'setup',
      access: 'public',
      status: 200,
      response: SetupStatus,
    },
    async () => ({ needed: (await store.users.count()) === 0 }),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/setup',
      summary:
        'Create the first administrator (only while no user exists; needs the setup code `rgs serve` printed) and sign in as them',
      tag: 'setup',
      access: 'public',
      body: SetupRequest,
      status: 201,
      response: LoginResponse,
    },
    async ({ req, reply, body }) => {
      if ((await store.users.count()) > 0) throw done();
      if (!deps.setup.matches(body.setupToken)) {
        throw new ApiError(
          'forbidden',
          deps.setup.code === null
            ? 'first-run setup is closed in this server process; restart `rgs serve` for a new setup code'
            : 'the setup code is wrong: use the one `rgs serve` printed on its console',
          'body.setupToken',
        );
      }
      const user = await store.users.createFirstAdmin({
        username: body.username,
        displayName: body.displayName ?? null,
        passwordHash: await hashPassword(body.password, {
          username: body.username,
          displayName: body.displayName,
        }),
      });
      if (user === undefined) throw done();
      deps.setup.spend();
      const session = await issueSession(deps, req, reply, user);
      return { ...session, user };
    },
  );
};
