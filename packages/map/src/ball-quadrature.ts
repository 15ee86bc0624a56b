// A quadrature rule for the mean of a function over a ball (a uniform sphere of activity: the probe's
// response to it is the mean of the point response over its volume). Product rule: Gauss nodes in the
// radius for the volume density 3r²/R³ on [0, R] (3 nodes, exact for polynomials of degree ≤ 5 in r) times
// Lebedev's 26-point rule on the unit sphere (exact for spherical harmonics of degree ≤ 7; Lebedev, USSR
// Comput Math Math Phys 1975;15:44 — the octahedron's 6 vertices weight 1/21, its 12 edge midpoints 4/105,
// the cube's 8 vertices 9/280). 78 points.
//
// The radial nodes are the roots of the cubic orthogonal to 1, r, r² under the weight 3r² on [0, 1]
// (moments m_k = 3/(k + 3)): r³ − (15/8) r² + (15/14) r − 5/28, derived from the moment equations
// m_{k+3} + a m_{k+2} + b m_{k+1} + c m_k = 0 (k = 0, 1, 2); its roots and the weights that integrate
// 1, r, r² exactly are solved below at load (Golub & Welsch, Math Comp 1969;23:221 give the same nodes).

/** Radial nodes (fractions of R) and weights summing to 1 under the density 3r² (see the header). */
function radialRule(): { nodes: number[]; weights: number[] } {
  const f = (r: number) => r ** 3 - (15 / 8) * r ** 2 + (15 / 14) * r - 5 / 28;
  const nodes: number[] = [];
  // The three roots lie in (0, 1), separated; bisection on a fine scan finds each.
  for (let k = 0; k < 1000; k++) {
    let lo = k / 1000;
    let hi = (k + 1) / 1000;
    if (f(lo) * f(hi) > 0) continue;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (f(lo) * f(mid) <= 0) hi = mid;
      else lo = mid;
    }
    nodes.push((lo + hi) / 2);
  }
  if (nodes.length !== 3) throw new Error(`ball quadrature: ${nodes.length} radial roots`);
  const [a, b, c] = nodes as [number, number, number];
  // Lagrange weights: w_i = ∫ ℓ_i(r) 3r² dr with moments m1 = 3/4, m2 = 3/5.
  const m1 = 3 / 4;
  const m2 = 3 / 5;
  const w = (x: number, y: number, z: number) => (m2 - (y + z) * m1 + y * z) / ((x - y) * (x - z));
  return { nodes, weights: [w(a, b, c), w(b, a, c), w(c, a, b)] };
}

function lebedev26(): Array<{ direction: [number, number, number]; weight: number }> {
  const out: Array<{ direction: [number, number, number]; weight: number }> = [];
  for (let axis = 0; axis < 3; axis++)
    for (const s of [-1, 1]) {
      const d: [number, number, number] = [0, 0, 0];
      d[axis] = s;
      out.push({ direction: d, weight: 1 / 21 });
    }
  const e = Math.SQRT1_2;
  for (const [p, q] of [
    [0, 1],
    [0, 2],
    [1, 2],
  ] as const)
    for (const sp of [-1, 1])
      for (const sq of [-1, 1]) {
        const d: [number, number, number] = [0, 0, 0];
        d[p] = sp * e;
        d[q] = sq * e;
        out.push({ direction: d, weight: 4 / 105 });
      }
  const c = 1 / Math.sqrt(3);
  for (const sx of [-1, 1])
    for (const sy of [-1, 1])
      for (const sz of [-1, 1]) out.push({ direction: [sx * c, sy * c, sz * c], weight: 9 / 280 });
  return out;
}

export interface BallRule {
  /** Offsets from the centre for a unit radius (x, y, z per point). */
  unitOffsets: Float64Array;
  /** Weights, summing to 1 (the rule gives the mean over the ball). */
  weights: Float64Array;
}

/**
 * The coarse rule: 2 radial nodes for the density 3r² — the roots of r² − (4/3) r + 2/5, orthogonal to 1
 * and r (moments 3/4, 3/5, 1/2): 2/3 ∓ √(2/45), weights (r₂ − 3/4)/(r₂ − r₁) and (3/4 − r₁)/(r₂ − r₁) —
 * times Lebedev's 14 points (octahedron vertices 1/15, cube vertices 3/40; exact to degree 5).
 */
function coarseRadialRule(): { nodes: number[]; weights: number[] } {
  const r1 = 2 / 3 - Math.sqrt(2 / 45);
  const r2 = 2 / 3 + Math.sqrt(2 / 45);
  return { nodes: [r1, r2], weights: [(r2 - 0.75) / (r2 - r1), (0.75 - r1) / (r2 - r1)] };
}

function lebedev14(): Array<{ direction: [number, number, number]; weight: number }> {
  const out: Array<{ direction: [number, number, number]; weight: number }> = [];
  for (let axis = 0; axis < 3; axis++)
    for (const s of [-1, 1]) {
      const d: [number, number, number] = [0, 0, 0];
      d[axis] = s;
      out.push({ direction: d, weight: 1 / 15 });
    }
  const c = 1 / Math.sqrt(3);
  for (const sx of [-1, 1])
    for (const sy of [-1, 1])
      for (const sz of [-1, 1]) out.push({ direction: [sx * c, sy * c, sz * c], weight: 3 / 40 });
  return out;
}

function makeRule(
  radial: { nodes: number[]; weights: number[] },
  sphere: Array<{ direction: [number, number, number]; weight: number }>,
): BallRule {
  const n = radial.nodes.length * sphere.length;
  const unitOffsets = new Float64Array(3 * n);
  const weights = new Float64Array(n);
  let p = 0;
  for (let i = 0; i < radial.nodes.length; i++)
    for (const s of sphere) {
      const r = radial.nodes[i] as number;
      unitOffsets[3 * p] = r * s.direction[0];
      unitOffsets[3 * p + 1] = r * s.direction[1];
      unitOffsets[3 * p + 2] = r * s.direction[2];
      weights[p] = (radial.weights[i] as number) * s.weight;
      p++;
    }
  return { unitOffsets, weights };
}

/** The 78-point rule for the mean over a ball (3 radial Gauss nodes × Lebedev 26). */
export const BALL_RULE: BallRule = makeRule(radialRule(), lebedev26());
/**
 * A 28-point rule (2 radial nodes × Lebedev 14) for the gradient of a sphere's response in its centre: it
 * sets the direction of a Fisher-scoring step, whose acceptance is judged with BALL_RULE.
 */
export const COARSE_BALL_RULE: BallRule = makeRule(coarseRadialRule(), lebedev14());
