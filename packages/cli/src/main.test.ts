import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from './test-io.js';

test('rgs --help lists the commands', async () => {
  const run = await runCli(['--help']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /commands:/);
  assert.match(run.stdout, /start/);
});

test('an unknown command exits 2 and names it', async () => {
  const run = await runCli(['frobnicate']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /unknown command 'frobnicate'/);
});

test('an unknown flag exits 2 and names it', async () => {
  const run = await runCli(['start', '--bogus']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--bogus/);
});
