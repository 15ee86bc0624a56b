import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom } from '@openrgs/numeric';
import { firstIssue } from '@openrgs/outcome';
import {
  detectorGeometry,
  pointDetectionProbability,
  segmentLengthInCylinder,
  shieldPathCm,
} from './detector.js';
import { analogGeometryEfficiency } from './monte-carlo.js';
import { physics } from './physics-adapter.js';
import { findProbePreset } from './probe-presets.js';
import { createProbeResponse, pointSourceCpsPerMBq } from './response.js';

const csi = findProbePreset('csi-14mm')!;
const g = detectorGeometry(csi);

describe('detector geometry', () => {
  test('segment length in a cylinder: hand-worked chords', () => {
    // Along the axis through a cylinder r = 1, z ∈ [0, 2]: the whole 2 cm.
    assert.equal(segmentLengthInCylinder([0, 0, -1], [0, 0, 3], 1, 0, 2), 2);
    // A diameter at z = 1: 2 r.
    assert.ok(Math.abs(segmentLengthInCylinder([-5, 0, 1], [5, 0, 1], 1, 0, 2) - 2) < 1e-12);
    // A chord at distance 0.6 from the axis: 2·√(1 − 0.36) = 1.6.
    assert.ok(Math.abs(segmentLengthInCylinder([-5, 0.6, 1], [5, 0.6, 1], 1, 0, 2) - 1.6) < 1e-12);
    assert.equal(segmentLengthInCylinder([-5, 2, 1], [5, 2, 1], 1, 0, 2), 0);
  });

  test('a ray straight down the bore crosses no shield metal; one through the side wall crosses the wall', () => {
    assert.equal(shieldPathCm(g, [0, 0, 5], [0, 0, g.crystalFrontZCm]), 0);
    const wall = g.shieldOuterRadiusCm - g.boreRadiusCm;
    const path = shieldPathCm(g, [5, 0, -0.5], [0, 0, -0.5]);
    assert.ok(Math.abs(path - wall) < 1e-12, `path ${path}`);
  });

  test('on the axis with a black crystal it is the disc solid angle Ω/4π = ½(1 − h/√(h² + R²))', () => {
    // Solid angle of a disc seen from its axis (e.g. Knoll, Radiation Detection and Measurement, eq. 4.21).
    const black = { crystalPerCm: 1e6, shieldPerCm: 1e6 };
    for (const z of [0, 0.3, 1, 3, 10, 50]) {
      const h = z - g.crystalFrontZCm;
      const exact = 0.5 * (1 - h / Math.hypot(h, g.crystalRadiusCm));
      const eps = pointDetectionProbability(g, black, 0, z);
      assert.ok(Math.abs(eps / exact - 1) < 2e-3, `z ${z}: ${eps} vs ${exact}`);
    }
  });

  test('agrees with an independent ray-sampling Monte Carlo (front, off axis, beside and behind the crystal)', () => {
    const line = physics.attenuation('CsI', 140.5);
    const shield = physics.attenuation('tungsten', 140.5);
    const k = { crystalPerCm: line.totalPerCm, shieldPerCm: shield.totalPerCm };
    const random = createRandom(2026);
    for (const [rho, z] of [
      [0, 1],
      [0.8, 3],
      [2, 3],
      [3, -1],
    ] as const) {
      const exact = pointDetectionProbability(g, k, rho, z);
      const mc = analogGeometryEfficiency(g, k, rho, z, 40_000, random);
      const tolerance = 4 * mc.standardError + 0.01 * exact;
      assert.ok(
        Math.abs(mc.efficiency - exact) < tolerance,
        `(${rho}, ${z}): quadrature ${exact}, MC ${mc.efficiency} ± ${mc.standardError}`,
      );
    }
  });
});

describe('point-source response limits', () => {
  const made = createProbeResponse({ probe: csi, nuclide: 'Tc-99m', tissue: 'water', physics });
  if (!made.ok) throw new Error(firstIssue(made.issues).message);
  const r = made.value;

  test('in air it falls as the inverse square of the distance to the crystal (far field)', () => {
    // Effective point: crystal front face plus a mean interaction depth; between 40 and 80 cm the rate
    // ratio must equal the inverse-square ratio within 1 %.
    const depth = -g.crystalFrontZCm + 0.4;
    const ratio = pointSourceCpsPerMBq(r, 0, 80, 0) / pointSourceCpsPerMBq(r, 0, 40, 0);
    const inverseSquare = (40 + depth) ** 2 / (80 + depth) ** 2;
    assert.ok(Math.abs(ratio / inverseSquare - 1) < 0.01, `${ratio} vs ${inverseSquare}`);
  });

  test('narrow-beam attenuation in water is exp(−μd) with NIST water μ/ρ (0.1707 at 100, 0.1505 at 150 keV)', () => {
    // Log-log interpolation of the two NIST grid values gives μ/ρ(140.5 keV) ≈ 0.1538 cm²/g (ρ = 1 g/cm³).
    const muOverRho = Math.exp(
      Math.log(0.1707) + (Math.log(0.1505 / 0.1707) * Math.log(140.511 / 100)) / Math.log(150 / 100),
    );
    for (const d of [2, 5, 10]) {
      const ratio = pointSourceCpsPerMBq(r, 0, d, d, { scatter: false }) / pointSourceCpsPerMBq(r, 0, d, 0);
      assert.ok(Math.abs(ratio / Math.exp(-muOverRho * d) - 1) < 0.005, `d ${d}: ${ratio}`);
    }
  });

  test('scatter only adds counts, and more with depth', () => {
    const b = (d: number) =>
      pointSourceCpsPerMBq(r, 0, d, d) / pointSourceCpsPerMBq(r, 0, d, d, { scatter: false });
    assert.ok(b(1) > 1 && b(5) > b(1) && b(10) > b(5));
  });

  test('Tc-99m sensitivity of the collimated CsI preset lies between the purchaser (5,000) and vendor (20,000 cps/MBq) figures', () => {
    // Crystal Photonics criteria page (vendor > 20,000; Klinikum Augsburg purchaser > 5,000 cps/MBq).
    const s = pointSourceCpsPerMBq(r, 0, 1, 0);
    assert.ok(s > 5000 && s < 20000, `${s}`);
  });
});
