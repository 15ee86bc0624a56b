// HTTP call of the spectrum page (GET /api/stations/:id/spectrum). Kept apart from api.ts so the spectrum
// view adds files, not edits; same bearer token and error body.
import { StationSpectrum } from '@openrgs/api';
import { ApiError, storedToken } from '../api.js';

export type { StationSpectrum };

export async function fetchSpectrum(stationId: string): Promise<StationSpectrum> {
  const path = `/api/stations/${encodeURIComponent(stationId)}/spectrum`;
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = storedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, { headers, credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError(
      `The server did not answer (${error instanceof Error ? error.message : String(error)})`,
      0,
      path,
    );
  }
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const e = (json as { error?: { message?: string; code?: string } } | undefined)?.error;
    throw new ApiError(e?.message ?? `${response.status}`, response.status, path, e?.code ?? null);
  }
  const parsed = StationSpectrum.safeParse(json);
  if (!parsed.success) throw new ApiError(`Unexpected answer from ${path}`, response.status, path);
  return parsed.data;
}
