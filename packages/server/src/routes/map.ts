// Freehand 3D mapping on a station (issue 17): start and stop a tracked scan, the map's summary with its
// hotspots (distance and direction from the probe tip), and the volume for the console's 3D view.
import { MapScanStart, MapState, MapVolume, StationParams } from '@openrgs/api';
import type { FastifyPluginAsync } from 'fastify';
import { badRequest, notFound } from '../errors.js';
import type { AppDeps } from '../http/context.js';
import { route } from '../http/route.js';
import { type CaseMarkers, readCaseMarkers } from '../live/lesion-markers.js';
import type { StationMap } from '../live/tracked-map.js';

export const mapRoutes: FastifyPluginAsync<AppDeps> = async (app, { registry, stations, store }) => {
  const mapOf = (id: string): StationMap => {
    const station = stations.get(id);
    const map = station.source.map;
    if (!map)
      throw badRequest(
        `station '${id}' cannot map: freehand mapping needs a simulated station, or a probe with a tracker (rgs serve --probe … --igtl-connect HOST:PORT --map-probe P --map-nuclide N)`,
        'params.id',
      );
    return map;
  };
  const caseMarkersOf = (id: string): Promise<CaseMarkers> => readCaseMarkers({ stations, store }, id);

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/stations/:id/map/scan',
      summary:
        'Start a tracked freehand scan: frames paired with probe poses (a simulated freehand sweep, or the station’s own pose from a tracker), live map updates every second in a worker thread; 409 while a scan runs',
      tag: 'live',
      access: 'live:operate',
      params: StationParams,
      body: MapScanStart,
      status: 201,
      response: MapState,
    },
    async ({ params, body }) => {
      const map = mapOf(params.id);
      map.startScan(body);
      return map.state(await caseMarkersOf(params.id));
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/stations/:id/map/stop',
      summary: 'Stop the scan: the final map is reconstructed from every frame (state reconstructing → done)',
      tag: 'live',
      access: 'live:operate',
      params: StationParams,
      status: 200,
      response: MapState,
    },
    async ({ params }) => {
      const map = mapOf(params.id);
      map.stopScan();
      return map.state(await caseMarkersOf(params.id));
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/stations/:id/map',
      summary:
        'The scan and its latest map: grid, hotspots with distance and direction from the probe tip, the probe pose, pre-op lesion markers (the case the station records into: its lesions with a pre-op position; a simulated station: its scenario) with distance and direction from the tip and the nearest hotspot, the tracker latency estimate',
      tag: 'live',
      access: 'live:view',
      params: StationParams,
      status: 200,
      response: MapState,
    },
    async ({ params }) => {
      const map = mapOf(params.id);
      return map.state(await caseMarkersOf(params.id));
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/stations/:id/map/volume',
      summary:
        'The latest map as a volume for a 3D view (one byte a voxel, max-pooled to ≤ 64 an edge); 404 before the first map',
      tag: 'live',
      access: 'live:view',
      params: StationParams,
      status: 200,
      response: MapVolume,
    },
    async ({ params }) => {
      const volume = mapOf(params.id).volume();
      if (!volume)
        throw notFound(
          `station '${params.id}' has no map yet (start a scan; the first map comes within seconds)`,
          'params.id',
        );
      return volume;
    },
  );
};
