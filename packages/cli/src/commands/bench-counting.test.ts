import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runBench } from '@openrgs/counting';
import { runCli } from '../test-io.js';
import { benchSvg, measureThroughput } from './bench-counting.js';

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
    const help = await runCli(['bench', 'counting', '--help']);
    assert.match(help.stdout, /--patients/);
  });
});
