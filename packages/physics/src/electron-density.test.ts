import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meanZOverA } from './electron-density.js';

test('⟨Z/A⟩ matches the stoichiometry (NIST XAAMDI Tables 1–2; IUPAC atomic weights)', () => {
  assert.ok(Math.abs((meanZOverA('water') ?? 0) - 10 / (2 * 1.00794 + 15.9994)) < 2e-5);
  assert.ok(Math.abs((meanZOverA('csi') ?? 0) - 108 / (132.90545 + 126.90447)) < 2e-5);
  assert.ok(Math.abs((meanZOverA('cdte') ?? 0) - 100 / (112.411 + 127.6)) < 2e-5);
  assert.equal(meanZOverA('unobtainium'), undefined);
});
