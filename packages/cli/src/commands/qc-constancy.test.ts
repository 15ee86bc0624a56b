import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getNuclide } from '@openrgs/physics';
import { runCli } from '../test-io.js';

// Hand-worked: Co-57, 0.185 MBq certified 2026-01-01T00:00Z, checked exactly one half-life later
// (T½ from @openrgs/physics, LNHB), so A = 0.0925 MBq; baseline 5,000 cps/MBq → expected 462.5 cps.
const halfLifeMs = getNuclide('Co-57').halfLifeSeconds * 1000;
const AT = new Date(Date.parse('2026-01-01T00:00:00Z') + halfLifeMs).toISOString();
const BASE = [
  'qc',
  'constancy',
  '--nuclide',
  'Co-57',
  '--source-activity-mbq',
  '0.185',
  '--source-calibrated',
  '2026-01-01T00:00:00Z',
  '--baseline-cps-per-mbq',
  '5000',
  '--seconds',
  '10',
  '--at',
  AT,
];

async function json(extra: string[]) {
  const run = await runCli([...BASE, ...extra, '--json']);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown> & {
    expectedCps: number;
    measuredCps: number;
    deviationPercent: number;
    result: string;
  };
}

describe('rgs qc constancy', () => {
  test('4,625 counts in 10 s = expected 462.5 cps → deviation 0 %, pass (contract fields present)', async () => {
    const r = await json(['--measured-counts', '4625']);
    assert.ok(Math.abs(r.expectedCps - 462.5) < 1e-6, `${r.expectedCps}`);
    assert.equal(r.measuredCps, 462.5);
    assert.ok(Math.abs(r.deviationPercent) < 1e-6);
    assert.equal(r.result, 'pass');
  });

  test('4,300 counts → −7.03 %: warn with the default ±5/±10 %; fail with --tolerance-percent 6', async () => {
    const r = await json(['--measured-counts', '4300']);
    assert.equal(r.result, 'warn');
    assert.ok(Math.abs(r.deviationPercent - (100 * 430) / 462.5 + 100) < 1e-6);
    const strict = await json(['--measured-counts', '4300', '--tolerance-percent', '6']);
    assert.equal(strict.result, 'fail');
  });

  test('background subtraction and a background limit: a hot background fails the day', async () => {
    const r = await json([
      '--measured-counts',
      '4655',
      '--background-counts',
      '300',
      '--background-seconds',
      '100',
      '--max-background-cps',
      '2',
    ]);
    assert.ok(Math.abs(r.measuredCps - 462.5) < 1e-9);
    assert.equal(r.constancyResult, 'pass');
    assert.equal(r.result, 'fail');
  });

  test('text output names expected, measured, deviation and the verdict', async () => {
    const run = await runCli([...BASE, '--measured-counts', '4000']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /expected\s+462\.5 cps/);
    assert.match(run.stdout, /result\s+FAIL/);
  });

  test('bad input exits non-zero naming the value', async () => {
    const cases: [string[], RegExp][] = [
      [[...BASE, '--measured-counts', '12.5'], /--measured-counts: '12.5' must be a whole number/],
      [[...BASE, '--measured-counts', '10', '--nuclide', 'Xx-999'], /--nuclide/],
      [[...BASE.slice(0, -2), '--at', '2026-13-01', '--measured-counts', '1'], /--at: '2026-13-01'/],
      [[...BASE, '--measured-counts', '10', '--background-counts', '5'], /go together/],
      [
        [
          ...BASE.filter((a, i) => a !== '--seconds' && BASE[i - 1] !== '--seconds'),
          '--measured-counts',
          '1',
        ],
        /--seconds is required/,
      ],
    ];
    for (const [argv, message] of cases) {
      const run = await runCli(argv);
      assert.notEqual(run.code, 0, argv.join(' '));
      assert.match(run.stderr, message);
    }
  });
});
