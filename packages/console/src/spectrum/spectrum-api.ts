// HTTP call of the spectrum page (GET /api/stations/:id/spectrum). Kept apart from api.ts so the spectrum
// view adds files, not edits; same bearer token and the one error reader (api-error.ts).
import { StationSpectrum } from '@openrgs/api';
import { storedToken } from '../api.js';
import { readAnswer, readError, unreachable } from '../api-error.js';

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
    throw unreachable(path, error);
  }
  if (!response.ok) throw await readError(response, path);
  return readAnswer(response, path, StationSpectrum);
}
