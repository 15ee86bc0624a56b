import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { samplePoisson, seededRandom } from '@openrgs/counting';
import { runCli } from '../test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'rgs-detect-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Seeded streams: 'hot' at 3x background, 'normal' at background (50 cps), 0.1 s frames, 5 s each.
const random = seededRandom(314);
const lines = ['stream,startSeconds,durationSeconds,counts'];
for (const [name, rate] of [
  ['hot', 150],
  ['normal', 50],
  ['warm', 100],
] as const) {
  for (let i = 0; i < 50; i++)
    lines.push(`${name},${(i * 0.1).toFixed(1)},0.1,${samplePoisson(random, rate * 0.1)}`);
}
const streams = file('streams.csv', `${lines.join('\n')}\n`);
const single = file('single.csv', 'startSeconds,durationSeconds,counts\r\n0,1,150\r\n1,1,160\r\n');
const sites = file(
  'sites.csv',
  'siteLabel,counts,durationSeconds\nliver 6,500,10\n"muscle, thigh",480,10\nbowel,530,10\n',
);
const base = ['--ratio', '2', '--alpha', '0.05', '--beta', '0.05'];

describe('rgs detect', () => {
  test('many streams → JSON array in input order with the contract fields', async () => {
    const run = await runCli([
      'detect',
      '--frames',
      streams,
      '--background-cps',
      '50',
      ...base,
      '--rule',
      'sprt',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const rows = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      rows.map((r) => r.stream),
      ['hot', 'normal', 'warm'],
    );
    assert.deepEqual(Object.keys(rows[0]!), [
      'stream',
      'verdict',
      'decisionSeconds',
      'rateCps',
      'ratio',
      'ratioLow',
      'ratioHigh',
    ]);
    assert.equal(rows[0]!.verdict, 'positive');
    assert.equal(rows[1]!.verdict, 'negative');
    assert.ok((rows[0]!.decisionSeconds as number) <= 1, `hot decided after ${rows[0]!.decisionSeconds} s`);
    assert.ok((rows[0]!.ratioLow as number) < (rows[0]!.ratio as number));
  });

  test('without a stream column → one object with stream null; CRLF accepted; background from sites', async () => {
    const run = await runCli([
      'detect',
      '--frames',
      single,
      '--background-sites',
      sites,
      ...base,
      '--rule',
      'ratio',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const r = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.equal(r.stream, null);
    // Ratio rule over the whole stream: 310 counts in 2 s = 155 cps against 50.3 cps → T/B 3.08 ≥ 2.
    assert.equal(r.verdict, 'positive');
    assert.equal(r.decisionSeconds, 2);
    assert.equal(r.rateCps, 155);
  });

  test('every rule runs; text output is a table with the evidence', async () => {
    for (const rule of ['sprt', 'adaptive', 'ratio', 'k-sigma', 'fixed', 'currie']) {
      const run = await runCli([
        'detect',
        '--frames',
        streams,
        '--background-sites',
        sites,
        ...base,
        '--rule',
        rule,
      ]);
      assert.equal(run.code, 0, `${rule}: ${run.stderr}`);
      assert.match(run.stdout, /stream\s+verdict\s+decision s/);
    }
    const one = await runCli([
      'detect',
      '--frames',
      single,
      '--background-cps',
      '50',
      ...base,
      '--rule',
      'sprt',
    ]);
    assert.match(one.stdout, /POSITIVE/);
  });

  test('malformed CSV: the error names the file line', async () => {
    const cases: Array<[string, RegExp]> = [
      ['startSeconds,duration,counts\n0,1,5\n', /line 1: header/],
      ['startSeconds,durationSeconds,counts\n0,1,5\n1,1,abc\n', /line 3: counts 'abc' is not a number/],
      ['startSeconds,durationSeconds,counts\n0,1,5\n1,1\n', /line 3: 2 fields, expected 3/],
      ['startSeconds,durationSeconds,counts\n0,1,5.5\n', /line 2: counts '5.5' is not a whole number/],
      ['startSeconds,durationSeconds,counts\n0,0,5\n', /line 2: durationSeconds '0' must be > 0/],
      ['startSeconds,durationSeconds,counts\n0,1,5\n0.5,1,5\n', /line 3: frame rejected \(time-overlap\)/],
      ['startSeconds,durationSeconds,counts\n0,1,-5\n', /line 2: counts '-5' must be >= 0/],
      ['startSeconds,durationSeconds,counts\n', /no frames/],
      ['stream,startSeconds,durationSeconds,counts\n"a,0,1,5\n', /line 2: a quoted field is not closed/],
    ];
    for (const [text, pattern] of cases) {
      const path = file('bad.csv', text);
      const run = await runCli([
        'detect',
        '--frames',
        path,
        '--background-cps',
        '50',
        ...base,
        '--rule',
        'sprt',
      ]);
      assert.equal(run.code, 1, text);
      assert.match(run.stderr, pattern);
    }
    const badSites = file('bad-sites.csv', 'siteLabel,counts,durationSeconds\nliver,12x,10\n');
    const run = await runCli([
      'detect',
      '--frames',
      single,
      '--background-sites',
      badSites,
      ...base,
      '--rule',
      'sprt',
    ]);
    assert.match(run.stderr, /bad-sites.csv line 2: counts '12x'/);
  });

  test('bad flags name the bad value', async () => {
    const missing = await runCli(['detect', '--frames', single, ...base, '--rule', 'sprt']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /exactly one of --background-cps/);
    const rule = await runCli([
      'detect',
      '--frames',
      single,
      '--background-cps',
      '50',
      ...base,
      '--rule',
      'magic',
    ]);
    assert.match(rule.stderr, /--rule: 'magic'/);
    const ratio = await runCli([
      'detect',
      '--frames',
      single,
      '--background-cps',
      '50',
      '--ratio',
      '0.9',
      '--alpha',
      '0.05',
      '--beta',
      '0.05',
      '--rule',
      'sprt',
    ]);
    assert.match(ratio.stderr, /--ratio: '0.9' must be greater than 1/);
    const nofile = await runCli([
      'detect',
      '--frames',
      join(dir, 'nope.csv'),
      '--background-cps',
      '50',
      ...base,
      '--rule',
      'sprt',
    ]);
    assert.match(nofile.stderr, /cannot read .*nope.csv.*ENOENT/);
    const help = await runCli(['detect', '--help']);
    assert.match(help.stdout, /counts per second/);
  });
});
