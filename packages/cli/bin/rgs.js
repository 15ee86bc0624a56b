#!/usr/bin/env node
// The `rgs` command. Runs the built JavaScript (packages/*/dist, made by packages/cli/scripts/build.mjs)
// when it is present and newer than every source file; otherwise builds it first (a second or so, under a
// lock so parallel starts build once). If the build fails, the TypeScript sources run through tsx's loader.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
};

async function ensureBuilt() {
  const { buildCli, cliBuildStale } = await import('../scripts/build.mjs');
  if (!cliBuildStale()) return true;
  const lock = fileURLToPath(new URL('../dist-build.lock', import.meta.url));
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {}
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    if (cliBuildStale()) await buildCli();
    return true;
  } catch (error) {
    process.stderr.write(`rgs: build failed, running the TypeScript sources: ${error.message}\n`);
    return false;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

let main;
if (process.env.RGS_FROM_SOURCE !== '1' && (await ensureBuilt())) {
  ({ main } = await import('../dist/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/main.ts'));
}
process.exitCode = await main(process.argv.slice(2), io);
