// rgs backup then rgs restore into a fresh store of the other engine; the user comes back and can be
// read; a second restore into the now non-empty store is refused with exit 1 and a message naming why.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Store } from '@openrgs/store';
import { type TempTarget, tempTarget } from '@openrgs/store/testing';
import { runCli } from '../test-io.js';

const flagsOf = (t: TempTarget) =>
  'dataDir' in t.flag ? ['--data-dir', t.flag.dataDir] : ['--database-url', t.flag.databaseUrl];

describe('rgs restore', () => {
  const temps: TempTarget[] = [];
  const work = mkdtempSync(join(tmpdir(), 'openrgs-cli-restore-'));
  after(async () => {
    for (const t of temps) await t.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  test('a SQLite backup restores into PostgreSQL; a non-empty target and a missing file are refused', async () => {
    const source = await tempTarget('sqlite');
    const target = await tempTarget('postgres');
    temps.push(source, target);
    const add = await runCli(
      ['user', 'add', '--username', 'ana', '--role', 'admin', '--password-stdin', ...flagsOf(source)],
      { stdin: 'a long secret phrase\n' },
    );
    assert.equal(add.code, 0, add.stderr);
    const file = join(work, 'backup.sqlite');
    const saved = await runCli(['backup', '--out', file, ...flagsOf(source)]);
    assert.equal(saved.code, 0, saved.stderr);

    const run = await runCli(['restore', '--from', file, ...flagsOf(target), '--json']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as {
      method: string;
      engine: string;
      tables: Record<string, number>;
      schemaVersion: number;
    };
    assert.equal(result.method, 'sqlite-online-backup');
    assert.equal(result.engine, 'postgres');
    assert.equal(result.tables.users, 1);
    const store = await Store.open(target.target);
    try {
      assert.equal((await store.users.findWithHash('ana'))?.role, 'admin', 'the user is back, with her role');
    } finally {
      await store.close();
    }

    const again = await runCli(['restore', '--from', file, ...flagsOf(target)]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /restore refused: .*already holds records \(.*users: 1/);
    const missing = await runCli(['restore', '--from', join(work, 'nope'), ...flagsOf(target)]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--from: .*nope' does not exist/);
  });
});
