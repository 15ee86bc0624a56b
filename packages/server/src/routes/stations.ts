// Stations and live sessions: list, start a session for a case, mark a site, record from the live
// counts, move the simulated probe, end the session, read back frames.
import {
  BackgroundSiteDecision,
  BackgroundSiteDecisionRequest,
  BodyMap,
  FaultFlags,
  FaultsRequest,
  LiveFrameList,
  LiveFramesQuery,
  LiveMeasurementCreate,
  LiveSessionDetail,
  LiveSessionParams,
  LiveSessionRecord,
  MarkSiteRequest,
  Measurement,
  PoseBody,
  SiteMark,
  StartSessionRequest,
  StationInfo,
  StationInfoList,
  StationParams,
  StationPose,
  StationSettings,
  StationSettingsUpdate,
  StationSiteParams,
  StationSpectrum,
} from '@openrgs/api';
import type { FastifyPluginAsync } from 'fastify';
import { requireQcGateOpen } from '../domain/qc-gate.js';
import { conflict, fromZod, notFound } from '../errors.js';
import { clean } from '../http/clean.js';
import type { AppDeps } from '../http/context.js';
import { idempotencyKeyOf, requestHash } from '../http/idempotency.js';
import { route } from '../http/route.js';
import { INTEGRATION_MODES, type LiveStation } from '../live/station.js';

