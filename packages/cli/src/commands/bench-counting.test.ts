import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIDENCE_BENCH, runBench, runConfidenceBench } from '@openrgs/counting';
import { runCli } from '../test-io.js';
import { benchSvg, confidenceLines, measureThroughput } from './bench-counting.js';

describe('rgs bench counting', () => {
  test('the plot is an SVG with both panels and every series', () => {
    const svg = benchSvg(
      runBench({ backgroundsCps: [200], ratios: [2, 3], cvs: [0, 0.3], trials: 20, seed: 3 }),
    );
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /Mean time to a verdict/);
    assert.match(svg, /<title>OpenRGS counting benchmark/);
    assert.match(svg, /False positives among normal sites/);
    for (const label of ["Wald's approximation", 'matched fixed-time', 'nominal α', 'SPRT', 'adaptive'])
      assert.ok(svg.includes(label), label);
    assert.match(svg, /<\/svg>$/);
  });

  test('throughput is measured through the full live engine', () => {
    const t = measureThroughput(1, 20);
    assert.equal(t.stations, 20);
    assert.ok(t.framesPerSecond > 0);
  });

  test('bad flags name the bad value', async () => {
    const png = await runCli(['bench', 'counting', '--plot', 'out.png']);
    assert.equal(png.code, 2);
    assert.match(png.stderr, /--plot: 'out.png' must end in .svg/);
    const seed = await runCli(['bench', 'counting', '--seed', 'abc']);
    assert.match(seed.stderr, /--seed: 'abc' is not a number/);
    const trials = await runCli(['bench', 'counting', '--trials', '2']);
    assert.match(trials.stderr, /--trials: '2' must be at least 10/);
    const few = await runCli(['bench', 'counting', '--confidence-patients', '1']);
    assert.match(few.stderr, /--confidence-patients: '1' must be at least 2/);
    const help = await runCli(['bench', 'counting', '--help']);
    assert.match(help.stdout, /--patients/);
    assert.match(help.stdout, /--eb-patients/);
  });

  test('part C prints stated vs measured error per scenario and the empirical-Bayes figure (small run)', () => {
    const result = runConfidenceBench({
      seed: 4,
      patients: 3,
      cvs: [0, 0.5],
      sites: [1, 8],
      eb: { ...DEFAULT_CONFIDENCE_BENCH.eb, patients: 4, pastCases: 6 },
    });
    assert.deepEqual(
      result.scenarios.map((s) => [s.cv, s.sites]),
      [
        [0, 1],
        [0, 8],
        [0.5, 1],
        [0.5, 8],
      ],
    );
    const text = confidenceLines(result).join('\n');
    assert.match(
      text,
      /Part C — honest confidence: rule adaptive \(T\/B 1.5, α 0.05, β 0.05\), 3 patients per scenario/,
    );
    assert.match(text, /\n {2}50 {6}8 \|/);
    // Each scenario row: stated, measured with its exact interval, pass or FAIL.
    assert.match(text, /\n {2}50 {6}8 \| +\d+\.\d\d +\d+\.\d\d \(\d+\.\d\d–\d+\.\d\d\).*\| (pass|FAIL)\n/);
    assert.match(text, /Pass: the measured error's exact 95 % interval \(Clopper–Pearson\)/);
    assert.match(
      text,
      /Empirical Bayes \(CV 30 %, 3 sites, a site at 2× the mean, α 5 %, 4 patients; prior from 6 past cases\)/,
    );
  });
});
