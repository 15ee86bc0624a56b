// A short real run of the hostile suite: the server gives no 5xx, no stack trace, nothing outside the
// error shape and no authorization violation; the figures (health p99 and frame gap) are printed by
// the command itself (README), not asserted here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../test-io.js';

test('rgs bench hostile --json: 0 5xx, 0 stack traces, 0 off-shape answers, 0 authorization violations', async () => {
  const run = await runCli([
    'bench',
    'hostile',
    '--hostile-seconds',
    '8',
    '--lesions',
    '200',
    '--flood-seconds',
    '2',
    '--json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const r = JSON.parse(run.stdout) as {
    requests: {
      tried: number;
      serverErrors: number;
      stackTraces: number;
      notInErrorShape: number;
      examples: string[];
      byStatus: Record<string, number>;
    };
    authorization: { probes: number; violations: number; examples: string[] };
    registry: { statsStatus: number; health: { samples: number } };
    flood: { connections: number; viewerFrames: number };
  };
  assert.ok(r.requests.tried > 300, `${r.requests.tried} requests`);
  assert.equal(r.requests.serverErrors, 0, r.requests.examples.join('\n'));
  assert.equal(r.requests.stackTraces, 0, r.requests.examples.join('\n'));
  assert.equal(r.requests.notInErrorShape, 0, r.requests.examples.join('\n'));
  assert.ok((r.requests.byStatus['421'] ?? 0) > 0, 'foreign Host requests were tried and refused');
  assert.ok(r.authorization.probes > 100);
  assert.equal(r.authorization.violations, 0, r.authorization.examples.join('\n'));
  assert.equal(r.registry.statsStatus, 200);
  assert.ok(r.registry.health.samples > 0);
  assert.ok(r.flood.connections >= 2 && r.flood.viewerFrames > 0);
});

test('rgs bench hostile / bench server: an unreachable PostgreSQL is one line naming the URL, exit 1, no stack trace', async () => {
  // Port 1 on loopback: nothing listens there, so the connection is refused before any bench work.
  const url = 'postgres://postgres:secret@127.0.0.1:1/test';
  for (const command of ['hostile', 'server']) {
    const run = await runCli(['bench', command, '--database-url', url]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      new RegExp(
        `^rgs bench ${command}: cannot set up the bench on PostgreSQL at postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:1/test: .*ECONNREFUSED`,
      ),
    );
    assert.doesNotMatch(run.stderr, /secret|\n\s+at /, 'no password and no stack trace');
  }
});