export const stationRoutes: FastifyPluginAsync<AppDeps> = async (app, { store, registry, stations, now }) => {
  const actorOf = (auth: { user: { id: string; username: string } }) => ({
    userId: auth.user.id,
    username: auth.user.username,
  });

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/stations',
      summary: 'Stations attached to this server (probes and simulators) with status and active session',
      tag: 'live',
      access: 'live:view',
      status: 200,
      response: StationInfoList,
    },
    async () => stations.list().map((s) => s.info()),
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/stations/:id',
      summary: 'One station',
      tag: 'live',
      access: 'live:view',
      params: StationParams,
      status: 200,
      response: StationInfo,
    },
    async ({ params }) => stations.get(params.id).info(),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/stations/:id/sessions',
      summary:
        'Start a live session: the station’s frames are recorded into the case. With a registered probe, its QC gate must be open or overridden for this case (409 otherwise)',
      tag: 'live',
      access: 'live:operate',
      params: StationParams,
      body: StartSessionRequest,
      status: 201,
      response: LiveSessionRecord,
    },
    async ({ auth, params, body }) => {
      if (body.probeId != null) await requireQcGateOpen(store, body.probeId, body.caseId, now().getTime());
      return stations.startSession(actorOf(auth), params.id, body.caseId, body.probeId ?? null);
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/stations/:id/site',
      summary: 'Mark a new site: the counting restarts here (label and kind are recorded)',
      tag: 'live',
      access: 'live:operate',
      params: StationParams,
      body: MarkSiteRequest,
      status: 201,
      response: SiteMark,
    },
    async ({ auth, params, body }) => stations.markSite(actorOf(auth), params.id, body.siteLabel, body.kind),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/stations/:id/measurements',
      summary: 'Record the current site from the live counts (counts, seconds, verdict as shown); idempotent',
      tag: 'live',
      access: 'measurement:write',
      params: StationParams,
      body: LiveMeasurementCreate,
      headers: {
        'Idempotency-Key': {
          required: true,
          description: 'unique per measurement; resend unchanged on retry',
        },
      },
      status: 201,
      response: Measurement,
    },
    async ({ req, reply, auth, params, body }) => {
      const key = idempotencyKeyOf(req);
      const result = await stations.recordFromLive(
        actorOf(auth),
        params.id,
        key,
        requestHash('live', params.id, body),
        body,
      );
      if (!result.created) reply.header('Idempotent-Replayed', 'true');
      return result.measurement;
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/stations/:id/background-sites/:label',
      summary:
        'Keep or drop a background site of the session’s case (one the outlier check flagged): kept counts in the normal-tissue model, dropped never does; audited, and the live verdict follows at once',
      tag: 'live',
      access: 'measurement:write',
      params: StationSiteParams,
      body: BackgroundSiteDecisionRequest,
      status: 200,
      response: BackgroundSiteDecision,
    },
    async ({ auth, params, body }) =>
      stations.decideBackgroundSite(actorOf(auth), params.id, params.label, body.action, body.reason ?? null),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/stations/:id/pose',
      summary: 'Move the simulated probe (simulated stations only; body as the simulator’s pose)',
      tag: 'live',
      access: 'live:operate',
      params: StationParams,
      body: PoseBody,
      status: 200,
      response: StationPose,
    },
    async ({ params, body }) => {
      const station = stations.get(params.id);
      const pose = station.source.pose;
      if (pose === undefined)
        throw conflict(
          `station '${params.id}' is a probe; only simulated stations can be moved`,
          'params.id',
        );
      const parsed = pose.schema.safeParse(body);
      if (!parsed.success) throw fromZod(parsed.error, 'body');
      pose.apply(parsed.data);
      return { stationId: params.id, pose: pose.current() };
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/stations/:id/pose',
      summary: 'Where the simulated probe is now (simulated stations only), so a screen can show it at once',
      tag: 'live',
      access: 'live:view',
      params: StationParams,
      status: 200,
      response: StationPose,
    },
    async ({ params }) => {
      const pose = stations.get(params.id).source.pose;
      if (pose === undefined)
        throw conflict(
          `station '${params.id}' is a probe; only a simulated probe has a pose here`,
          'params.id',
        );
      return { stationId: params.id, pose: pose.current() };
    },
  );

  const settingsOf = (station: LiveStation) => {
    const nuclide = station.source.nuclide ?? null;
    return {
      nuclidePresets:
        nuclide === null
          ? []
          : [
              {
                id: nuclide,
                label: `${nuclide} (set by the ${station.source.kind === 'simulated' ? 'scenario' : 'device'})`,
              },
            ],
      nuclidePreset: nuclide,
      integrationModes: INTEGRATION_MODES.map(({ id, label }) => ({ id, label })),
      integrationMode: station.integrationMode,
    };
  };

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/stations/:id/settings',
      summary:
        'Counting settings of a station: nuclide (energy window) and integration mode of the displayed rate',
      tag: 'live',
      access: 'live:view',
      params: StationParams,
      status: 200,
      response: StationSettings,
    },
    async ({ params }) => settingsOf(stations.get(params.id)),
  );

  route(
    app,
    registry,
    {
      method: 'PUT',
      url: '/api/stations/:id/settings',
      summary:
        'Change the integration mode of the displayed rate (the nuclide window is the device’s or scenario’s)',
      tag: 'live',
      access: 'live:operate',
      params: StationParams,
      body: StationSettingsUpdate,
      status: 200,
      response: StationSettings,
    },
    async ({ auth, params, body }) => {
      const station = stations.get(params.id);
      const before = settingsOf(station);
      if (body.nuclidePreset !== undefined && body.nuclidePreset !== before.nuclidePreset) {
        throw conflict(
          before.nuclidePreset === null
            ? `the energy window of probe station '${params.id}' is set on the device, not here`
            : `station '${params.id}' counts ${before.nuclidePreset} (its ${station.source.kind === 'simulated' ? 'scenario' : 'device'} sets the window); '${body.nuclidePreset}' cannot be chosen here`,
          'body.nuclidePreset',
        );
      }
      if (body.integrationMode !== undefined) station.integrationMode = body.integrationMode;
      const after = settingsOf(station);
      await store.audit.append(actorOf(auth), {
        action: 'station.settings',
        entityType: 'station',
        entityId: null,
        before: { stationId: params.id, integrationMode: before.integrationMode },
        after: { stationId: params.id, integrationMode: after.integrationMode },
      });
      stations.announce(station);
      return after;
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/stations/:id/body-map',
      summary: 'The simulated patient’s coronal body map (organs, lesions, survey plane), for the demo view',
      tag: 'live',
      access: 'live:view',
      params: StationParams,
      status: 200,
      response: BodyMap,
    },
    async ({ params }) => {
      const source = stations.get(params.id).source;
      if (source.bodyMap === undefined)
        throw conflict(`station '${params.id}' is a probe; it has no body map`, 'params.id');
      return source.bodyMap();
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/stations/:id/spectrum',
      summary:
        'The pulse-height spectrum of a spectroscopic station (last 60 s by ADC channel), its energy calibration, and counts in and out of each photopeak window',
      tag: 'live',
      access: 'live:view',
      params: StationParams,
      status: 200,
      response: StationSpectrum,
    },
    async ({ params }) => {
      const source = stations.get(params.id).source;
      if (source.spectrum === undefined)
        throw conflict(
          `station '${params.id}' is not a spectroscopic probe; it has no pulse-height spectrum`,
          'params.id',
        );
      return source.spectrum();
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/stations/:id/faults',
      summary: 'Simulate a probe fault (silent, garbage, disconnected) to rehearse how the room sees it',
      tag: 'live',
      access: 'live:operate',
      params: StationParams,
      body: FaultsRequest,
      status: 200,
      response: FaultFlags,
    },
    async ({ params, body }) => {
      const source = stations.get(params.id).source;
      if (source.setFaults === undefined)
        throw conflict(`station '${params.id}' is a probe; faults are simulated only`, 'params.id');
      return source.setFaults(clean(body));
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/live-sessions/:id',
      summary: 'A live session with its frame count, last seq and site marks',
      tag: 'live',
      access: 'case:read',
      params: LiveSessionParams,
      status: 200,
      response: LiveSessionDetail,
    },
    async ({ params }) => {
      const session = await store.live.get(params.id);
      if (!session) throw notFound(`live session '${params.id}' does not exist`, 'params.id');
      return session;
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/live-sessions/:id/frames',
      summary: 'Raw frames of a live session from a seq (default 0), up to limit (default 1000, max 10000)',
      tag: 'live',
      access: 'case:read',
      params: LiveSessionParams,
      query: LiveFramesQuery,
      status: 200,
      response: LiveFrameList,
    },
    async ({ params, query }) => {
      if (!(await store.live.get(params.id)))
        throw notFound(`live session '${params.id}' does not exist`, 'params.id');
      return store.live.frames(params.id, query.fromSeq ?? 0, query.limit ?? 1000);
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/live-sessions/:id/end',
      summary: 'End a live session (its frames are flushed to disk first)',
      tag: 'live',
      access: 'live:operate',
      params: LiveSessionParams,
      status: 200,
      response: LiveSessionRecord,
    },
    async ({ auth, params }) => stations.endSession(actorOf(auth), params.id),
  );
};
