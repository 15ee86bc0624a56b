import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { TEST_ENGINES, type TempTarget, tempTarget } from '@openrgs/store/testing';
import { runCli } from '../test-io.js';

const flagsOf = (t: TempTarget) =>
  'dataDir' in t.flag ? ['--data-dir', t.flag.dataDir] : ['--database-url', t.flag.databaseUrl];

for (const engine of TEST_ENGINES) {
  describe(`rgs user add on ${engine}`, () => {
    const temps: TempTarget[] = [];
    after(async () => {
      for (const t of temps) await t.cleanup();
    });

    test('creates a user from stdin, refuses a taken name', async () => {
      const t = await tempTarget(engine);
      temps.push(t);
      const args = [
        'user',
        'add',
        '--username',
        'Ana',
        '--role',
        'surgeon',
        '--password-stdin',
        ...flagsOf(t),
        '--json',
      ];
      const first = await runCli(args, { stdin: 'a long secret phrase\n' });
      assert.equal(first.code, 0, first.stderr);
      const out = JSON.parse(first.stdout) as { user: { username: string; role: string }; storage: string };
      assert.equal(out.user.username, 'ana');
      assert.equal(out.user.role, 'surgeon');
      assert.doesNotMatch(first.stdout, /secret/);
      const again = await runCli(args, { stdin: 'a long secret phrase\n' });
      assert.equal(again.code, 1);
      assert.match(again.stderr, /username 'ana' is taken/);
    });
  });
}

describe('rgs user add: bad input names the value', () => {
  test('unknown role, missing --password-stdin, short password, both storage flags', async () => {
    const role = await runCli(['user', 'add', '--username', 'bob', '--role', 'god', '--password-stdin'], {
      stdin: 'x',
    });
    assert.equal(role.code, 2);
    assert.match(role.stderr, /--role: 'god' is not a role \(one of admin, surgeon/);
    const noStdin = await runCli(['user', 'add', '--username', 'bob', '--role', 'viewer']);
    assert.equal(noStdin.code, 2);
    assert.match(noStdin.stderr, /--password-stdin is required/);
    const short = await runCli(
      [
        'user',
        'add',
        '--username',
        'bob',
        '--role',
        'viewer',
        '--password-stdin',
        '--data-dir',
        '/nonexistent/x',
      ],
      { stdin: 'short\n' },
    );
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 12 characters/);
    const both = await runCli(
      [
        'user',
        'add',
        '--username',
        'bob',
        '--role',
        'viewer',
        '--password-stdin',
        '--data-dir',
        'd',
        '--database-url',
        'postgres://x/y',
      ],
      { stdin: 'a long secret phrase\n' },
    );
    assert.equal(both.code, 1);
    assert.match(both.stderr, /either --data-dir .* or --database-url/);
  });
});
