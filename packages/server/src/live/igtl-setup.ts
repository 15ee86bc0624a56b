// `rgs serve --igtl-connect/--igtl-serve`: the first station becomes a tracked one (TrackedMap). With
// --igtl-connect the tracker's pose (PlusServer convention: ProbeToReference) drives it — a simulated
// station's virtual probe follows the real tool, a real probe's frames get the tool's pose; with
// --igtl-serve the map (IMAGE), the probe pose (TRANSFORM), the hotspots and the pre-op lesion markers
// (POINT) go to 3D Slicer.
import { readFileSync } from 'node:fs';
import type { Medium } from '@openrgs/map';
import {
  type IgtlClient,
  type IgtlServer,
  type ProbeCalibration,
  parseIgtlAddress,
  probePoseOf,
  startIgtlClient,
  startIgtlServer,
} from '@openrgs/probe';
import type { CaseMarkers } from './lesion-markers.js';
import { SimulatedSource } from './simulated-source.js';
import type { StationSource } from './station-source.js';
import { LIVE_UPDATE_MS, mapForSimulated, TrackedMap } from './tracked-map.js';

export interface IgtlOptions {
  /** HOST[:PORT] of the tracker's OpenIGTLink server. */
  connect?: string | undefined;
  /** Device name of the probe's transform (default ProbeToReference). */
  transform: string;
  /** Port of our OpenIGTLink server for 3D Slicer. */
  serve?: number | undefined;
  /** Calibration JSON (rgs map calibrate --out). */
  calibrationFile?: string | undefined;
  /** For a real probe station: probe preset and nuclide of the map, tissue surface (cm) if any. */
  mapProbe?: string | undefined;
  mapNuclide?: string | undefined;
}

export interface IgtlRuntime {
  tracked: TrackedMap | null;
  client: IgtlClient | null;
  server: IgtlServer | null;
  /**
   * With --igtl-serve: reads the tracked station's case markers (`read`, e.g. readCaseMarkers) now and
   * every `CASE_MARKERS_POLL_MS`, so lesions entered or moved on the case page, and a session started or
   * stopped, reach 3D Slicer within about a second. A read that fails keeps the markers last sent.
   */
  watchCaseMarkers(read: (stationId: string) => Promise<CaseMarkers>): void;
  stop(): Promise<void>;
}

/** How often the case's pre-op markers are read for 3D Slicer, ms. */
export const CASE_MARKERS_POLL_MS = 1000;

function readCalibration(file: string | undefined, log: (l: string) => void): ProbeCalibration {
  if (file === undefined) {
    log(
      'igtl: no --igtl-calibration: the tracked point is taken as the tip and the tool +z axis as the viewing direction',
    );
    return { tipMm: [0, 0, 0], axis: [0, 0, 1] };
  }
  const data = JSON.parse(readFileSync(file, 'utf8')) as { tipMm?: unknown; axis?: unknown };
  const vec = (v: unknown, name: string): [number, number, number] => {
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
      throw new Error(`--igtl-calibration: ${name} must be three numbers`);
    return v as [number, number, number];
  };
  return { tipMm: vec(data.tipMm, 'tipMm'), axis: vec(data.axis, 'axis') };
}

export async function setupIgtl(
  sources: StationSource[],
  options: IgtlOptions,
  log: (line: string) => void,
): Promise<IgtlRuntime> {
  const first = sources[0];
  if (!first) throw new Error('--igtl-connect/--igtl-serve need a station (--simulate or --probe)');
  const calibration = readCalibration(options.calibrationFile, log);
  let tracked: TrackedMap | null = first.map instanceof TrackedMap ? first.map : null;
  if (!tracked && first instanceof SimulatedSource) {
    tracked = mapForSimulated(first, log);
    sources[0] = tracked.source;
  }
  if (!tracked) {
    if (options.mapProbe !== undefined && options.mapNuclide !== undefined) {
      tracked = new TrackedMap(first, {
        probeId: options.mapProbe,
        nuclide: options.mapNuclide,
        medium: { kind: 'air' } satisfies Medium,
        simulation: null,
        updateIntervalMs: LIVE_UPDATE_MS,
        log,
      });
      sources[0] = tracked.source;
      log(`igtl: station ${first.id} maps freehand (${options.mapProbe}, ${options.mapNuclide}, air)`);
    } else {
      log(
        `igtl: station ${first.id} has no probe preset / nuclide for the map (give --map-probe and --map-nuclide)`,
      );
    }
  }
  const server = options.serve !== undefined ? await startIgtlServer({ port: options.serve }) : null;
  if (server) {
    log(
      `igtl: serving the map (IMAGE OpenRGSMap), pose (TRANSFORM ProbeToPatient), hotspots and pre-op markers (POINT OpenRGSHotspots, OpenRGSPreop) on port ${server.port}`,
    );
    tracked?.serveIgtl(server);
  }
  const simulated = tracked?.simulation ?? null;
  let client: IgtlClient | null = null;
  if (options.connect !== undefined) {
    const address = parseIgtlAddress(options.connect);
    if (!address) {
      await server?.close();
      throw new Error(`--igtl-connect: '${options.connect}' is not HOST[:PORT]`);
    }
    tracked?.followTracker();
    client = startIgtlClient(
      { ...address, deviceName: options.transform, silentAfterMs: 1000, now: () => performance.now() },
      (event) => {
        if (event.kind === 'status') log(`igtl: tracker ${event.status} (${event.detail})`);
        else if (event.kind === 'issue') log(`igtl: ${JSON.stringify(event.issue)}`);
        else {
          const pose = probePoseOf(event.transform, calibration);
          if (simulated) simulated.setPose(pose);
          else tracked?.pushPose(pose, Date.now());
        }
      },
    );
    // The tracked tool maps from the start (a scan of the station's own pose, until stopped).
    tracked?.startScan({ sweep: 'station', voxelSizeMm: 5, depthCm: 5 });
  }
  let markerTimer: NodeJS.Timeout | null = null;
  return {
    tracked,
    client,
    server,
    watchCaseMarkers(read) {
      const map = tracked;
      if (!map || !server || markerTimer) return;
      let busy = false;
      let lastError: string | null = null;
      const poll = async () => {
        if (busy) return;
        busy = true;
        try {
          const result = await read(map.source.id);
          if (result.error === null) map.setCaseMarkers(result.markers);
          else if (result.error !== lastError) log(`igtl: pre-op markers not updated: ${result.error}`);
          lastError = result.error;
        } finally {
          busy = false;
        }
      };
      void poll();
      markerTimer = setInterval(() => void poll(), CASE_MARKERS_POLL_MS);
    },
    async stop() {
      if (markerTimer) clearInterval(markerTimer);
      await client?.stop();
      await server?.close();
    },
  };
}
