import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { TEST_ENGINES, type TempTarget, tempTarget } from '@openrgs/store/testing';
import { runCli } from '../test-io.js';

const flagsOf = (t: TempTarget) =>
  'dataDir' in t.flag ? ['--data-dir', t.flag.dataDir] : ['--database-url', t.flag.databaseUrl];

for (const engine of TEST_ENGINES) {
  describe(`rgs backup on ${engine}`, () => {
    let t: TempTarget;
    after(async () => t.cleanup());

    test('writes a snapshot that holds the data, says which method, refuses to overwrite', async () => {
      t = await tempTarget(engine);
      const add = await runCli(
        ['user', 'add', '--username', 'ana', '--role', 'admin', '--password-stdin', ...flagsOf(t)],
        {
          stdin: 'a long secret phrase\n',
        },
      );
      assert.equal(add.code, 0, add.stderr);
      const out = join(
        'dataDir' in t.flag ? t.flag.dataDir : tmpdir(),
        `backup-${process.pid}-${engine}.out`,
      );
      const run = await runCli(['backup', '--out', out, ...flagsOf(t), '--json']);
      assert.equal(run.code, 0, run.stderr);
      const result = JSON.parse(run.stdout) as { method: string; schemaVersion: number };
      assert.equal(result.method, engine === 'sqlite' ? 'sqlite-online-backup' : 'postgres-json-snapshot');
      assert.ok(existsSync(out));
      if (engine === 'postgres') {
        const doc = JSON.parse(readFileSync(out, 'utf8')) as {
          tables: Record<string, { username?: string }[]>;
        };
        assert.equal(doc.tables.users?.[0]?.username, 'ana');
      } else {
        assert.equal(readFileSync(out).subarray(0, 15).toString(), 'SQLite format 3');
      }
      const again = await runCli(['backup', '--out', out, ...flagsOf(t)]);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /exists; choose another file or add --force/);
      const forced = await runCli(['backup', '--out', out, ...flagsOf(t), '--force']);
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(
        forced.stdout,
        engine === 'sqlite' ? /SQLite online backup/ : /one repeatable-read transaction/,
      );
      rmSync(out, { force: true });
    });
  });
}
