// Pre-op lesion markers of the 3D map (issue 17, display part 3): the case's lesions that have a pre-op
// position (LesionRecord.preopPositionCm, entered in the patient/tracker-reference frame, cm) beside a
// simulated station's scenario lesions; each with its distance and direction from the probe tip (as the
// hotspots) and the hotspot nearest to it, so the surgeon can ask "is this hotspot the lesion I expected?".
import type { LesionRecord, MapLesionMarker } from '@openrgs/api';
import { fromTip } from '@openrgs/map';
import type { Store } from '@openrgs/store';
import type { StationHub } from './station-hub.js';

type Vec3 = [number, number, number];
type Pose = { positionCm: readonly [number, number, number]; direction: readonly [number, number, number] };
export type PlainMarker = Omit<MapLesionMarker, 'fromTip' | 'nearestHotspot'>;
/** The markers of the station's case, or why they could not be read (the map is answered regardless). */
export interface CaseMarkers {
  markers: readonly PlainMarker[];
  error: string | null;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/**
 * Where a point lies from the probe tip as the map answers it (hotspots and markers alike): distance,
 * depth along the probe axis and lateral offset in mm to 0.1 mm, with the words; null without a pose.
 */
export function roundedFromTip(
  pose: Pose | null,
  positionCm: readonly [number, number, number],
): NonNullable<MapLesionMarker['fromTip']> | null {
  const tip = pose ? fromTip(pose.positionCm as Vec3, pose.direction as Vec3, positionCm as Vec3) : null;
  return tip
    ? {
        distanceMm: round(tip.distanceMm, 1),
        depthMm: round(tip.depthMm, 1),
        lateralMm: tip.lateralMm.map((v) => round(v, 1)) as Vec3,
        words: tip.words,
      }
    : null;
}

/** The case's lesions with a pre-op position, as markers (in the order the case lists them). */
export function caseLesionMarkers(
  lesions: readonly Pick<
    LesionRecord,
    'id' | 'label' | 'preopPositionCm' | 'sizeMm' | 'preopImagingStatus'
  >[],
): PlainMarker[] {
  const out: PlainMarker[] = [];
  for (const l of lesions) {
    if (l.preopPositionCm === null) continue;
    out.push({
      id: l.id,
      label: l.label,
      source: 'case',
      positionCm: [...l.preopPositionCm],
      diameterCm: l.sizeMm === null ? null : l.sizeMm / 10,
      imaging: l.preopImagingStatus,
    });
  }
  return out;
}

/** Each marker with its place from the probe tip (null without a pose) and its nearest hotspot. */
export function placeMarkers(
  markers: readonly PlainMarker[],
  hotspots: readonly { rank: number; positionCm: readonly number[] }[],
  pose: Pose | null,
): MapLesionMarker[] {
  return markers.map((m) => {
    let nearest: { rank: number; distanceMm: number } | null = null;
    for (const h of hotspots) {
      const distanceMm =
        10 *
        Math.hypot(
          (h.positionCm[0] as number) - m.positionCm[0],
          (h.positionCm[1] as number) - m.positionCm[1],
          (h.positionCm[2] as number) - m.positionCm[2],
        );
      if (nearest === null || distanceMm < nearest.distanceMm) nearest = { rank: h.rank, distanceMm };
    }
    return {
      ...m,
      fromTip: roundedFromTip(pose, m.positionCm),
      nearestHotspot: nearest ? { rank: nearest.rank, distanceMm: round(nearest.distanceMm, 1) } : null,
    };
  });
}

/**
 * Pre-op markers of the case the station is recording into (none without a live session). The map is
 * in memory: when the storage cannot be read, the map is still answered, saying the markers are missing
 * and why, rather than failing the surgeon's view with a 503.
 */
export async function readCaseMarkers(
  deps: { stations: StationHub; store: Store },
  stationId: string,
): Promise<CaseMarkers> {
  const caseId = deps.stations.get(stationId).session?.caseId;
  if (!caseId) return { markers: [], error: null };
  try {
    return { markers: caseLesionMarkers(await deps.store.caseItems.lesions(caseId)), error: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // (A storage fault is logged and shown in /api/health by the store's fault guard.)
    return {
      markers: [],
      error: `the case's pre-op lesion positions could not be read (${reason}); the map is shown without them`,
    };
  }
}
