#!/usr/bin/env node
// Runs the whole suite (or the paths given) with node's own test runner, TypeScript through tsx.
// Usage: npm test [-- packages/physics packages/counting/src/sprt.test.ts]
// Test files: packages/*/src/**/*.test.ts, packages/*/test/**/*.test.ts and scripts/*.test.ts (the
// architecture test).
// Node 20 has no glob support in --test, so we list the files here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

function collect(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, out);
    else if (/\.test\.(ts|tsx|mjs)$/.test(entry.name)) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const targets =
  args.length > 0 ? args.map((a) => resolve(root, a)) : [join(root, 'packages'), join(root, 'scripts')];
const files = [];
for (const target of targets) {
  if (statSync(target).isDirectory()) collect(target, files);
  else files.push(target);
}
files.sort();
if (files.length === 0) {
  console.error(`no test files under ${targets.map((t) => relative(root, t)).join(', ')}`);
  process.exit(1);
}

// The browser tests serve packages/console/dist: build it once here, before several test files would
// each find it stale at the same moment.
if (files.some((f) => f.includes(join('packages', 'console', 'e2e')))) {
  const { buildConsole, consoleBuildStale } = await import('../packages/console/scripts/ensure-built.mjs');
  if (consoleBuildStale()) {
    console.log('test: building the console for the browser tests …');
    const built = buildConsole();
    if (built.status !== 0) {
      console.error(`console build failed:\n${built.stdout}${built.stderr}`);
      process.exit(1);
    }
  }
}

const concurrency = process.env.RGS_TEST_CONCURRENCY ?? '2';
// A hung test must fail, not stall CI: every test (and suite) fails after RGS_TEST_TIMEOUT_MS (default
// 20 min, far above the slowest browser journey), and --test-force-exit ends a file's process once its
// tests are done even if a failed test left a handle open (a store, a server, a socket).
const timeoutMs = process.env.RGS_TEST_TIMEOUT_MS ?? String(20 * 60 * 1000);
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${timeoutMs}`,
    '--test-force-exit',
    '--test-reporter=spec',
    ...files.map((f) => relative(root, f)),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
