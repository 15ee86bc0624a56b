#!/usr/bin/env node
// Start-up time of the `rgs` command as a ratio to a bare `node -e 0` measured in the same run (the
// machine's noise cancels out of the ratio). Usage: node scripts/bench-rgs-startup.mjs [runs] [-- rgs args]
// Default: 10 runs of `rgs --help`, interleaved with `node -e 0`; prints the medians and the ratio.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const runs = Number(dash === 0 ? 10 : (argv[0] ?? 10));
if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${argv[0]}`);
const rgsArgs = dash >= 0 ? argv.slice(dash + 1) : ['--help'];
const rgs = fileURLToPath(new URL('../packages/cli/bin/rgs.js', import.meta.url));

function timeMs(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

timeMs(['-e', '0']);
timeMs([rgs, ...rgsArgs]); // warm the file cache (and build on demand) before timing
const bare = [];
const cli = [];
for (let i = 0; i < runs; i += 1) {
  bare.push(timeMs(['-e', '0']));
  cli.push(timeMs([rgs, ...rgsArgs]));
}
const b = median(bare);
const c = median(cli);
console.log(`node ${process.version}, ${runs} runs each, medians:`);
console.log(`  node -e 0            ${b.toFixed(0)} ms`);
console.log(`  rgs ${rgsArgs.join(' ').padEnd(16)} ${c.toFixed(0)} ms`);
console.log(`  ratio                ${(c / b).toFixed(1)} × node -e 0`);
