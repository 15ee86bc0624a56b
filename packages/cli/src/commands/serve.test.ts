import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Store } from '@openrgs/store';
import { type TempTarget, tempTarget } from '@openrgs/store/testing';
import { type Kysely, sql } from 'kysely';
import { runCli } from '../test-io.js';

describe('rgs serve: flags and refusals', () => {
  let t: TempTarget;
  after(async () => t?.cleanup());

  test('bad flags exit non-zero naming the value', async () => {
    const port = await runCli(['serve', '--port', 'eighty']);
    assert.notEqual(port.code, 0);
    assert.match(port.stderr, /--port: 'eighty' is not a number/);
    const big = await runCli(['serve', '--port', '70000']);
    assert.match(big.stderr, /--port: '70000' must be at most 65535/);
    const count = await runCli(['serve', '--simulated-stations', '3']);
    assert.equal(count.code, 2);
    assert.match(count.stderr, /need --simulate/);
    const both = await runCli(['serve', '--data-dir', 'x', '--database-url', 'postgres://a/b']);
    assert.equal(both.code, 2);
    const notPg = await runCli(['serve', '--database-url', 'mysql://a/b']);
    assert.match(notPg.stderr, /is not a PostgreSQL URL/);
  });

  test('a database newer than this code is refused before anything listens', async () => {
    t = await tempTarget('sqlite');
    const store = await Store.open(t.target);
    await sql`insert into schema_migrations (version, name, applied_at) values (9999, '9999-future', 'x')`.execute(
      store.db.withoutPlugins() as unknown as Kysely<unknown>,
    );
    await store.close();
    const run = await runCli(['serve', '--port', '0', '--data-dir', (t.flag as { dataDir: string }).dataDir]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /schema version 9999 .* does not know/);
    assert.doesNotMatch(run.stdout, /listening on/);
  });

  test('an unknown simulator scenario is named', async () => {
    const run = await runCli([
      'serve',
      '--port',
      '0',
      '--data-dir',
      '/tmp/never-used',
      '--simulate',
      'no-such',
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /--simulate: unknown scenario 'no-such'/);
  });
});
