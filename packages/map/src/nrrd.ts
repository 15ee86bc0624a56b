// NRRD (teem.sourceforge.net/nrrd/format.html, format NRRD0004) of a map: float32 little-endian raw data,
// space left-posterior-superior in mm as 3D Slicer reads it. Our patient frame (cm) is +x left, +y head,
// +z anterior, so grid axis x → L, y → S, z → −P.
import type { VoxelGrid } from './grid.js';

export function encodeNrrd(
  grid: VoxelGrid,
  values: Float64Array | Float32Array,
  description: string,
): Uint8Array {
  const mm = grid.voxelSizeCm * 10;
  const [ox, oy, oz] = grid.originCm;
  const header = [
    'NRRD0004',
    `# ${description.replaceAll('\n', ' ')}`,
    'type: float',
    'dimension: 3',
    'space: left-posterior-superior',
    `sizes: ${grid.dims.join(' ')}`,
    `space directions: (${mm},0,0) (0,0,${mm}) (0,${-mm},0)`,
    'kinds: domain domain domain',
    'endian: little',
    'encoding: raw',
    `space origin: (${ox * 10},${-oz * 10},${oy * 10})`,
    '',
    '',
  ].join('\n');
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(head.length + values.length * 4);
  out.set(head, 0);
  const view = new DataView(out.buffer, head.length);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
  return out;
}
