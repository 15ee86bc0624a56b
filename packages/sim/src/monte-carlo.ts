// A small, seeded Monte Carlo of our own, to check the analytic response (tests only; not on the live path).
//
// 1. Geometry in air (analogGeometryEfficiency): directions sampled uniformly in the cone that encloses the
//    crystal, each ray traced through the shield metal and the crystal: detection probability
//    exp(−μ_shield · metal before the crystal) · (1 − exp(−μ_crystal · chord)). An independent way to
//    integrate what detector.ts integrates over the crystal's faces.
// 2. Photon transport in water (waterPhantomRate): photons from a point source in a water cylinder
//    (radius 15 cm, 30 cm deep; the probe tip touches its flat face and looks in) are followed through
//    Compton scattering (Klein–Nishina, sampled by Kahn's rejection method; Kahn 1956, as in Lux & Koblinger,
//    Monte Carlo Particle Transport Methods, 1991) with implicit capture (weight × μ_incoh/μ_total at each
//    collision), and scored with a next-event estimator: at emission and after every collision, the
//    probability that the next flight reaches the probe without interacting and is counted in the window.
//    That scoring uses the probe's detection probability for the photon's energy at that point (the
//    geometry checked by 1), so the comparison with the analytic model tests attenuation and in-window
//    scatter (scatter.ts), which is what the build-up model approximates.

import type { RandomSource } from '@openrgs/numeric';
import {
  type DetectorCoefficients,
  type DetectorGeometry,
  detectorGeometry,
  pointDetectionProbability,
  shieldPathCm,
} from './detector.js';
import { type ProbeModel, windowFraction } from './probe-model.js';
import {
  comptonScatteredEnergyKeV,
  ELECTRON_REST_ENERGY_KEV,
  kleinNishinaShape,
  sampleKleinNishinaRatio,
} from './scatter.js';
import type { SimPhysics } from './sim-physics.js';
import type { Vec3 } from './vec3.js';

/** Parameter interval [t0, t1] ⊂ [0, ∞) of the ray a + t·u inside the finite cylinder, or null. */
function rayCylinder(a: Vec3, u: Vec3, r: number, z0: number, z1: number): [number, number] | null {
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  if (u[2] === 0) {
    if (a[2] < z0 || a[2] > z1) return null;
  } else {
    let t0 = (z0 - a[2]) / u[2];
    let t1 = (z1 - a[2]) / u[2];
    if (t0 > t1) [t0, t1] = [t1, t0];
    lo = Math.max(lo, t0);
    hi = Math.min(hi, t1);
  }
  const qa = u[0] * u[0] + u[1] * u[1];
  const qb = 2 * (a[0] * u[0] + a[1] * u[1]);
  const qc = a[0] * a[0] + a[1] * a[1] - r * r;
  if (qa === 0) {
    if (qc >= 0) return null;
  } else {
    const disc = qb * qb - 4 * qa * qc;
    if (disc <= 0) return null;
    const root = Math.sqrt(disc);
    lo = Math.max(lo, (-qb - root) / (2 * qa));
    hi = Math.min(hi, (-qb + root) / (2 * qa));
  }
  return hi > lo ? [lo, hi] : null;
}

