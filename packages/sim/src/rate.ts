// The 100 Hz inner loop: Σ activity × response over the source tree for one probe pose, with the table
// lookup and the tissue path written out inline (no closure call, no allocation per source).
import { insideTrunk, pathInTrunkXyz, type Trunk } from './anatomy.js';
import { type FastResponse, fastCpsPerMBq } from './fast-response.js';
import type { SourceTree } from './source-tree.js';
import type { Vec3 } from './vec3.js';

export interface RateQuery {
  tree: SourceTree;
  response: FastResponse;
  tipCm: Vec3;
  /** Unit vector. */
  direction: Vec3;
  /** Barnes–Hut opening parameter. */
  theta: number;
  /** The probe body (a cylinder behind the tip along −direction): sources inside it are displaced tissue. */
  probeRadiusCm: number;
  probeLengthCm: number;
  /** The trunk (tissue attenuation and scatter); null: sources in air. */
  trunk: Trunk | null;
}

const stack = new Int32Array(512);

/**
 * Within this distance of the tip every voxel is summed on its own: there the response changes by orders of
 * magnitude across a centimetre (collimator rim, shield wall), and grouping voxels would misplace counts.
 */
const NEAR_FIELD_CM = 3;

/** Source count rate (cps, before dead time, without background) at the session-start activities. */
export function sourceRateCps(q: RateQuery): number {
  const { tree, response, theta } = q;
  if (tree.nodeCount === 0) return 0;
  const [tx, ty, tz] = q.tipCm;
  const [ux, uy, uz] = q.direction;
  // Both ends inside the convex trunk ⇒ the whole segment is tissue: the path is the distance.
  const trunk = q.trunk;
  const tipInside = trunk !== null && insideTrunk(q.tipCm, trunk);
  const links = tree.childLinks;
  const { points } = tree;
  let top = 0;
  stack[top++] = 0;
  let sum = 0;
  const bodyRadius2 = q.probeRadiusCm * q.probeRadiusCm;
  const bodyLength = q.probeLengthCm;
  const evaluate = (x: number, y: number, z: number): number => {
    const rx = x - tx;
    const ry = y - ty;
    const rz = z - tz;
    const r2 = rx * rx + ry * ry + rz * rz;
    const along = rx * ux + ry * uy + rz * uz;
    const rho2 = r2 - along * along;
    // Tissue cannot be where the probe is: a source inside the probe body counts nothing.
    if (along <= 0 && along >= -bodyLength && rho2 <= bodyRadius2) return 0;
    const path = trunk === null ? 0 : tipInside ? Math.sqrt(r2) : pathInTrunkXyz(x, y, z, tx, ty, tz, trunk);
    return fastCpsPerMBq(response, rho2 > 0 ? Math.sqrt(rho2) : 0, along, path);
  };
  while (top > 0) {
    const node = stack[--top] as number;
    const a = tree.activityMBq[node] as number;
    if (a === 0) continue;
    const cx = tree.cx[node] as number;
    const cy = tree.cy[node] as number;
    const cz = tree.cz[node] as number;
    const dx = cx - tx;
    const dy = cy - ty;
    const dz = cz - tz;
    // Distance from the centroid to the probe (its axis from the tip to the back end): grouping is judged
    // against the nearest part of the probe, not only its tip.
    const along = dx * ux + dy * uy + dz * uz;
    const back = along >= 0 ? 0 : along <= -bodyLength ? bodyLength : -along;
    const ex = dx + back * ux;
    const ey = dy + back * uy;
    const ez = dz + back * uz;
    const d = Math.sqrt(ex * ex + ey * ey + ez * ez);
    const edge = tree.sizeCm[node] as number;
    const children = tree.childCount[node] as number;
    if (edge < theta * d && d > edge && d > NEAR_FIELD_CM) {
      sum += a * evaluate(cx, cy, cz);
    } else if (children === 0) {
      const start = tree.pointStart[node] as number;
      const end = start + (tree.pointCount[node] as number);
      for (let k = start; k < end; k++) {
        const i = tree.order[k] as number;
        const w = points.activityMBq[i] as number;
        if (w > 0)
          sum += w * evaluate(points.xCm[i] as number, points.yCm[i] as number, points.zCm[i] as number);
      }
    } else {
      const first = tree.firstChild[node] as number;
      for (let c = 0; c < children; c++) stack[top++] = links[first + c] as number;
    }
  }
  return sum;
}
