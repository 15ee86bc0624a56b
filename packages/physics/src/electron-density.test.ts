import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meanZOverA } from './electron-density.js';

test('⟨Z/A⟩ matches the stoichiometry (NIST XAAMDI Tables 1–2; IUPAC atomic weights)', () => {
  assert.ok(Math.abs((meanZOverA('water') ?? 0) - 10 / (2 * 1.00794 + 15.9994)) < 2e-5);
  assert.ok(Math.abs((meanZOverA('csi') ?? 0) - 108 / (132.90545 + 126.90447)) < 2e-5);
  assert.ok(Math.abs((meanZOverA('cdte') ?? 0) - 100 / (112.411 + 127.6)) < 2e-5);
  assert.equal(meanZOverA('unobtainium'), undefined);
});

// ICRU-44 cortical bone by mass (NIST XAAMDI Table 2 composition): H 3.4, C 15.5, N 4.2, O 43.5, Na 0.1,
// Mg 0.2, P 10.3, S 0.3, Ca 22.5 %; element Z/A from NIST Table 1. Σ wᵢ(Z/A)ᵢ = 0.51478.
test('cortical bone ⟨Z/A⟩ = Σ w·Z/A of the ICRU-44 composition (0.51478)', () => {
  const parts: [number, number][] = [
    [0.034, 0.99212],
    [0.155, 0.49954],
    [0.042, 0.49976],
    [0.435, 0.50002],
    [0.001, 0.47847],
    [0.002, 0.49373],
    [0.103, 0.48428],
    [0.003, 0.49897],
    [0.225, 0.49903],
  ];
  const sum = parts.reduce((s, [w, za]) => s + w * za, 0);
  assert.ok(Math.abs((meanZOverA('cortical-bone') ?? 0) - sum) < 2e-5, `${sum}`);
});

test('every material of the attenuation table has a ⟨Z/A⟩', async () => {
  const { listMaterials } = await import('./index.js');
  for (const m of listMaterials()) assert.ok((meanZOverA(m.id) ?? 0) > 0.39, m.id);
});
