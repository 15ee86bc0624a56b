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
        // JSON Lines: a header, then each table's column line, its rows (arrays) and its end line.
        const lines = readFileSync(out, 'utf8')
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as unknown);
        assert.deepEqual(Object.keys(lines[0] as object).slice(0, 2), ['format', 'formatVersion']);
        const start = lines.findIndex((l) => (l as { table?: string }).table === 'users');
        const columns = (lines[start] as { columns: string[] }).columns;
        const row = lines[start + 1] as unknown[];
        assert.equal(row[columns.indexOf('username')], 'ana');
        assert.deepEqual(lines[start + 2], { end: 'users', rows: 1 });
        assert.equal((lines[lines.length - 1] as { complete?: boolean }).complete, true);
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

      // --format pg_dump: PostgreSQL only; a missing pg_dump is named (exit 2); an unknown format too.
      const dumped = `${out}.pgdump`;
      const noTool = await runCli(['backup', '--out', dumped, '--format', 'pg_dump', ...flagsOf(t)], {
        env: { ...process.env, PATH: '' },
      });
      assert.equal(noTool.code, 2, noTool.stderr);
      assert.match(
        noTool.stderr,
        engine === 'sqlite'
          ? /--format pg_dump needs a PostgreSQL store/
          : /pg_dump is not installed \(not found on PATH\)/,
      );
      if (engine === 'postgres') {
        const withTool = await runCli([
          'backup',
          '--out',
          dumped,
          '--format',
          'pg_dump',
          ...flagsOf(t),
          '--json',
        ]);
        assert.equal(withTool.code, 0, withTool.stderr);
        assert.equal((JSON.parse(withTool.stdout) as { method: string }).method, 'postgres-pg-dump');
        assert.equal(readFileSync(dumped).subarray(0, 5).toString(), 'PGDMP');
        rmSync(dumped, { force: true });
      }
      const bogus = await runCli(['backup', '--out', dumped, '--format', 'tar', ...flagsOf(t)]);
      assert.equal(bogus.code, 2);
      assert.match(bogus.stderr, /--format: 'tar' is not a backup format/);
    });
  });
}
