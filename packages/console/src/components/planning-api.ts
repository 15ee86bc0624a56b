// The planning endpoints of the server (docs/planning.md §8, packages/server/src/routes/planning.ts), shared by
// the planning page and the case page's plan panel. Errors come from the one reader (api-error.ts); a 400
// keeps the server's issues, each with the body path it names (`body.lesions[0].depthCm`), so a form can
// show them field by field (planningIssues).

import { DoseAnswer, PdfFile, PlanAnswer, TracerListAnswer } from '@openrgs/api';
import { storedToken } from '../api.js';
import {
  ApiError,
  type ErrorIssue,
  readAnswer,
  readError,
  readFileAnswer,
  unreachable,
} from '../api-error.js';
import type { DoseView, PlanningPresets, PlanView } from './plan-types.js';

/** One problem of a plan or dose request, at the body path it names. */
export type PlanningIssue = ErrorIssue;

/**
 * The server's issues of a refused plan, each at its body path — or its one error at its path, when the
 * body names a place but lists no issues — so a form can show them field by field; none otherwise.
 */
export function planningIssues(reason: unknown): readonly PlanningIssue[] {
  if (!(reason instanceof ApiError)) return [];
  if (reason.issues.length > 0) return reason.issues;
  if (reason.body?.path) return [{ path: reason.body.path, message: reason.body.message }];
  return [];
}

function headers(json: boolean): Record<string, string> {
  const h: Record<string, string> = json ? { 'content-type': 'application/json' } : {};
  const token = storedToken();
  if (token) h.authorization = `Bearer ${token}`;
  return h;
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
    throw unreachable(path, error);
  }
  if (!response.ok) throw await readError(response, path);
  return response;
}

export const postPlan = async (body: unknown): Promise<PlanView> => {
  const path = '/api/planning/plan';
  return readAnswer(await post(path, body), path, PlanAnswer);
};

export const postDose = async (body: unknown): Promise<DoseView> => {
  const path = '/api/planning/dose';
  return readAnswer(await post(path, body), path, DoseAnswer);
};

/** The plan sheet, checked to be a PDF (the api's PdfFile) before it is shown. */
export async function postPlanPdf(body: unknown): Promise<Blob> {
  const path = '/api/planning/plan.pdf';
  const { bytes, mediaType } = await readFileAnswer(await post(path, body), path, PdfFile);
  return new Blob([bytes], { type: mediaType });
}

export type { PlanningPresets };

export async function getPlanningPresets(): Promise<PlanningPresets> {
  const path = '/api/planning/tracers';
  let response: Response;
  try {
    response = await fetch(path, { headers: headers(false), credentials: 'same-origin' });
  } catch (error) {
    throw unreachable(path, error);
  }
  if (!response.ok) throw await readError(response, path);
  return readAnswer(response, path, TracerListAnswer);
}

/** The message of any error, with the server's issues listed by body path. */
export function planningErrorText(reason: unknown): string {
  const issues = planningIssues(reason);
  if (issues.length > 0) return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return reason instanceof Error ? reason.message : String(reason);
}
