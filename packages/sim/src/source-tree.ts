// A Barnes–Hut octree over weighted point sources (activity in MBq), so a probe pose sums thousands of
// voxels in well under a millisecond: a node far from the probe tip compared with its size is replaced by
// one source of its total activity at its activity-weighted centroid (Barnes & Hut, Nature 324:446, 1986).
// Opening criterion: open a node when its edge length exceeds θ × distance(tip, centroid). The error this
// brings is measured against the exact sum in patient.test.ts.

export interface SourcePoints {
  xCm: Float64Array;
  yCm: Float64Array;
  zCm: Float64Array;
  activityMBq: Float64Array;
}

const LEAF_SIZE = 8;

export interface SourceTree {
  /** Per node: centroid, total activity, edge length, first child (index into childLinks), child count. */
  cx: Float64Array;
  cy: Float64Array;
  cz: Float64Array;
  activityMBq: Float64Array;
  sizeCm: Float64Array;
  firstChild: Int32Array;
  childCount: Int32Array;
  /** Leaves: range into `order` of their points. */
  pointStart: Int32Array;
  pointCount: Int32Array;
  order: Int32Array;
  childLinks: Int32Array;
  points: SourcePoints;
  nodeCount: number;
  totalActivityMBq: number;
}

export function buildSourceTree(points: SourcePoints): SourceTree {
  const n = points.activityMBq.length;
  for (let i = 0; i < n; i++) {
    if (!((points.activityMBq[i] as number) >= 0)) throw new RangeError('source activities must be ≥ 0');
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let capacity = Math.max(16, Math.ceil(n / 2));
  let cx = new Float64Array(capacity);
  let cy = new Float64Array(capacity);
  let cz = new Float64Array(capacity);
  let act = new Float64Array(capacity);
  let size = new Float64Array(capacity);
  let firstChild = new Int32Array(capacity);
  let childCount = new Int32Array(capacity);
  let pointStart = new Int32Array(capacity);
  let pointCount = new Int32Array(capacity);
  let count = 0;
  const grow = () => {
    capacity *= 2;
    const g = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as { new (n: number): T })(capacity);
      b.set(a);
      return b;
    };
    cx = g(cx);
    cy = g(cy);
    cz = g(cz);
    act = g(act);
    size = g(size);
    firstChild = g(firstChild);
    childCount = g(childCount);
    pointStart = g(pointStart);
    pointCount = g(pointCount);
  };

  let minX = Infinity;
  let minY = Infinity;
  let minZ = Infinity;
  let maxEdge = 0;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, points.xCm[i] as number);
    minY = Math.min(minY, points.yCm[i] as number);
    minZ = Math.min(minZ, points.zCm[i] as number);
  }
  for (let i = 0; i < n; i++) {
    maxEdge = Math.max(
      maxEdge,
      (points.xCm[i] as number) - minX,
      (points.yCm[i] as number) - minY,
      (points.zCm[i] as number) - minZ,
    );
  }
  const scratch = new Int32Array(n);

  // Builds the node for order[start, start+len) in the cube (x0, y0, z0, edge); returns its index.
  const build = (
    start: number,
    len: number,
    x0: number,
    y0: number,
    z0: number,
    edge: number,
    depth: number,
  ): number => {
    if (count >= capacity) grow();
    const node = count++;
    let a = 0;
    let sx = 0;
    let sy = 0;
    let sz = 0;
    for (let k = start; k < start + len; k++) {
      const i = order[k] as number;
      const w = points.activityMBq[i] as number;
      a += w;
      sx += w * (points.xCm[i] as number);
      sy += w * (points.yCm[i] as number);
      sz += w * (points.zCm[i] as number);
    }
    act[node] = a;
    cx[node] = a > 0 ? sx / a : x0 + edge / 2;
    cy[node] = a > 0 ? sy / a : y0 + edge / 2;
    cz[node] = a > 0 ? sz / a : z0 + edge / 2;
    size[node] = edge;
    if (len <= LEAF_SIZE || depth >= 24) {
      firstChild[node] = -1;
      childCount[node] = 0;
      pointStart[node] = start;
      pointCount[node] = len;
      return node;
    }
    const half = edge / 2;
    const buckets: number[][] = Array.from({ length: 8 }, () => []);
    for (let k = start; k < start + len; k++) {
      const i = order[k] as number;
      const octant =
        ((points.xCm[i] as number) >= x0 + half ? 1 : 0) |
        ((points.yCm[i] as number) >= y0 + half ? 2 : 0) |
        ((points.zCm[i] as number) >= z0 + half ? 4 : 0);
      (buckets[octant] as number[]).push(i);
    }
    let k = start;
    for (const bucket of buckets) for (const i of bucket) scratch[k++] = i;
    order.set(scratch.subarray(start, start + len), start);
    // Children are built depth-first, so their node ids are not contiguous: the parent records them in
    // childLinks and the traversal walks that list.
    const children: number[] = [];
    let offset = start;
    for (let o = 0; o < 8; o++) {
      const bucket = buckets[o] as number[];
      if (bucket.length === 0) continue;
      children.push(
        build(
          offset,
          bucket.length,
          x0 + (o & 1 ? half : 0),
          y0 + (o & 2 ? half : 0),
          z0 + (o & 4 ? half : 0),
          half,
          depth + 1,
        ),
      );
      offset += bucket.length;
    }
    firstChild[node] = childLinks.length;
    childCount[node] = children.length;
    childLinks.push(...children);
    pointStart[node] = start;
    pointCount[node] = len;
    return node;
  };
  const childLinks: number[] = [];
  let total = 0;
  if (n > 0) {
    build(0, n, minX, minY, minZ, Math.max(maxEdge * 1.000001, 1e-6), 0);
    total = act[0] as number;
  }
  // firstChild indexes childLinks; resolve it into a flat Int32Array of child node ids.
  const links = Int32Array.from(childLinks);
  return {
    cx: cx.subarray(0, count),
    cy: cy.subarray(0, count),
    cz: cz.subarray(0, count),
    activityMBq: act.subarray(0, count),
    sizeCm: size.subarray(0, count),
    firstChild: firstChild.subarray(0, count),
    childCount: childCount.subarray(0, count),
    pointStart: pointStart.subarray(0, count),
    pointCount: pointCount.subarray(0, count),
    order,
    points,
    nodeCount: count,
    totalActivityMBq: total,
    childLinks: links,
  };
}

