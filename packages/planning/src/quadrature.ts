// Gauss quadrature rules for the verdict model's averages (verdict-model.ts).
//
// Gauss–Laguerre with weight x^a·e^(−x) (generalised Laguerre): nodes and weights from the Jacobi matrix of
// the monic recurrence, by the Golub–Welsch algorithm (Golub GH, Welsch JH. Calculation of Gauss quadrature
// rules. Math Comp 1969;23:221–230): the nodes are the eigenvalues of the symmetric tridiagonal matrix with
// diagonal 2j + a + 1 and off-diagonal √(j(j + a)) (j = 1 … n−1), and the weights μ0·v₀² with v₀ the first
// component of each normalised eigenvector and μ0 = Γ(a + 1) (Abramowitz & Stegun 1964, 22.2.12 and 25.4.45).
// Here the weights are normalised to sum 1: the rule integrates against the Gamma(a + 1, 1) distribution.
// The eigenproblem is solved with cyclic Jacobi rotations (Golub & Van Loan, Matrix Computations, §8.5),
// ample for n ≤ 12.
import { gammaPInverse } from '@openrgs/numeric';

/** Eigenvalues and eigenvectors (columns) of a small symmetric matrix, cyclic Jacobi. */
function symmetricEigen(matrix: number[][]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors: v };
}

export interface QuadratureNode {
  x: number;
  w: number;
}

/**
 * n-point Gauss rule for E[f(X)], X ~ Gamma(shape a + 1, scale 1), i.e. weight x^a e^(−x)/Γ(a + 1) on
 * (0, ∞); a > −1. Exact for polynomials of degree ≤ 2n − 1. Nodes ascending, weights summing to 1.
 */
export function gammaGaussRule(a: number, n: number): QuadratureNode[] {
  if (!(a > -1) || !Number.isFinite(a)) throw new RangeError(`gammaGaussRule: a must be > -1, got ${a}`);
  if (!Number.isInteger(n) || n < 1 || n > 12)
    throw new RangeError(`gammaGaussRule: n must be 1–12, got ${n}`);
  const m = Array.from({ length: n }, () => Array.from({ length: n }, () => 0));
  for (let j = 0; j < n; j++) {
    m[j]![j] = 2 * j + a + 1;
    if (j + 1 < n) {
      const b = Math.sqrt((j + 1) * (j + 1 + a));
      m[j]![j + 1] = b;
      m[j + 1]![j] = b;
    }
  }
  const { values, vectors } = symmetricEigen(m);
  const nodes = values.map((x, i) => ({ x, w: vectors[0]![i]! ** 2 }));
  const total = nodes.reduce((s, node) => s + node.w, 0);
  return nodes.map((node) => ({ x: node.x, w: node.w / total })).sort((p, q) => p.x - q.x);
}

/**
 * Rule for E[f(S)] where S is the sample standard deviation of ν + 1 independent standard normal values,
 * i.e. ν·S² ~ χ²(ν) (Cochran's theorem): S = √(2X/ν), X ~ Gamma(ν/2, 1).
 */
export function sampleSdRule(nu: number, n: number): QuadratureNode[] {
  if (!(nu > 0)) throw new RangeError(`sampleSdRule: degrees of freedom must be > 0, got ${nu}`);
  return gammaGaussRule(nu / 2 - 1, n).map(({ x, w }) => ({ x: Math.sqrt((2 * x) / nu), w }));
}

/**
 * Equal-probability (midpoint) rule for the sample SD S of ν + 1 standard normal values: n nodes at the
 * χ²(ν) quantiles (j − ½)/n, weight 1/n each. Where a function of S is close to a step (a verdict that
 * turns from certain to impossible as the spread of a few sites grows), this converges steadily (error
 * ≤ 1/(2n) for a monotone function), where a Gauss rule of few points can be far off.
 */
export function sampleSdMidpointRule(nu: number, n: number): QuadratureNode[] {
  if (!(nu > 0)) throw new RangeError(`sampleSdMidpointRule: degrees of freedom must be > 0, got ${nu}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sampleSdMidpointRule: n must be ≥ 1, got ${n}`);
  const out: QuadratureNode[] = [];
  for (let j = 1; j <= n; j++) {
    const x = gammaPInverse((j - 0.5) / n, nu / 2);
    out.push({ x: Math.sqrt((2 * x) / nu), w: 1 / n });
  }
  return out;
}
