// `rgs user add`: create a user directly in the store (first admin on a headless install, scripts).
import { Password, Role, Username } from '@openrgs/api';
import { hashPassword, passwordProblem } from '@openrgs/server/passwords';
import { STORAGE_OPTIONS, StoreError } from '@openrgs/store';
import {
  booleanFlag,
  CliError,
  type Command,
  JSON_OPTION,
  requireString,
  stringFlag,
  writeResult,
} from '../command.js';
import { withStore } from '../with-store.js';

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text.length > 10_000) throw new CliError('--password-stdin: more than 10000 characters on stdin');
  }
  return text;
}

export const command: Command = {
  name: 'user add',
  summary: 'create a user (argon2id-hashed password read from stdin) in the SQLite or PostgreSQL store',
  usage: '--username U --role R --password-stdin [--display-name N] [--data-dir D | --database-url URL]',
  details:
    `Roles: ${Role.options.join(', ')} (docs/permissions.md). The password is the first line of stdin,\n` +
    'never a flag (flags show up in process lists and shell history), e.g.\n' +
    '  printf \'%s\\n\' "$PW" | rgs user add --username ana --role surgeon --password-stdin',
  options: {
    username: { type: 'string', description: 'login name: 2–64 of a-z 0-9 . _ - (stored lower-case)' },
    role: { type: 'string', description: `one of ${Role.options.join(', ')}` },
    'password-stdin': {
      type: 'boolean',
      description: 'read the password (12–200 characters, not a common one) from the first line of stdin',
    },
    'display-name': { type: 'string', description: 'name shown in the console and the audit log (optional)' },
    ...STORAGE_OPTIONS,
    json: JSON_OPTION,
  },
  run: async (io, args) => {
    const username = Username.safeParse(requireString(args, 'username'));
    if (!username.success)
      throw new CliError(`--username: '${args.values.username}' ${username.error.issues[0]?.message}`, 2);
    const roleText = requireString(args, 'role');
    const role = Role.safeParse(roleText);
    if (!role.success)
      throw new CliError(`--role: '${roleText}' is not a role (one of ${Role.options.join(', ')})`, 2);
    if (!booleanFlag(args, 'password-stdin')) {
      throw new CliError(
        '--password-stdin is required: pipe the password in (it is never taken as a flag)',
        2,
      );
    }
    const displayName = stringFlag(args, 'display-name');
    const line = (await readStdin(io.stdin)).split(/\r?\n/)[0] ?? '';
    const password = Password.safeParse(line);
    if (!password.success)
      throw new CliError(`--password-stdin: the password ${password.error.issues[0]?.message}`);
    const problem = passwordProblem(password.data, { username: username.data, displayName });
    if (problem !== null) throw new CliError(`--password-stdin: the password ${problem}`);
    return withStore(io, args, async (store) => {
      try {
        const user = await store.users.create(
          { userId: null, username: `cli:${io.env.USER ?? 'unknown'} (rgs user add)` },
          {
            username: username.data,
            role: role.data,
            displayName: displayName ?? null,
            passwordHash: await hashPassword(password.data, { username: username.data, displayName }),
          },
        );
        writeResult(
          io,
          booleanFlag(args, 'json'),
          { user, storage: store.describe() },
          () => `created user '${user.username}' (${user.role}) in ${store.describe()}`,
        );
        return 0;
      } catch (error) {
        if (error instanceof StoreError) throw new CliError(`--username: ${error.message}`);
        throw error;
      }
    });
  },
};
