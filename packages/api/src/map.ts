// Freehand 3D mapping on a station (issue 17): start and stop a tracked scan, read the map (summary and a
// volume for the 3D view) and its hotspots with distance and direction from the probe tip. Positions are
// in the patient frame, cm (+x patient left, +y head, +z anterior), as the simulator and `rgs map` use.
import { z } from 'zod';
import { Instant } from './text.js';

const Vec3 = z.tuple([z.number(), z.number(), z.number()]);

/**
 * Where the probe poses of a scan come from: `simulated-freehand` — the server moves a simulated station's
 * virtual probe along a human-like freehand sweep of the scenario's target region (`rgs map simulate`'s
 * path), for `seconds`; `station` — the station's own pose as it comes (the tracker over OpenIGTLink with
 * `rgs serve --igtl-connect`, or the console moving a simulated probe), until stopped.
 */
export const MapSweep = z.enum(['simulated-freehand', 'station']);
export type MapSweep = z.infer<typeof MapSweep>;

/** `POST /api/stations/:id/map/scan`. */
export const MapScanStart = z
  .strictObject({
    sweep: MapSweep,
    /** Scan length, s (5–600): required for a simulated sweep; for `station`, the scan stops by itself then. */
    seconds: z.number().min(5).max(600).optional(),
    /** Voxel edge of the map, mm (2–20). */
    voxelSizeMm: z.number().min(2).max(20),
    /** Map depth below the probe tip along its axis, cm (> 0, ≤ 15). */
    depthCm: z.number().gt(0).max(15),
    /** Seed of the simulated sweep (reproducible); default: the scan's number on this station. */
    seed: z.number().int().min(1).max(2_147_483_647).optional(),
    /**
     * A simulated sweep only: the virtual tracker reports each pose this late, s (0–1): a pose stamped t
     * describes the probe at t − latency, as a real tracker's would. The map pairs the frames with the late
     * poses and estimates the latency from the data (MapState.latencyEstimate). Default 0.
     */
    trackerLatencySeconds: z.number().min(0).max(1).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.trackerLatencySeconds !== undefined && v.sweep !== 'simulated-freehand')
      ctx.addIssue({
        code: 'custom',
        path: ['trackerLatencySeconds'],
        message:
          'a tracker latency can only be injected into a simulated freehand sweep (a real tracker has its own)',
      });
    if (v.sweep === 'simulated-freehand' && v.seconds === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['seconds'],
        message: 'a simulated freehand sweep needs its length in seconds (5–600)',
      });
  });
export type MapScanStart = z.infer<typeof MapScanStart>;

export const MapFromTip = z.object({
  distanceMm: z.number(),
  /** Along the probe's axis, mm: > 0 in front of the tip (deeper). */
  depthMm: z.number(),
  /** Offset across the axis in patient directions (left, head, anterior), mm. */
  lateralMm: Vec3,
  /** "18 mm deeper, 6 mm toward the head". */
  words: z.string(),
});

export const MapHotspot = z.object({
  /** 1 = the strongest. */
  rank: z.number().int().min(1),
  positionCm: Vec3,
  /** Fitted activity over the strongest hotspot's. */
  relativeActivity: z.number(),
  activityKBq: z.number(),
  /** 1σ position uncertainty (Fisher information), mm; null when the frames do not bound it (singular). */
  uncertaintyMm: z.number().nullable(),
  /**
   * Diameter of the uniform sphere fitted in place of a point (the final map), mm; 0 when a point explains
   * the counts as well, and in a live update (points only).
   */
  diameterMm: z.number().min(0),
  /** From the probe tip now; null when the station has no pose. */
  fromTip: MapFromTip.nullable(),
});
export type MapHotspot = z.infer<typeof MapHotspot>;

export const MapGrid = z.object({
  /** Centre of voxel (0, 0, 0), cm. */
  originCm: Vec3,
  dims: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
  voxelSizeMm: z.number(),
});

