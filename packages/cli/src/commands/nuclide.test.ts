import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../test-io.js';

test('rgs nuclide 99mTc --json: the contract fields, LNHB values (KRI 2004: 6.0067 h, 140.511 keV 88.5 %)', async () => {
  const run = await runCli(['nuclide', '99mTc', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as {
    name: string;
    halfLifeSeconds: number;
    emissions: { type: string; energyKeV: number; yieldPerDecay: number }[];
    source: string;
  };
  assert.equal(out.name, 'Tc-99m');
  assert.ok(Math.abs(out.halfLifeSeconds / (6.0067 * 3600) - 1) < 1e-9);
  const gamma = out.emissions.find((e) => e.type === 'gamma');
  assert.deepEqual(
    { type: gamma?.type, energyKeV: gamma?.energyKeV, yieldPerDecay: gamma?.yieldPerDecay },
    { type: 'gamma', energyKeV: 140.511, yieldPerDecay: 0.885 },
  );
  for (const e of out.emissions) assert.ok(['gamma', 'x-ray', 'annihilation'].includes(e.type));
  assert.match(out.source, /LNHB/);
});

test('rgs nuclide F-18 prints text with the annihilation line and β+', async () => {
  const run = await runCli(['nuclide', 'f18']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /F-18/);
  assert.match(run.stdout, /511\.000\s+193\.7\s+annihilation/);
  assert.match(run.stdout, /beta\+ \/ decay\s+0\.9686/);
});

test('rgs nuclide --list --json lists all nuclides', async () => {
  const run = await runCli(['nuclide', '--list', '--json']);
  assert.equal(run.code, 0);
  const out = JSON.parse(run.stdout) as { nuclides: { name: string }[] };
  const names = out.nuclides.map((n) => n.name);
  for (const n of [
    'Tc-99m',
    'In-111',
    'Ga-68',
    'F-18',
    'Lu-177',
    'I-125',
    'I-131',
    'Co-57',
    'Cs-137',
    'Ba-133',
    'Cu-64',
  ])
    assert.ok(names.includes(n), n);
});

test('unknown nuclide exits non-zero naming it; a missing name is a usage error', async () => {
  const run = await runCli(['nuclide', 'Unobtainium-1']);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /unknown nuclide 'Unobtainium-1'/);
  assert.equal(run.stdout, '');
  const none = await runCli(['nuclide']);
  assert.equal(none.code, 2);
  const two = await runCli(['nuclide', 'Tc-99m', 'In-111']);
  assert.equal(two.code, 2);
  assert.match(two.stderr, /In-111/);
});
