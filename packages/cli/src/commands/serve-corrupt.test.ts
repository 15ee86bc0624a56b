// Issue 14 point 6: a damaged or empty SQLite file makes `rgs serve` exit non-zero naming the file; only
// a missing file (or directory) is a first run. Before, a garbage header printed one line and left the
// process alive, never listening; a 0-byte file started a blank store with first-run setup open.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SQLITE_FILE_NAME, Store } from '@openrgs/store';
import { runCli } from '../test-io.js';

const RGS = fileURLToPath(new URL('../../bin/rgs.js', import.meta.url));

/** Runs the real `rgs` binary; resolves with its exit code and output, or fails if it is still alive. */
function runProcess(
  args: string[],
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `rgs ${args.join(' ')} still running after ${timeoutMs} ms; stdout: ${stdout} stderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('rgs serve refuses a damaged or empty SQLite file', () => {
  let root: string;
  let intact: Buffer;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'openrgs-corrupt-'));
    // A real store with a user and some records, closed cleanly (checkpointed: no -wal left).
    const dir = join(root, 'intact');
    const store = await Store.open({ engine: 'sqlite', file: join(dir, SQLITE_FILE_NAME) });
    for (let i = 0; i < 40; i++) {
      await store.cases.create({ userId: null, username: 'test' }, { label: `case ${i} ${'x'.repeat(200)}` });
    }
    await store.close();
    intact = readFileSync(join(dir, SQLITE_FILE_NAME));
    assert.ok(intact.length >= 8 * 4096, `store of ${intact.length} bytes`);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  function dataDir(name: string, content: Buffer): { dir: string; file: string } {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, SQLITE_FILE_NAME);
    writeFileSync(file, content);
    return { dir, file };
  }

  test('a garbage header: the process exits 1 naming the file (it used to stay alive, never listening)', async () => {
    const garbage = Buffer.from(intact);
    for (let i = 0; i < 100; i++) garbage[i] = (i * 37 + 11) & 0xff;
    const { dir, file } = dataDir('garbage', garbage);
    const run = await runProcess(['serve', '--port', '0', '--data-dir', dir]);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(run.stderr.includes(file), run.stderr);
    assert.match(run.stderr, /not a SQLite database/);
    assert.doesNotMatch(run.stdout, /listening on/);
  });

  test('a 0-byte file is not a blank store: the process exits 1 naming the file, first-run setup never opens', async () => {
    const { dir, file } = dataDir('empty', Buffer.alloc(0));
    const run = await runProcess(['serve', '--port', '0', '--data-dir', dir]);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(run.stderr.includes(file), run.stderr);
    assert.match(run.stderr, /is empty \(0 bytes\)/);
    assert.doesNotMatch(run.stdout + run.stderr, /listening on|first-run setup/);
    assert.equal(readFileSync(file).length, 0, 'the file is left as it was');
  });

  test('a truncated file is refused naming the file and its expected size', async () => {
    const { dir, file } = dataDir('truncated', intact);
    truncateSync(file, intact.length - 3 * 4096);
    const run = await runCli(['serve', '--port', '0', '--data-dir', dir]);
    assert.equal(run.code, 1);
    assert.ok(run.stderr.includes(file), run.stderr);
    assert.match(run.stderr, /is truncated \(\d+ bytes; its header says \d+ pages of 4096 bytes\)/);
    assert.doesNotMatch(run.stdout, /listening on/);
  });

  test('damaged pages behind an intact header fail the integrity check, naming the file', async () => {
    const damaged = Buffer.from(intact);
    for (let i = 2 * 4096; i < 6 * 4096; i++) damaged[i] = (i * 7) & 0xff;
    const { dir, file } = dataDir('damaged', damaged);
    const run = await runCli(['serve', '--port', '0', '--data-dir', dir]);
    assert.equal(run.code, 1);
    assert.ok(run.stderr.includes(file), run.stderr);
    assert.match(run.stderr, /is damaged \(integrity check: /);
    assert.doesNotMatch(run.stdout, /listening on/);
  });

  test('other commands refuse the same files (rgs user add on a 0-byte file creates nothing)', async () => {
    const { dir, file } = dataDir('empty-user', Buffer.alloc(0));
    const run = await runCli(
      ['user', 'add', '--username', 'first', '--role', 'admin', '--password-stdin', '--data-dir', dir],
      { stdin: 'correct horse battery staple\n' },
    );
    assert.equal(run.code, 1);
    assert.ok(run.stderr.includes(file), run.stderr);
    assert.equal(readFileSync(file).length, 0);
  });

  test('a missing directory is the first run: the store is created', async () => {
    const dir = join(root, 'new', 'nested');
    const run = await runCli(
      ['user', 'add', '--username', 'first', '--role', 'admin', '--password-stdin', '--data-dir', dir],
      { stdin: 'correct horse battery staple\n' },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(existsSync(join(dir, SQLITE_FILE_NAME)));
  });
});