/** Per-source response: cps per MBq for a source at (x, y, z). */
export type SourceResponse = (xCm: number, yCm: number, zCm: number) => number;

/** Σ activity × response over the tree with opening angle θ (θ = 0: exact sum over every point). */
export function sumOverTree(
  tree: SourceTree,
  tip: readonly [number, number, number],
  theta: number,
  response: SourceResponse,
): number {
  if (tree.nodeCount === 0) return 0;
  const links = tree.childLinks;
  const stack = new Int32Array(256);
  let top = 0;
  stack[top++] = 0;
  let sum = 0;
  const { points } = tree;
  while (top > 0) {
    const node = stack[--top] as number;
    const a = tree.activityMBq[node] as number;
    if (a === 0) continue;
    const dx = (tree.cx[node] as number) - tip[0];
    const dy = (tree.cy[node] as number) - tip[1];
    const dz = (tree.cz[node] as number) - tip[2];
    const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
    const edge = tree.sizeCm[node] as number;
    const children = tree.childCount[node] as number;
    if (edge < theta * d && d > edge) {
      sum += a * response(tree.cx[node] as number, tree.cy[node] as number, tree.cz[node] as number);
    } else if (children === 0) {
      const start = tree.pointStart[node] as number;
      const end = start + (tree.pointCount[node] as number);
      for (let k = start; k < end; k++) {
        const i = tree.order[k] as number;
        const w = points.activityMBq[i] as number;
        if (w > 0)
          sum += w * response(points.xCm[i] as number, points.yCm[i] as number, points.zCm[i] as number);
      }
    } else {
      const first = tree.firstChild[node] as number;
      if (top + children > stack.length) throw new Error('source tree deeper than the traversal stack');
      for (let c = 0; c < children; c++) stack[top++] = links[first + c] as number;
    }
  }
  return sum;
}
