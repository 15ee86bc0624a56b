// HTTP calls of the 3D map page (/api/stations/:id/map…, docs/api.md). Kept apart from api.ts so the map
// adds files, not edits; same bearer token and the one error reader (api-error.ts). Shapes from @openrgs/api (the wire contract).
import { type MapScanStart, MapState, MapVolume } from '@openrgs/api';
import type { z } from 'zod';
import { storedToken } from '../api.js';
import { readAnswer, readError, unreachable } from '../api-error.js';

export type MapStateT = z.infer<typeof MapState>;
export type MapVolumeT = z.infer<typeof MapVolume>;
export type MapHotspotT = MapStateT['hotspots'][number];

async function call<T>(path: string, schema: z.ZodType<T>, method: 'GET' | 'POST' = 'GET', body?: unknown) {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = storedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw unreachable(path, error);
  }
  if (!response.ok) throw await readError(response, path);
  return readAnswer(response, path, schema);
}

const enc = encodeURIComponent;
export const getMap = (stationId: string) => call(`/api/stations/${enc(stationId)}/map`, MapState);
export const getMapVolume = (stationId: string) =>
  call(`/api/stations/${enc(stationId)}/map/volume`, MapVolume);
export const startScan = (stationId: string, body: MapScanStart) =>
  call(`/api/stations/${enc(stationId)}/map/scan`, MapState, 'POST', body);
export const stopScan = (stationId: string) =>
  call(`/api/stations/${enc(stationId)}/map/stop`, MapState, 'POST');

/** Voxel bytes of a volume (0–255 of maxMBq, x fastest). */
export function volumeBytes(volume: MapVolumeT): Uint8Array {
  const raw = atob(volume.dataBase64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Coronal maximum-intensity projection (along z, the anterior axis): nx × ny bytes, x fastest. */
export function coronalMip(volume: MapVolumeT, bytes: Uint8Array): Uint8Array {
  const [nx, ny, nz] = volume.grid.dims;
  const mip = new Uint8Array(nx * ny);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = bytes[i + nx * (j + ny * k)] as number;
        if (v > (mip[i + nx * j] as number)) mip[i + nx * j] = v;
      }
  return mip;
}

/** A "hot" colour map (black → red → yellow → white), v in 0–1: [r, g, b] in 0–1. */
export function hot(v: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, v));
  return [Math.min(1, t * 2.5), Math.min(1, Math.max(0, t * 2.5 - 1)), Math.min(1, Math.max(0, t * 2.5 - 2))];
}
