// Precomputed detection-probability tables for fast summing over many sources (the 100 Hz path).
// ε(ρ, z) of each line is tabulated on a grid uniform in u = sign(z)·ln(1 + |z|/s), v = ln(1 + ρ/s) with
// s = 1 cm — fine steps (≈ 1 mm) near the tip where ε changes fast, coarse (several cm) far away — and
// interpolated bilinearly in ln ε. Outside the grid the nearest edge value is scaled by inverse square.
import { pointDetectionProbability, type QuadratureSize } from './detector.js';
import type { ProbeResponse } from './response.js';

const SCALE_CM = 1;
const Z_MIN_CM = -30;
const Z_MAX_CM = 100;
const RHO_MAX_CM = 100;
const N_Z = 96;
const N_RHO = 56;
const TABLE_QUADRATURE: QuadratureSize = { rings: 16, sectors: 16, sideRows: 8 };
const LOG_FLOOR = -700; // ln of the smallest ε kept (ε = 0 behind very thick metal)

export interface TableLine {
  /** ln ε on the grid, index iRho * N_Z + iZ. */
  logEps: Float64Array;
  /** y · p · w · 1e6: cps per MBq per unit detection probability. */
  cpsPerMBqPerEps: number;
  tissuePerCm: number;
  scatterSlope: number;
}

export interface ResponseTable {
  lines: TableLine[];
  uZMin: number;
  duZ: number;
  duRho: number;
}

const cache = new Map<string, Float64Array>();

/** Grid coordinate of a signed length: sign(x)·ln(1 + |x|/s). */
function toGrid(x: number): number {
  return x >= 0 ? Math.log1p(x / SCALE_CM) : -Math.log1p(-x / SCALE_CM);
}

function fromGrid(u: number): number {
  return u >= 0 ? SCALE_CM * Math.expm1(u) : -SCALE_CM * Math.expm1(-u);
}

/** Fewer quadrature points far from the crystal, where the integrand is nearly uniform over it. */
function quadratureFor(response: ProbeResponse, rho: number, z: number): QuadratureSize {
  const g = response.geometry;
  const dz = z - (g.crystalFrontZCm + g.crystalBackZCm) / 2;
  const d = Math.sqrt(rho * rho + dz * dz);
  const size = Math.max(g.crystalRadiusCm, g.crystalFrontZCm - g.crystalBackZCm);
  // Rings stay numerous even far away: rays entering near the rim of a thin crystal leave through its
  // side, a thin annulus that carries a few per cent of the response.
  if (d > 12 * size) return { rings: 12, sectors: 6, sideRows: 3 };
  if (d > 4 * size) return { rings: 14, sectors: 10, sideRows: 5 };
  return TABLE_QUADRATURE;
}

function gridLogEps(
  response: ProbeResponse,
  lineIndex: number,
  uZMin: number,
  duZ: number,
  duRho: number,
): Float64Array {
  const line = response.lines[lineIndex];
  if (!line) throw new Error(`line ${lineIndex} out of range`);
  const key = JSON.stringify([response.geometry, line.coefficients]);
  const hit = cache.get(key);
  if (hit) return hit;
  const out = new Float64Array(N_Z * N_RHO);
  for (let i = 0; i < N_RHO; i++) {
    const rho = fromGrid(i * duRho);
    for (let j = 0; j < N_Z; j++) {
      const z = fromGrid(uZMin + j * duZ);
      const eps = pointDetectionProbability(
        response.geometry,
        line.coefficients,
        rho,
        z,
        quadratureFor(response, rho, z),
      );
      out[i * N_Z + j] = eps > 0 ? Math.max(LOG_FLOOR, Math.log(eps)) : LOG_FLOOR;
    }
  }
  cache.set(key, out);
  return out;
}

/** Builds (or takes from the in-process cache) the tables of every counted line. */
export function buildResponseTable(response: ProbeResponse): ResponseTable {
  const uZMin = toGrid(Z_MIN_CM);
  const duZ = (toGrid(Z_MAX_CM) - uZMin) / (N_Z - 1);
  const duRho = toGrid(RHO_MAX_CM) / (N_RHO - 1);
  return {
    uZMin,
    duZ,
    duRho,
    lines: response.lines.map((line, index) => ({
      logEps: gridLogEps(response, index, uZMin, duZ, duRho),
      cpsPerMBqPerEps: line.photonsPerDecay * line.peakFraction * line.windowFraction * 1e6,
      tissuePerCm: line.tissuePerCm,
      scatterSlope: line.scatterSlope,
    })),
  };
}

/** cps per MBq of one line at (ρ, z) in air (no tissue), from the logarithmic table. */
export function tableLineCpsPerMBq(
  table: ResponseTable,
  rhoCm: number,
  zCm: number,
  lineIndex: number,
): number {
  const line = table.lines[lineIndex];
  if (!line) throw new RangeError(`line ${lineIndex} out of range`);
  return tableCpsPerMBq({ ...table, lines: [{ ...line, tissuePerCm: 0, scatterSlope: 0 }] }, rhoCm, zCm, 0);
}

/**
 * Expected cps per MBq at (ρ, z) in the probe frame through `tissuePathCm` of tissue (with in-window
 * scatter), from the tables. Allocation-free: this is the inner loop of the patient sum.
 */
export function tableCpsPerMBq(
  table: ResponseTable,
  rhoCm: number,
  zCm: number,
  tissuePathCm: number,
): number {
  let rho = rhoCm;
  let z = zCm;
  let inverseSquare = 1;
  if (z > Z_MAX_CM || z < Z_MIN_CM || rho > RHO_MAX_CM) {
    const r2 = rho * rho + z * z;
    const zc = Math.min(Z_MAX_CM, Math.max(Z_MIN_CM, z));
    const rc = Math.min(RHO_MAX_CM, rho);
    inverseSquare = (rc * rc + zc * zc) / r2;
    rho = rc;
    z = zc;
  }
  let fz = ((z >= 0 ? Math.log1p(z / SCALE_CM) : -Math.log1p(-z / SCALE_CM)) - table.uZMin) / table.duZ;
  let fr = Math.log1p(rho / SCALE_CM) / table.duRho;
  if (fz < 0) fz = 0;
  if (fz > N_Z - 1.000001) fz = N_Z - 1.000001;
  if (fr > N_RHO - 1.000001) fr = N_RHO - 1.000001;
  const jz = Math.floor(fz);
  const ir = Math.floor(fr);
  const tz = fz - jz;
  const tr = fr - ir;
  const i00 = ir * N_Z + jz;
  const i10 = i00 + N_Z;
  let cps = 0;
  for (const line of table.lines) {
    const g = line.logEps;
    const logEps =
      (1 - tr) * ((1 - tz) * (g[i00] as number) + tz * (g[i00 + 1] as number)) +
      tr * ((1 - tz) * (g[i10] as number) + tz * (g[i10 + 1] as number));
    const muL = line.tissuePerCm * tissuePathCm;
    cps += line.cpsPerMBqPerEps * Math.exp(logEps - muL) * (1 + line.scatterSlope * muL);
  }
  return cps * inverseSquare;
}
