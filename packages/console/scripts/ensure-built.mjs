#!/usr/bin/env node
// Builds the console (vite build → packages/console/dist) when dist is missing or older than any source
// file, so `npm start` on a fresh clone serves the real console and a changed source is never served stale.
// Usage: node packages/console/scripts/ensure-built.mjs [--quiet]   (exit code 1 if the build fails)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const consoleDir = fileURLToPath(new URL('..', import.meta.url));
const quiet = process.argv.includes('--quiet');

function newestMtimeMs(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

/** Whether dist/index.html is missing or older than the console's sources (and the api contract it bundles). */
export function consoleBuildStale() {
  const built = join(consoleDir, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const inputs = [
    join(consoleDir, 'src'),
    join(consoleDir, 'index.html'),
    join(consoleDir, 'vite.config.ts'),
    join(consoleDir, '..', 'api', 'src'),
  ].filter((p) => existsSync(p));
  return Math.max(...inputs.map(newestMtimeMs)) > statSync(built).mtimeMs;
}

/**
 * Builds into a private directory, then moves the result into dist without a moment in which a running
 * server finds dist empty: hashed assets first (new names never disturb a page that is loading the old
 * ones), index.html last by an atomic rename. Builds are serialised by a lock directory, and a process
 * that waited for another's build re-checks before building again (the test runner starts several E2E
 * files at once; `npm start` may build while tests run).
 */
export function buildConsole() {
  return withBuildLock(() => {
    if (!consoleBuildStale()) return { status: 0, stdout: '', stderr: '' };
    const staging = join(consoleDir, `.dist-build-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    const vite = join(consoleDir, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js');
    const result = spawnSync(
      process.execPath,
      [vite, 'build', '--logLevel', 'warn', '--outDir', staging, '--emptyOutDir'],
      // Always the production build, also when called from a test process (NODE_ENV=test would bundle
      // React's development build, slower and larger than what a user is served).
      { cwd: consoleDir, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
    );
    if (result.status === 0) publish(staging, join(consoleDir, 'dist'));
    rmSync(staging, { recursive: true, force: true });
    return result;
  });
}

/** Moves a finished build into dist: every file but index.html, then index.html by rename. */
function publish(staging, dist) {
  mkdirSync(dist, { recursive: true });
  const moveTree = (from, to) => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const source = join(from, entry.name);
      const target = join(to, entry.name);
      if (entry.isDirectory()) {
        mkdirSync(target, { recursive: true });
        moveTree(source, target);
      } else if (!(from === staging && entry.name === 'index.html')) {
        renameSync(source, target);
      }
    }
  };
  moveTree(staging, dist);
  renameSync(join(staging, 'index.html'), join(dist, 'index.html'));
  // Assets the new index.html does not name are an earlier build's: removed once they are an hour old
  // (a page opened before the build may still be fetching them).
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  const assets = join(dist, 'assets');
  for (const name of existsSync(assets) ? readdirSync(assets) : []) {
    const base = name.replace(/\.map$/, '');
    const path = join(assets, name);
    if (!index.includes(base) && Date.now() - statSync(path).mtimeMs > 3_600_000)
      rmSync(path, { force: true });
  }
}

const LOCK = join(consoleDir, '.dist-build.lock');
const LOCK_STALE_MS = 5 * 60_000;

function withBuildLock(work) {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock left by a build that died is taken over after five minutes (a build takes seconds).
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS)
          rmSync(LOCK, { recursive: true, force: true });
      } catch {}
      if (Date.now() > deadline) throw new Error(`console build: ${LOCK} held for over ten minutes`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!consoleBuildStale()) {
    if (!quiet) process.stdout.write('console: dist is up to date\n');
  } else {
    if (!quiet) process.stdout.write('console: building packages/console/dist …\n');
    const result = buildConsole();
    if (result.status !== 0) {
      process.stderr.write(`console build failed:\n${result.stdout}${result.stderr}`);
      process.exit(1);
    }
    if (!quiet) process.stdout.write('console: built\n');
  }
}
