#!/usr/bin/env node
// Mutation testing with StrykerJS, one package at a time: small bugs are put into the package's code one at
// a time and its own tests run (node's test runner through @stryker-mutator/tap-runner, TypeScript through
// tsx); a mutant the tests do not notice "survives".
// Usage: npm run mutate -- counting physics      (no argument: every package with a stryker.config.json)
//        npm run mutate -- physics --incremental  (flags go to Stryker; --incremental re-tests only the
//        mutants whose code or tests changed since the last run, kept in reports/mutation/)
// Each package's stryker.config.json says which files are mutated. The HTML report is left in
// packages/<name>/reports/mutation/mutation.html; the table printed at the end is the score per package:
// killed (+ timed out) over all mutants that are not compile or runtime errors, as Stryker counts it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const stryker = join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
const configured = readdirSync(join(root, 'packages')).filter((p) =>
  existsSync(join(root, 'packages', p, 'stryker.config.json')),
);

const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const strykerFlags = process.argv.slice(2).filter((a) => a.startsWith('-'));
const wanted = args.length > 0 ? args : configured;
const unknown = wanted.filter((p) => !configured.includes(p));
if (unknown.length > 0) {
  console.error(`mutate: no stryker.config.json in packages/${unknown.join(', packages/')}`);
  console.error(`packages set up for mutation testing: ${configured.join(', ')}`);
  process.exit(2);
}

/** Mutant counts by status from Stryker's JSON report (mutation-testing-report-schema). */
function tally(reportPath) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const counts = {
    Killed: 0,
    Timeout: 0,
    Survived: 0,
    NoCoverage: 0,
    CompileError: 0,
    RuntimeError: 0,
    Ignored: 0,
  };
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
  }
  return counts;
}

const rows = [];
let failed = false;
for (const name of wanted) {
  const dir = join(root, 'packages', name);
  console.log(`\nmutate: ${name}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [stryker, 'run', 'stryker.config.json', ...strykerFlags], {
    cwd: dir,
    stdio: 'inherit',
  });
  const minutes = (Date.now() - started) / 60000;
  const reportPath = join(dir, 'reports', 'mutation', 'mutation.json');
  if (run.status !== 0 || !existsSync(reportPath)) {
    console.error(`mutate: Stryker failed in packages/${name} (exit ${run.status})`);
    failed = true;
    continue;
  }
  const c = tally(reportPath);
  const detected = c.Killed + c.Timeout;
  const valid = detected + c.Survived + c.NoCoverage;
  rows.push({ name, ...c, score: valid > 0 ? (100 * detected) / valid : Number.NaN, minutes });
}

// Ignored: mutants a `// Stryker disable` comment marks as equivalent (docs/mutation.md); not in the score.
console.log(
  '\n| package | mutants | killed | timeout | survived | no coverage | errors | ignored | score | minutes |',
);
console.log('| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: |');
for (const r of rows) {
  const total = r.Killed + r.Timeout + r.Survived + r.NoCoverage + r.CompileError + r.RuntimeError;
  console.log(
    `| ${r.name} | ${total} | ${r.Killed} | ${r.Timeout} | ${r.Survived} | ${r.NoCoverage} | ` +
      `${r.CompileError + r.RuntimeError} | ${r.Ignored} | ${r.score.toFixed(1)} % | ${r.minutes.toFixed(1)} |`,
  );
}
process.exit(failed ? 1 : 0);