/** Unit vector making angle acos(cosT) with `axis`, azimuth φ. */
function rotate(axis: Vec3, cosT: number, phi: number): Vec3 {
  const sinT = Math.sqrt(Math.max(0, 1 - cosT * cosT));
  const helper: Vec3 = Math.abs(axis[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  // u1 = normalise(helper × axis), u2 = axis × u1
  let u1: Vec3 = [
    helper[1] * axis[2] - helper[2] * axis[1],
    helper[2] * axis[0] - helper[0] * axis[2],
    helper[0] * axis[1] - helper[1] * axis[0],
  ];
  const n = Math.hypot(u1[0], u1[1], u1[2]);
  u1 = [u1[0] / n, u1[1] / n, u1[2] / n];
  const u2: Vec3 = [
    axis[1] * u1[2] - axis[2] * u1[1],
    axis[2] * u1[0] - axis[0] * u1[2],
    axis[0] * u1[1] - axis[1] * u1[0],
  ];
  const c = Math.cos(phi) * sinT;
  const s = Math.sin(phi) * sinT;
  return [
    axis[0] * cosT + u1[0] * c + u2[0] * s,
    axis[1] * cosT + u1[1] * c + u2[1] * s,
    axis[2] * cosT + u1[2] * c + u2[2] * s,
  ];
}

/** Detection probability for a source at (ρ, 0, z), by sampling ray directions (see 1. above). */
export function analogGeometryEfficiency(
  g: DetectorGeometry,
  k: DetectorCoefficients,
  rhoCm: number,
  zCm: number,
  rays: number,
  random: RandomSource,
): { efficiency: number; standardError: number } {
  const source: Vec3 = [rhoCm, 0, zCm];
  const center: Vec3 = [0, 0, (g.crystalFrontZCm + g.crystalBackZCm) / 2];
  const toCenter: Vec3 = [center[0] - source[0], center[1] - source[1], center[2] - source[2]];
  const dist = Math.hypot(toCenter[0], toCenter[1], toCenter[2]);
  const axis: Vec3 = [toCenter[0] / dist, toCenter[1] / dist, toCenter[2] / dist];
  const bound = Math.hypot(g.crystalRadiusCm, (g.crystalFrontZCm - g.crystalBackZCm) / 2);
  if (dist <= bound) throw new RangeError('source inside the crystal bounding sphere');
  const cosMax = Math.sqrt(1 - (bound / dist) ** 2);
  const coneFraction = (1 - cosMax) / 2; // cone solid angle / 4π
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < rays; i++) {
    const cosT = 1 - random.nextFloat() * (1 - cosMax);
    const u = rotate(axis, cosT, 2 * Math.PI * random.nextFloat());
    const hit = rayCylinder(source, u, g.crystalRadiusCm, g.crystalBackZCm, g.crystalFrontZCm);
    let p = 0;
    if (hit) {
      const entry: Vec3 = [source[0] + hit[0] * u[0], source[1] + hit[0] * u[1], source[2] + hit[0] * u[2]];
      p =
        Math.exp(-k.shieldPerCm * shieldPathCm(g, source, entry)) *
        -Math.expm1(-k.crystalPerCm * (hit[1] - hit[0]));
    }
    sum += p;
    sum2 += p * p;
  }
  const mean = sum / rays;
  const variance = Math.max(0, sum2 / rays - mean * mean);
  return { efficiency: coneFraction * mean, standardError: coneFraction * Math.sqrt(variance / rays) };
}

export interface WaterPhantomOptions {
  probe: ProbeModel;
  /** Nuclide whose window is used. */
  nuclide: string;
  /** One photon line of the source. */
  energyKeV: number;
  /** Source position in the probe frame (water fills z ≥ 0 within 15 cm of the axis, to z = 30 cm). */
  sourceCm: Vec3;
  histories: number;
  random: RandomSource;
  physics: SimPhysics;
}

export interface WaterPhantomResult {
  /** Counted photons per emitted photon: unscattered part and the part after ≥ 1 scatter. */
  primaryPerPhoton: number;
  scatteredPerPhoton: number;
  standardErrorPerPhoton: number;
}

const PHANTOM_RADIUS_CM = 15;
const PHANTOM_DEPTH_CM = 30;

/** Photon transport in a water phantom with next-event scoring (see 2. above). */
export function waterPhantomRate(o: WaterPhantomOptions): WaterPhantomResult {
  const { probe, physics, random } = o;
  const window = probe.windows[o.nuclide];
  if (!window) throw new RangeError(`probe ${probe.id} has no ${o.nuclide} window`);
  const g = detectorGeometry(probe);
  const crystalCenter: Vec3 = [0, 0, (g.crystalFrontZCm + g.crystalBackZCm) / 2];
  const r = probe.crystal.diameterCm / 2;
  const meanChord = (2 * r * probe.crystal.thicknessCm) / (r + probe.crystal.thicknessCm);
  // Detection ingredients at an energy, memoised on a 1 keV grid (the MC's energies are continuous).
  const memo = new Map<
    number,
    { k: DetectorCoefficients; countFraction: number; waterTotal: number; waterIncoherent: number }
  >();
  const at = (energyKeV: number) => {
    const key = Math.round(energyKeV);
    let m = memo.get(key);
    if (!m) {
      const crystal = physics.attenuation(probe.crystal.material, key);
      const shield = physics.attenuation(probe.shield.material, key);
      const water = physics.attenuation('water', key);
      const kappa = -Math.expm1(-crystal.totalPerCm * meanChord);
      const peak =
        (crystal.photoelectricPerCm + (crystal.incoherentPerCm + crystal.coherentPerCm) * kappa) /
        crystal.totalPerCm;
      m = {
        k: { crystalPerCm: crystal.totalPerCm, shieldPerCm: shield.totalPerCm },
        countFraction: peak * windowFraction(probe, window, key),
        waterTotal: water.totalPerCm,
        waterIncoherent: water.incoherentPerCm,
      };
      memo.set(key, m);
    }
    return m;
  };
  // Probability that a photon of energy E leaving p isotropically is counted (no scattering on the way).
  const nextEvent = (p: Vec3, energyKeV: number): number => {
    const m = at(energyKeV);
    if (m.countFraction < 1e-9) return 0;
    const eps = pointDetectionProbability(g, m.k, Math.hypot(p[0], p[1]), p[2], {
      rings: 6,
      sectors: 8,
      sideRows: 4,
    });
    // Water path: from p to where the line towards the crystal centre leaves the water (plane z = 0).
    const waterPath =
      Math.hypot(p[0] - crystalCenter[0], p[1] - crystalCenter[1], p[2] - crystalCenter[2]) *
      (p[2] / (p[2] - crystalCenter[2]));
    return eps * Math.exp(-m.waterTotal * waterPath) * m.countFraction;
  };
  const inside = (p: Vec3) =>
    p[2] >= 0 && p[2] <= PHANTOM_DEPTH_CM && p[0] * p[0] + p[1] * p[1] <= PHANTOM_RADIUS_CM ** 2;
  if (!inside(o.sourceCm)) throw new RangeError('source must be inside the water phantom');
  const lowestUseful = window.lowerKeV * 0.7;
  let primary = 0;
  let scattered = 0;
  let sum2 = 0;
  const primaryScore = nextEvent(o.sourceCm, o.energyKeV);
  for (let h = 0; h < o.histories; h++) {
    let pos: Vec3 = o.sourceCm;
    let dir = rotate([0, 0, 1], 2 * random.nextFloat() - 1, 2 * Math.PI * random.nextFloat());
    let energy = o.energyKeV;
    let weight = 1;
    let historyScatter = 0;
    for (let collision = 0; collision < 200; collision++) {
      const m = at(energy);
      const s = -Math.log(1 - random.nextFloat()) / m.waterTotal;
      pos = [pos[0] + s * dir[0], pos[1] + s * dir[1], pos[2] + s * dir[2]];
      if (!inside(pos)) break;
      weight *= m.waterIncoherent / m.waterTotal; // implicit capture: survive as a scattered photon
      // Next-event score: scatter towards the crystal centre with the Klein–Nishina pdf per steradian.
      const toC: Vec3 = [crystalCenter[0] - pos[0], crystalCenter[1] - pos[1], crystalCenter[2] - pos[2]];
      const dc = Math.hypot(toC[0], toC[1], toC[2]);
      const cosToProbe = (toC[0] * dir[0] + toC[1] * dir[1] + toC[2] * dir[2]) / dc;
      const ePrime = comptonScatteredEnergyKeV(energy, cosToProbe);
      const pdfPerSr = kleinNishinaShape(energy, cosToProbe) / kleinNishinaIntegral(energy);
      historyScatter += weight * pdfPerSr * 4 * Math.PI * nextEvent(pos, ePrime);
      // Sample the actual scatter (Kahn's rejection method for the Klein–Nishina distribution).
      const alpha = energy / ELECTRON_REST_ENERGY_KEV;
      const ratio = sampleKleinNishinaRatio(energy, () => random.nextFloat()); // E/E'
      const cosTheta = 1 - (ratio - 1) / alpha;
      energy /= ratio;
      dir = rotate(dir, cosTheta, 2 * Math.PI * random.nextFloat());
      if (energy < lowestUseful) break; // Compton only lowers the energy: it can never reach the window again
      if (weight < 1e-3) {
        if (random.nextFloat() < 0.1)
          weight *= 10; // Russian roulette
        else break;
      }
    }
    scattered += historyScatter;
    sum2 += (primaryScore + historyScatter) ** 2;
  }
  primary = primaryScore;
  const mean = primary + scattered / o.histories;
  const variance = Math.max(0, sum2 / o.histories - mean * mean);
  return {
    primaryPerPhoton: primary,
    scatteredPerPhoton: scattered / o.histories,
    standardErrorPerPhoton: Math.sqrt(variance / o.histories),
  };
}

const knIntegralCache = new Map<number, number>();

/** ∫ kleinNishinaShape dΩ over the sphere (2π ∫ d cos θ), for normalising the pdf per steradian. */
function kleinNishinaIntegral(energyKeV: number): number {
  const key = Math.round(energyKeV * 10);
  const hit = knIntegralCache.get(key);
  if (hit !== undefined) return hit;
  const n = 400;
  const h = 2 / n;
  let s = kleinNishinaShape(energyKeV, -1) + kleinNishinaShape(energyKeV, 1);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * kleinNishinaShape(energyKeV, -1 + i * h);
  const value = 2 * Math.PI * ((s * h) / 3);
  knIntegralCache.set(key, value);
  return value;
}
