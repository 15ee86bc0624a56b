import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createRandom, samplePoisson } from '@openrgs/numeric';
import { runCli } from '../test-io.js';

const dir = mkdtempSync(join(tmpdir(), 'rgs-detect-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Seeded streams: 'hot' at 3x background, 'normal' at background (50 cps), 0.1 s frames, 5 s each.
const random = createRandom(314);
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
      'confidencePercent',
      'provisional',
      'warnings',
    ]);
    // Known background: no sites, nothing provisional; the one warning says the spread is taken as none.
    assert.equal(rows[0]!.provisional, false);
    assert.deepEqual(
      (rows[0]!.warnings as Array<{ code: string }>).map((w) => w.code),
      ['background-known-rate'],
    );
    assert.ok((rows[0]!.confidencePercent as number) >= 95, `${rows[0]!.confidencePercent}`);
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
      assert.match(run.stdout, /stream\s+verdict\s+sure %\s+decision s/);
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

  test('a lifted-probe site (0 counts) is named, left out and blocks every verdict until kept or dropped', async () => {
    // Issue 12: four sites near 50 cps and one of 0 counts made a limit of 6301 cps and called T/B 4
    // "NEGATIVE, 95 % sure". Sites from seed 12 (gamma CV 20 % around 50 cps, 10 s each) plus the zero.
    const r = createRandom(12);
    const rows = ['siteLabel,counts,durationSeconds'];
    for (const label of ['bowel 1', 'bowel 2', 'bowel 3', 'mesentery'])
      rows.push(`${label},${samplePoisson(r, 50 * 10 * (0.8 + 0.4 * r.nextFloat()))},10`);
    rows.push('lifted,0,10');
    const withZero = file('sites-zero.csv', `${rows.join('\n')}\n`);
    const args = [
      'detect',
      '--frames',
      streams,
      '--background-sites',
      withZero,
      ...base,
      '--rule',
      'adaptive',
    ];
    const blocked = await runCli([...args, '--json']);
    assert.equal(blocked.code, 0, blocked.stderr);
    const out = JSON.parse(blocked.stdout) as Array<{
      verdict: string;
      confidencePercent: number | null;
      warnings: Array<{ code: string; message: string }>;
    }>;
    for (const row of out) {
      assert.equal(row.verdict, 'undecided');
      assert.equal(row.confidencePercent, null);
      const outlier = row.warnings.find((w) => w.code === 'background-outlier');
      assert.ok(outlier, JSON.stringify(row.warnings));
      assert.match(outlier.message, /'lifted'.*zero counts/);
    }
    const dropped = JSON.parse((await runCli([...args, '--drop-site', 'lifted', '--json'])).stdout) as Array<{
      stream: string;
      verdict: string;
      confidencePercent: number | null;
    }>;
    assert.equal(dropped[0]!.verdict, 'positive'); // 'hot', T/B 3
    assert.equal(dropped[1]!.verdict, 'negative'); // 'normal'
    assert.ok(dropped.every((d) => d.confidencePercent !== null && d.confidencePercent > 50));
    // Keeping the lifted site is the team's call: it then counts (mean falls, the limit widens).
    const kept = await runCli([...args, '--keep-site', 'lifted', '--json']);
    assert.equal(kept.code, 0, kept.stderr);
    const keptRows = JSON.parse(kept.stdout) as Array<{ warnings: Array<{ code: string }> }>;
    assert.ok(keptRows[0]!.warnings.every((w) => w.code !== 'background-outlier'));
    const unknown = await runCli([...args, '--keep-site', 'liver']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no background site is labelled 'liver'/);
  });

  test('a site above the frame plausibility limit (2e6 cps) is refused, naming it', async () => {
    const absurd = file('sites-absurd.csv', 'siteLabel,counts,durationSeconds\na,500,10\nb,3300000000,10\n');
    const run = await runCli([
      'detect',
      '--frames',
      streams,
      '--background-sites',
      absurd,
      ...base,
      '--rule',
      'sprt',
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /site 'b'.*3\.30e\+8 cps is above the plausible 2\.0e\+6/);
  });

  test('one background site: verdicts are provisional and say so', async () => {
    const one = file('sites-one.csv', 'siteLabel,counts,durationSeconds\nbowel,500,10\n');
    const run = await runCli([
      'detect',
      '--frames',
      streams,
      '--background-sites',
      one,
      ...base,
      '--rule',
      'adaptive',
      '--json',
    ]);
    const rows = JSON.parse(run.stdout) as Array<{
      verdict: string;
      provisional: boolean;
      warnings: Array<{ code: string }>;
    }>;
    assert.ok(rows.every((r) => r.provisional));
    assert.ok(rows[0]!.warnings.some((w) => w.code === 'background-few-sites'));
    const text = await runCli([
      'detect',
      '--frames',
      streams,
      '--background-sites',
      one,
      ...base,
      '--rule',
      'adaptive',
    ]);
    assert.match(text.stdout, /\(provisional\)/);
  });

  test('malformed CSV: the error names the file line', async () => {
    const cases: Array<[string, RegExp]> = [
      ['startSeconds,duration,counts\n0,1,5\n', /line 1: header/],
      ['startSeconds,durationSeconds,counts\n0,1,5\n1,1,abc\n', /line 3: counts 'abc' is not a number/],
      ['startSeconds,durationSeconds,counts\n0,1,5\n1,1\n', /line 3: 2 fields, expected 3/],
      ['startSeconds,durationSeconds,counts\n0,1,5.5\n', /line 2: counts '5.5' is not a whole number/],
      ['startSeconds,durationSeconds,counts\n0,0,5\n', /line 2: durationSeconds '0' must be greater than 0/],
      ['startSeconds,durationSeconds,counts\n0,1,5\n0.5,1,5\n', /line 3: frame rejected \(time-overlap\)/],
      ['startSeconds,durationSeconds,counts\n0,1,-5\n', /line 2: counts '-5' must be at least 0/],
      ['startSeconds,durationSeconds,counts\n', /no frames/],
      ['stream,startSeconds,durationSeconds,counts\n"a,0,1,5\n', /line 2: a quoted field is not closed/],
      ['stream,startSeconds,durationSeconds,counts\n\n"a"b,0,1,5\n', /line 3: text after a closing quote/],
      ['stream,startSeconds,durationSeconds,counts\na"b,0,1,5\n', /line 2: a quote in the middle of a field/],
      ['stream,startSeconds,durationSeconds,counts\n"",0,1,5\n', /line 2: stream '' must not be empty/],
      [
        'startSeconds,durationSeconds,counts\n0,1,5\n"1,5",1,5\n',
        /line 3: startSeconds '1,5' is not a number/,
      ],
      ['startSeconds,durationSeconds,counts\n0,1,5\n1,1,0x10\n', /line 3: counts '0x10' is not a number/],
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
