import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../test-io.js';

// NIST XAAMDI ElemTab z82: lead μ/ρ = 5.549 cm²/g at 100 keV; ρ = 11.35 g/cm³ (Table 1).
test('rgs attenuation --material lead --energy-kev 100 --json: NIST 5.549 cm²/g, μ = 62.98 /cm', async () => {
  const run = await runCli(['attenuation', '--material', 'lead', '--energy-kev', '100', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as {
    massAttenuationCm2PerG: number;
    linearAttenuationPerCm: number;
    densityGPerCm3: number;
    halfValueLayerCm: number;
    source: string;
  };
  assert.equal(out.massAttenuationCm2PerG, 5.549);
  assert.equal(out.densityGPerCm3, 11.35);
  assert.ok(Math.abs(out.linearAttenuationPerCm - 62.98115) < 1e-6);
  assert.ok(Math.abs(out.halfValueLayerCm - Math.LN2 / 62.98115) < 1e-9);
  assert.match(out.source, /NIST/);
});

test('rgs attenuation water 140.511 keV prints text', async () => {
  const run = await runCli(['attenuation', '--material', 'Water', '--energy-kev', '140.511']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /μ\/ρ\s+0\.1536 cm²\/g/);
  assert.match(run.stdout, /HVL/);
});

test('rgs attenuation --list --json names all materials', async () => {
  const run = await runCli(['attenuation', '--list', '--json']);
  const out = JSON.parse(run.stdout) as { materials: { id: string }[] };
  assert.deepEqual(out.materials.map((m) => m.id).sort(), [
    'air',
    'cdte',
    'cortical-bone',
    'csi',
    'lead',
    'nai',
    'soft-tissue',
    'tungsten',
    'water',
  ]);
});

test('energy outside the table, unknown material, bad energy → non-zero naming the value', async () => {
  const high = await runCli(['attenuation', '--material', 'lead', '--energy-kev', '25000']);
  assert.notEqual(high.code, 0);
  assert.match(high.stderr, /25000 keV is outside the lead table \(1–20000 keV\)/);
  const low = await runCli(['attenuation', '--material', 'csi', '--energy-kev', '0.5']);
  assert.notEqual(low.code, 0);
  assert.match(low.stderr, /0\.5 keV/);
  const zero = await runCli(['attenuation', '--material', 'csi', '--energy-kev', '0']);
  assert.notEqual(zero.code, 0);
  assert.match(zero.stderr, /'0'/);
  const unknown = await runCli(['attenuation', '--material', 'kryptonite', '--energy-kev', '100']);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /unknown material 'kryptonite'/);
  const missing = await runCli(['attenuation', '--material', 'lead']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--energy-kev/);
});