export const MapLesionMarker = z.object({
  id: z.string(),
  label: z.string(),
  /**
   * `case`: a lesion of the case the station is recording into, at the pre-op position entered for it
   * (LesionRecord.preopPositionCm; the id is the lesion's); `scenario`: a simulated station's virtual
   * patient, the lesions its simulated pre-op imaging showed. Absent on answers from before case markers.
   */
  source: z.enum(['case', 'scenario']).optional(),
  positionCm: Vec3,
  /** Lesion diameter, cm: the scenario's, or the case lesion's sizeMm / 10; null when no size is recorded. */
  diameterCm: z.number().nullable(),
  /**
   * What pre-operative imaging showed: the scenario's markers are the lesions it showed (seen or
   * indeterminate); a case lesion's is its preopImagingStatus as recorded (null when not recorded).
   */
  imaging: z.enum(['seen', 'indeterminate', 'not-seen']).nullable(),
  /** From the probe tip now, as for hotspots; null when the station has no pose. Absent on older answers. */
  fromTip: MapFromTip.nullable().optional(),
  /**
   * The hotspot nearest to this marker (rank as in `hotspots`) and the distance between the two centres,
   * mm; null when the map has no hotspot. "Is the hotspot the lesion I expected?" — compare the distance
   * with the lesion's size, the hotspot's uncertainty and the registration error of the pre-op image.
   */
  nearestHotspot: z
    .object({ rank: z.number().int().min(1), distanceMm: z.number() })
    .nullable()
    .optional(),
});
export type MapLesionMarker = z.infer<typeof MapLesionMarker>;

/** `GET /api/stations/:id/map`: the scan, its latest map (summary) and hotspots. */
export const MapState = z.object({
  stationId: z.string(),
  /** idle: no scan yet; scanning: live updates; reconstructing: the final map is being made. */
  state: z.enum(['idle', 'scanning', 'reconstructing', 'done', 'failed']),
  /** Scans started on this station so far (this one's number). */
  scan: z.number().int().min(0),
  sweep: MapSweep.nullable(),
  seed: z.number().int().nullable(),
  startedAt: Instant.nullable(),
  stoppedAt: Instant.nullable(),
  /** Seconds scanned (so far, or in all). */
  scanSeconds: z.number(),
  plannedSeconds: z.number().nullable(),
  voxelSizeMm: z.number().nullable(),
  depthCm: z.number().nullable(),
  /** Frames paired with a pose / left out for want of one. */
  framesPosed: z.number().int(),
  framesWithoutPose: z.number().int(),
  /** Frames in the map shown. */
  framesUsed: z.number().int(),
  /** Live updates published during the scan and their rate over the scan time. */
  liveUpdates: z.number().int(),
  liveUpdatesPerSecond: z.number().nullable(),
  /** Worker seconds of the latest update. */
  lastUpdateSeconds: z.number().nullable(),
  /** Worker seconds of the final reconstruction. */
  reconstructionSeconds: z.number().nullable(),
  /** Whether the map shown is the final one. */
  final: z.boolean(),
  iterations: z.number().int().nullable(),
  stoppedBy: z.string().nullable(),
  error: z.string().nullable(),
  probe: z.object({ tipCm: Vec3, direction: Vec3 }).nullable(),
  lesionMarkers: z.array(MapLesionMarker),
  /**
   * Why the lesions of the case the station records into are missing from `lesionMarkers` (the storage
   * could not be read); null when they are there. The map itself is in memory and is still answered.
   */
  caseMarkersError: z.string().nullable().optional(),
  /**
   * Tracker-to-probe latency estimated from the data (s; a pose stamped t describes the probe at t −
   * latency): the shift of the poses under which the counts are most likely given the hotspots, over
   * −0.5 … +0.5 s (a profile likelihood: the sources found afresh at every 0.1 s, the best modes refined in
   * 0.02 s steps), with its 1σ half-width; null until there is a hotspot and a tracked pose stream
   * (re-estimated every 5 s while scanning and for the final map). `reliable` false (with `reason`) when
   * another latency explains the counts about as well (the profile has two modes the data do not tell
   * apart) or the best is at the range's edge: then the interval spans the modes.
   */
  latencyEstimate: z
    .object({
      latencySeconds: z.number(),
      uncertaintySeconds: z.number(),
      /** 95 % profile-likelihood confidence set's hull, s. */
      intervalSeconds: z.tuple([z.number(), z.number()]),
      reliable: z.boolean(),
      reason: z.string().nullable(),
    })
    .nullable(),
  grid: MapGrid.nullable(),
  hotspots: z.array(MapHotspot),
});
export type MapState = z.infer<typeof MapState>;

/** `GET /api/stations/:id/map/volume`: the map for a 3D view, max-pooled to at most 64 voxels an edge. */
export const MapVolume = z.object({
  scan: z.number().int(),
  final: z.boolean(),
  grid: MapGrid,
  /** Activity of the brightest voxel, MBq (255 in the data). */
  maxMBq: z.number(),
  /** One byte a voxel, activity / maxMBq × 255 rounded, x fastest then y then z; base64. */
  dataBase64: z.string(),
});
export type MapVolume = z.infer<typeof MapVolume>;
