#!/usr/bin/env node
// Builds the console (vite build → packages/console/dist) when dist is missing or older than any source
// file, so `npm start` on a fresh clone serves the real console and a changed source is never served stale.
// Usage: node packages/console/scripts/ensure-built.mjs [--quiet]   (exit code 1 if the build fails)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

export function buildConsole() {
  const vite = join(consoleDir, '..', '..', 'node_modules', 'vite', 'bin', 'vite.js');
  return spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: consoleDir,
    encoding: 'utf8',
  });
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
