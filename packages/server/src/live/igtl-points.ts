// What `--igtl-serve` sends 3D Slicer besides the map and the probe: the pre-op lesion markers (device
// OpenRGSPreop) and the map's hotspots (OpenRGSHotspots) as OpenIGTLink POINT lists, in the frame and unit of
// the IMAGE and TRANSFORM (patient frame → RAS millimetres: R = −x, A = z, S = y).
import type { IgtlPoint } from '@openrgs/probe';
import type { PlainMarker } from './lesion-markers.js';

/**
 * Patient frame (cm: +x left, +y head, +z anterior) → RAS (mm): R = −x, A = z, S = y.
 *
 * RAS because 3D Slicer puts every IMAGE, TRANSFORM and POINT it receives into its RAS scene as they come:
 * its IMAGE converter (OpenIGTLinkIO `Converter/igtlioImageConverter.cxx`, `IGTLToVTKTransform`) turns the
 * IMAGE matrix into `ijk2ras` and never reads the message's coordinate field, and TRANSFORM and POINT have
 * no such field at all. Sent in LPS, the map, the probe and the markers agreed with each other but sat
 * mirrored in x and y against a CT loaded in Slicer (which Slicer keeps in RAS). The IMAGE says RAS, so a
 * receiver that does read the field agrees too.
 */
export function toRasMm(v: readonly number[]): [number, number, number] {
  // 0 − x rather than −x: a point on the plane x = 0 gets R = 0, not −0 (which receivers print as "-0").
  return [0 - (v[0] as number) * 10, (v[2] as number) * 10, (v[1] as number) * 10];
}

/** Device names of the POINT lists. */
export const PREOP_POINTS_DEVICE = 'OpenRGSPreop';
export const HOTSPOT_POINTS_DEVICE = 'OpenRGSHotspots';
/** The IMAGE the points belong with (the POINT element's owner image). */
export const MAP_IMAGE_DEVICE = 'OpenRGSMap';

/** The console's colours (MapView3D.tsx): pre-op #CC79A7, scenario #37D67A, hotspots #22D3EE / #67A8FF. */
const RGBA = {
  case: [0xcc, 0x79, 0xa7, 255],
  scenario: [0x37, 0xd6, 0x7a, 255],
  strongest: [0x22, 0xd3, 0xee, 255],
  hotspot: [0x67, 0xa8, 0xff, 255],
} as const;

/**
 * A label as a POINT name: printable ASCII (accents dropped, other characters '?') of at most 63 characters
 * (the 64-byte field less the NUL the reference library needs).
 */
export function pointName(label: string): string {
  const ascii = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > 63 ? ascii.slice(0, 63) : ascii;
}

/** Pre-op markers as POINT elements: the lesion's label, its centre and its diameter (0 when unknown). */
export function markerPoints(markers: readonly PlainMarker[]): IgtlPoint[] {
  return markers.map((m) => ({
    name: pointName(m.label),
    group: m.source === 'case' ? 'Pre-op lesion' : 'Scenario lesion',
    rgba: m.source === 'case' ? RGBA.case : RGBA.scenario,
    positionMm: toRasMm(m.positionCm),
    diameterMm: m.diameterCm === null ? 0 : m.diameterCm * 10,
    owner: MAP_IMAGE_DEVICE,
  }));
}

/**
 * Hotspots (strongest first) as POINT elements, named "Hotspot 1 (100 %)"; the diameter is the uniform
 * sphere's fitted in place of a point (MapHotspot.diameterMm: 0 when a point explains the frames as well,
 * and in live updates) — the spec's "diameter of the point", which "can be 0".
 */
export function hotspotPoints(
  hotspots: readonly { positionCm: readonly number[]; relativeActivity: number; diameterMm: number }[],
): IgtlPoint[] {
  return hotspots.map((h, i) => ({
    name: `Hotspot ${i + 1} (${Math.round(h.relativeActivity * 100)} %)`,
    group: 'Hotspot',
    rgba: i === 0 ? RGBA.strongest : RGBA.hotspot,
    positionMm: toRasMm(h.positionCm),
    diameterMm: h.diameterMm,
    owner: MAP_IMAGE_DEVICE,
  }));
}
