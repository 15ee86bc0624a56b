// The planning endpoints of the server (docs/planning.md §8, packages/server/src/routes/planning.ts), shared by
// the planning page and the case page's plan panel. A 400 keeps the server's issues, each with the body path
// it names (`body.lesions[0].depthCm`), so a form can show them field by field.
import { storedToken } from '../api.js';
import type { DoseView, PlanView } from './plan-types.js';

export interface PlanningIssue {
  path: string;
  message: string;
}

export class PlanningError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly issues: readonly PlanningIssue[],
  ) {
    super(message);
    this.name = 'PlanningError';
  }
}

function headers(json: boolean): Record<string, string> {
  const h: Record<string, string> = json ? { 'content-type': 'application/json' } : {};
  const token = storedToken();
  if (token) h.authorization = `Bearer ${token}`;
  return h;
}

async function failure(response: Response): Promise<PlanningError> {
  const text = await response.text();
  let message = `${response.status} ${response.statusText}`;
  let issues: PlanningIssue[] = [];
  try {
    const parsed = JSON.parse(text) as {
      error?: { message?: unknown; path?: unknown; issues?: unknown };
    };
    const error = parsed.error;
    if (error && typeof error.message === 'string') message = error.message;
    if (error && Array.isArray(error.issues)) {
      issues = error.issues.filter(
        (i): i is PlanningIssue =>
          typeof i === 'object' &&
          i !== null &&
          typeof (i as PlanningIssue).path === 'string' &&
          typeof (i as PlanningIssue).message === 'string',
      );
    } else if (error && typeof error.path === 'string') {
      issues = [{ path: error.path, message }];
    }
  } catch {
    // Not JSON (a proxy's error page): the status line is the message.
    if (text.trim()) message = text.trim().slice(0, 300);
  }
  return new PlanningError(message, response.status, issues);
}

async function post(path: string, body: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: headers(true),
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new PlanningError(
      `The server did not answer (${error instanceof Error ? error.message : String(error)})`,
      0,
      [],
    );
  }
  if (!response.ok) throw await failure(response);
  return response;
}

export const postPlan = async (body: unknown): Promise<PlanView> =>
  (await (await post('/api/planning/plan', body)).json()) as PlanView;

export const postDose = async (body: unknown): Promise<DoseView> =>
  (await (await post('/api/planning/dose', body)).json()) as DoseView;

export const postPlanPdf = async (body: unknown): Promise<Blob> =>
  (await post('/api/planning/plan.pdf', body)).blob();

export interface TracerPreset {
  id: string;
  name: string;
  nuclide: string;
}

export interface PlanningPresets {
  tracers: TracerPreset[];
  /** Probe preset ids a plan may name; empty when the server does not list them. */
  probes: string[];
}

export async function getPlanningPresets(): Promise<PlanningPresets> {
  const response = await fetch('/api/planning/tracers', {
    headers: headers(false),
    credentials: 'same-origin',
  });
  if (!response.ok) throw await failure(response);
  const body = (await response.json()) as { tracers?: TracerPreset[]; probes?: unknown };
  const probes = Array.isArray(body.probes)
    ? body.probes.filter((p): p is string => typeof p === 'string')
    : [];
  return { tracers: body.tracers ?? [], probes };
}

/** The message of any error, with the server's issues listed by body path. */
export function planningErrorText(reason: unknown): string {
  if (reason instanceof PlanningError && reason.issues.length > 0) {
    return reason.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  }
  return reason instanceof Error ? reason.message : String(reason);
}
