// Stations (a probe or a simulator attached to the server), live sessions, and the WebSocket messages
// of `/api/live` around the per-frame LiveState (live.ts).
import { z } from 'zod';
import { LiveState, ProbeStatus } from './live.js';
import { MeasurementKind } from './measurements.js';
import { Id, Instant, label } from './text.js';

export const StationKind = z.enum(['simulated', 'probe']);

/** Which rate the screens show (probe units call it integration time). */
export const IntegrationMode = z.enum(['adaptive', 'window-1s', 'window-2s', 'window-5s', 'window-10s']);

export const StationSession = z.object({
  liveSessionId: Id,
  caseId: Id,
  startedAt: Instant,
  /** The site being measured now (set by marking a site); null before the first mark. */
  siteLabel: z.string().nullable(),
  siteKind: MeasurementKind.nullable(),
  /** First frame seq of the current site. */
  siteFromSeq: z.number().int(),
});

export const StationInfo = z.object({
  id: z.string(),
  name: z.string(),
  kind: StationKind,
  /** Simulator scenario (simulated stations), null for probes. */
  scenario: z.string().nullable(),
  probe: z.object({ name: z.string(), status: ProbeStatus, reason: z.string().optional() }),
  /** Frame length in seconds the station delivers (0.05 at 20 Hz). */
  frameSeconds: z.number(),
  lastSeq: z.number().int().nullable(),
  session: StationSession.nullable(),
  /** Whether `POST /api/stations/:id/pose` can move this station's probe (simulator only). */
  poseSupported: z.boolean(),
  /** Which rate `LiveState.rateCps` carries (see StationSettings). */
  integrationMode: IntegrationMode.optional(),
  /** Whether `GET /api/stations/:id/spectrum` has a pulse-height spectrum (spectroscopic probes). */
  spectrumSupported: z.boolean().optional(),
});
export type StationInfo = z.infer<typeof StationInfo>;

const Preset = z.object({ id: z.string(), label: z.string() });

/** `GET /api/stations/:id/settings`. The nuclide (energy window) of a probe is set on the device. */
export const StationSettings = z.object({
  nuclidePresets: z.array(Preset),
  nuclidePreset: z.string().nullable(),
  integrationModes: z.array(Preset),
  integrationMode: IntegrationMode,
});

/** `PUT /api/stations/:id/settings`. */
export const StationSettingsUpdate = z.strictObject({
  nuclidePreset: z.string().min(1).max(20).optional(),
  integrationMode: IntegrationMode.optional(),
});

export const StartSessionRequest = z.strictObject({
  caseId: Id,
  probeId: Id.nullable().optional(),
});

export const MarkSiteRequest = z.strictObject({
  siteLabel: label(120),
  kind: MeasurementKind,
});

/** A new site as stored: `fromSeq` is the first frame that belongs to it (the screen counts from it). */
export const SiteMark = z.object({
  id: z.string(),
  liveSessionId: z.string(),
  fromSeq: z.number().int().nonnegative(),
  siteLabel: z.string(),
  kind: MeasurementKind,
  markedAt: z.string(),
  markedBy: z.string(),
});
export type SiteMark = z.infer<typeof SiteMark>;

/**
 * A live session as stored: `POST /api/stations/:id/sessions` (201) and `POST /api/live-sessions/:id/end`
 * answer it (the end's `endedAt`/`endedBy` set; ending twice answers the first end). `startedBy` and
 * `endedBy` are the user's id (or the username of a command-line actor).
 */
export const LiveSessionRecord = z.object({
  id: Id,
  caseId: Id,
  stationId: z.string(),
  probeId: Id.nullable(),
  /** The station's probe as it named itself (device or simulator), kept with the frames. */
  probeName: z.string(),
  startedAt: Instant,
  startedBy: z.string(),
  endedAt: Instant.nullable(),
  endedBy: z.string().nullable(),
});
export type LiveSessionRecord = z.infer<typeof LiveSessionRecord>;

/** `GET /api/cases/:id/live-sessions`: the case's live sessions, oldest first. */
export const LiveSessionList = z.array(LiveSessionRecord);

/** `GET /api/live-sessions/:id`: the session with its frame count, last seq and site marks (by fromSeq). */
export const LiveSessionDetail = LiveSessionRecord.extend({
  frameCount: z.number().int().nonnegative(),
  /** The last stored frame's seq; null before the first frame. */
  lastSeq: z.number().int().nonnegative().nullable(),
  siteMarks: z.array(SiteMark),
});
export type LiveSessionDetail = z.infer<typeof LiveSessionDetail>;

/** One stored raw frame of a live session: device time (s), counts, and when the server received it. */
export const LiveFrameRecord = z.object({
  seq: z.number().int().nonnegative(),
  startSeconds: z.number(),
  durationSeconds: z.number(),
  counts: z.number().int().nonnegative(),
  /** Live time (s) after the device's dead-time correction, when it reports one. */
  liveTimeSeconds: z.number().nullable(),
  /** Server clock, ms since the epoch. */
  receivedAtMs: z.number(),
});
export type LiveFrameRecord = z.infer<typeof LiveFrameRecord>;

/** `GET /api/live-sessions/:id/frames?fromSeq&limit`: frames by seq. */
export const LiveFrameList = z.array(LiveFrameRecord);

/** Client → server over `/api/live`. */
export const LiveClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), token: z.string().min(1).max(200) }),
  z.strictObject({ type: z.literal('subscribe'), stationId: z.string().min(1).max(80) }),
  z.strictObject({ type: z.literal('unsubscribe'), stationId: z.string().min(1).max(80) }),
  z.strictObject({ type: z.literal('ping') }),
]);
export type LiveClientMessage = z.infer<typeof LiveClientMessage>;

export const LiveServerMessage = z.discriminatedUnion('type', [
  LiveState,
  /** After authentication: who you are and which stations exist. */
  z.object({ type: z.literal('ready'), username: z.string(), stations: z.array(StationInfo) }),
  z.object({ type: z.literal('subscribed'), station: StationInfo }),
  z.object({ type: z.literal('unsubscribed'), stationId: z.string() }),
  /** Station changed: probe status (silent, disconnected…), session started/ended, new site. */
  z.object({ type: z.literal('station'), station: StationInfo }),
  z.object({
    type: z.literal('error'),
    error: z.object({ code: z.string(), message: z.string(), path: z.string().optional() }),
  }),
  z.object({ type: z.literal('pong') }),
]);
export type LiveServerMessage = z.infer<typeof LiveServerMessage>;
