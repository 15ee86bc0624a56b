// What the probe sees: count rates from a spherical lesion, from the surrounding normal tissue and from an
// organ behind the lesion, obtained by integrating a point-source response over the source volume.
// The point response (cps per MBq at a point in tissue in front of the probe face) comes from the probe
// model (@openrgs/sim); this file only does the volume integrals, which are planning's business.
//
// Coordinates: z (cm) along the probe axis from the probe face into tissue, ρ (cm) off axis. Tissue fills
// z ≥ 0 (the probe rests on the surface). Integrals use the midpoint rule on graded grids; the grids are
// checked in geometry.test.ts against closed forms (uniform response, exponential attenuation).

/** Expected count rate (cps) from 1 MBq at axial depth zCm and radial offset rhoCm, in tissue. */
export type PointResponse = (zCm: number, rhoCm: number) => number;

const Z_MAX_CM = 30;
const RHO_MAX_CM = 30;

/** Graded grid edges from 0 to max: fine near 0 (where inverse-square varies fastest), coarser beyond. */
function gradedEdges(max: number, first: number, growth: number): number[] {
  const edges = [0];
  let step = first;
  while ((edges[edges.length - 1] ?? 0) < max) {
    edges.push(Math.min(max, (edges[edges.length - 1] ?? 0) + step));
    step *= growth;
  }
  return edges;
}

const Z_EDGES = gradedEdges(Z_MAX_CM, 0.02, 1.08);
const RHO_EDGES = gradedEdges(RHO_MAX_CM, 0.02, 1.08);

/**
 * Count rate per unit activity concentration (cps per MBq/mL) from a uniform source filling the slab
 * fromZCm ≤ z ≤ toZCm (all ρ).
 */
export function slabSensitivity(response: PointResponse, fromZCm = 0, toZCm = Z_MAX_CM): number {
  let sum = 0;
  for (let i = 0; i + 1 < Z_EDGES.length; i++) {
    const z0 = Math.max(Z_EDGES[i] ?? 0, fromZCm);
    const z1 = Math.min(Z_EDGES[i + 1] ?? 0, toZCm);
    if (z1 <= z0) continue;
    const z = (z0 + z1) / 2;
    const dz = z1 - z0;
    for (let j = 0; j + 1 < RHO_EDGES.length; j++) {
      const r0 = RHO_EDGES[j] ?? 0;
      const r1 = RHO_EDGES[j + 1] ?? 0;
      const area = Math.PI * (r1 * r1 - r0 * r0);
      sum += response(z, (r0 + r1) / 2) * area * dz;
    }
  }
  return sum;
}

/**
 * Count rate per unit activity concentration (cps per MBq/mL) from a uniform sphere of diameter
 * diameterCm centred on the probe axis at depth centreDepthCm.
 */
export function sphereSensitivity(
  response: PointResponse,
  diameterCm: number,
  centreDepthCm: number,
): number {
  const radius = diameterCm / 2;
  const slices = 24;
  const rings = 16;
  let sum = 0;
  for (let i = 0; i < slices; i++) {
    // Slice the sphere along z; each slice is a disc of radius √(R² − u²).
    const u0 = -radius + (2 * radius * i) / slices;
    const u1 = u0 + (2 * radius) / slices;
    const u = (u0 + u1) / 2;
    const z = centreDepthCm + u;
    if (z <= 0) continue;
    const discRadius = Math.sqrt(Math.max(0, radius * radius - u * u));
    for (let j = 0; j < rings; j++) {
      const r0 = (discRadius * j) / rings;
      const r1 = (discRadius * (j + 1)) / rings;
      const area = Math.PI * (r1 * r1 - r0 * r0);
      sum += response(z, (r0 + r1) / 2) * area * (u1 - u0);
    }
  }
  return sum;
}

export function sphereVolumeMl(diameterCm: number): number {
  return (Math.PI / 6) * diameterCm ** 3;
}

export interface LesionGeometry {
  diameterCm: number;
  centreDepthCm: number;
  /** Thickness of tissue in front of the probe face (cm); beyond it air (no activity). */
  tissueThicknessCm: number;
  /** Organ directly behind the lesion (filling the space beyond the lesion's far edge), or none. */
  organBehind: boolean;
}

/** Sensitivities (cps per MBq/mL) that turn concentrations into count rates for one lesion position. */
export interface GeometryFactors {
  /** Normal tissue in front of the probe (up to the organ, when there is one). */
  normalTissueCpsPerMBqPerMl: number;
  /** The lesion volume. */
  lesionCpsPerMBqPerMl: number;
  /** The organ behind the lesion (0 when none). */
  organCpsPerMBqPerMl: number;
}

export function geometryFactors(response: PointResponse, lesion: LesionGeometry): GeometryFactors {
  const farEdgeCm = lesion.centreDepthCm + lesion.diameterCm / 2;
  return {
    normalTissueCpsPerMBqPerMl: slabSensitivity(
      response,
      0,
      lesion.organBehind ? farEdgeCm : lesion.tissueThicknessCm,
    ),
    lesionCpsPerMBqPerMl: sphereSensitivity(response, lesion.diameterCm, lesion.centreDepthCm),
    organCpsPerMBqPerMl: lesion.organBehind ? slabSensitivity(response, farEdgeCm, Z_MAX_CM) : 0,
  };
}

export interface ProbeRates {
  /** Background next to the lesion: normal tissue plus the organ behind, if any (cps). */
  backgroundCps: number;
  /** Over the lesion: the local background plus the lesion's excess (cps). */
  lesionCps: number;
  /** Part of backgroundCps (and of lesionCps) that comes from the organ behind (cps). */
  organCps: number;
}

/**
 * Count rates from concentrations (kBq/mL). The surgeon compares the lesion with the tissue next to it,
 * which sees the same organ behind: so the organ raises the background, and the lesion adds its excess
 * (C_L − C_B) over the normal tissue its volume replaces.
 */
export function probeRates(
  factors: GeometryFactors,
  concentrations: { backgroundKBqPerMl: number; lesionKBqPerMl: number; organKBqPerMl: number },
): ProbeRates {
  const toMBq = 1e-3;
  const organCps = factors.organCpsPerMBqPerMl * concentrations.organKBqPerMl * toMBq;
  const backgroundCps =
    factors.normalTissueCpsPerMBqPerMl * concentrations.backgroundKBqPerMl * toMBq + organCps;
  const lesionExcess =
    factors.lesionCpsPerMBqPerMl *
    (concentrations.lesionKBqPerMl - concentrations.backgroundKBqPerMl) *
    toMBq;
  return { backgroundCps, lesionCps: backgroundCps + lesionExcess, organCps };
}
