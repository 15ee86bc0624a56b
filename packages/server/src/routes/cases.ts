// Cases and what they hold: tracer administrations, lesions, specimens, notes, sign-off.
import {
  CaseCreate,
  CaseDetailRecord,
  CaseListQuery,
  CaseParams,
  CasePatch,
  CaseSummaryList,
  CaseSummaryRecord,
  findTracerCode,
  LesionCreate,
  LesionParams,
  LesionPatch,
  LesionRecord,
  LiveSessionList,
  NoteCreate,
  NoteRecord,
  Reopen,
  SignOff,
  SpecimenCreate,
  SpecimenParams,
  SpecimenPatch,
  SpecimenRecord,
  TracerAdministrationCreate,
  TracerAdministrationRecord,
  type TracerCode,
  unknownTracerMessage,
} from '@openrgs/api';
import { findNuclide } from '@openrgs/physics';
import type { FastifyPluginAsync } from 'fastify';
import { ApiError, fromIssues, notFound } from '../errors.js';
import { clean } from '../http/clean.js';
import type { AppDeps } from '../http/context.js';
import { route } from '../http/route.js';

/** One canonical tracer for the agent as typed (any known spelling), agreeing with tracerId and the nuclide. */
function resolveTracer(agent: string, tracerId: string | undefined, nuclide: string): TracerCode {
  const tracer = findTracerCode(agent);
  if (tracer === undefined)
    throw new ApiError('validation', `body.agent: ${unknownTracerMessage(agent)}`, 'body.agent');
  if (tracerId !== undefined && tracerId !== tracer.id) {
    throw new ApiError(
      'validation',
      `body.tracerId: '${tracerId}' is not the tracer '${agent}' names (${tracer.id})`,
      'body.tracerId',
    );
  }
  if (tracer.nuclide !== nuclide) {
    throw new ApiError(
      'validation',
      `body.nuclide: ${tracer.display} is labelled with ${tracer.nuclide}, not ${nuclide}`,
      'body.nuclide',
    );
  }
  return tracer;
}

function utc(instant: string | null | undefined): string | null | undefined {
  return instant == null ? instant : new Date(Date.parse(instant)).toISOString();
}

export const caseRoutes: FastifyPluginAsync<AppDeps> = async (app, { store, registry }) => {
  const actorOf = (auth: { user: { id: string; username: string } }) => ({
    userId: auth.user.id,
    username: auth.user.username,
  });

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/cases',
      summary: 'Cases, newest first (limit 1–500, default 100)',
      tag: 'cases',
      access: 'case:read',
      query: CaseListQuery,
      status: 200,
      response: CaseSummaryList,
    },
    async ({ query }) => store.cases.list(query.limit ?? 100),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/cases',
      summary: 'Create a case: `label` is required, all else optional',
      tag: 'cases',
      access: 'case:write',
      body: CaseCreate,
      status: 201,
      response: CaseSummaryRecord,
    },
    async ({ auth, body }) => {
      const input = clean({ ...body, decayReferenceTime: utc(body.decayReferenceTime) });
      return store.cases.create(actorOf(auth), input);
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/cases/:id',
      summary: 'A case with its tracer administrations, lesions, specimens, notes and measurement count',
      tag: 'cases',
      access: 'case:read',
      params: CaseParams,
      status: 200,
      response: CaseDetailRecord,
    },
    async ({ params }) => {
      const found = await store.cases.get(params.id);
      if (!found) throw notFound(`case '${params.id}' does not exist`, 'params.id');
      return found;
    },
  );

  route(
    app,
    registry,
    {
      method: 'PATCH',
      url: '/api/cases/:id',
      summary: 'Change a case (label, patient, resection status R0/R1/R2/pending, …) until it is signed off',
      tag: 'cases',
      access: 'case:write',
      params: CaseParams,
      body: CasePatch,
      status: 200,
      response: CaseSummaryRecord,
    },
    async ({ auth, params, body }) =>
      store.cases.update(
        actorOf(auth),
        params.id,
        clean({ ...body, decayReferenceTime: utc(body.decayReferenceTime) }),
      ),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/cases/:id/sign-off',
      summary: 'Sign the case off: it is locked until reopened',
      tag: 'cases',
      access: 'case:sign-off',
      params: CaseParams,
      body: SignOff,
      status: 200,
      response: CaseSummaryRecord,
    },
    async ({ auth, params, body }) => store.cases.signOff(actorOf(auth), params.id, body.statement),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/cases/:id/reopen',
      summary: 'Reopen a signed-off case, with a reason (audited)',
      tag: 'cases',
      access: 'case:sign-off',
      params: CaseParams,
      body: Reopen,
      status: 200,
      response: CaseSummaryRecord,
    },
    async ({ auth, params, body }) => store.cases.reopen(actorOf(auth), params.id, body.reason),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/cases/:id/tracer-administrations',
      summary: 'Record a tracer administration (agent, nuclide, activity MBq, time)',
      tag: 'cases',
      access: 'case:write',
      params: CaseParams,
      body: TracerAdministrationCreate,
      status: 201,
      response: TracerAdministrationRecord,
    },
    async ({ auth, params, body }) => {
      const nuclide = findNuclide(body.nuclide);
      if (!nuclide.ok) throw fromIssues(nuclide.issues, { at: 'body.nuclide', prefix: 'body.nuclide: ' });
      const tracer = resolveTracer(body.agent, body.tracerId, nuclide.value.name);
      return store.caseItems.addTracer(actorOf(auth), params.id, {
        agent: tracer.display,
        tracerId: tracer.id,
        nuclide: nuclide.value.name,
        activityMBq: body.activityMBq,
        administeredAt: new Date(Date.parse(body.administeredAt)).toISOString(),
        ...(body.route !== undefined ? { route: body.route } : {}),
      });
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/cases/:id/lesions',
      summary: 'Add a lesion (pre-op imaging status, RGS result, pathology)',
      tag: 'cases',
      access: 'case:write',
      params: CaseParams,
      body: LesionCreate,
      status: 201,
      response: LesionRecord,
    },
    async ({ auth, params, body }) => store.caseItems.addLesion(actorOf(auth), params.id, clean(body)),
  );

  route(
    app,
    registry,
    {
      method: 'PATCH',
      url: '/api/cases/:id/lesions/:lesionId',
      summary: 'Change a lesion (e.g. add pathology)',
      tag: 'cases',
      access: 'case:write',
      params: LesionParams,
      body: LesionPatch,
      status: 200,
      response: LesionRecord,
    },
    async ({ auth, params, body }) =>
      store.caseItems.updateLesion(actorOf(auth), params.id, params.lesionId, clean(body)),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/cases/:id/specimens',
      summary: 'Add a specimen (optionally linked to a lesion)',
      tag: 'cases',
      access: 'case:write',
      params: CaseParams,
      body: SpecimenCreate,
      status: 201,
      response: SpecimenRecord,
    },
    async ({ auth, params, body }) =>
      store.caseItems.addSpecimen(
        actorOf(auth),
        params.id,
        clean({ ...body, excisedAt: utc(body.excisedAt) }),
      ),
  );

  route(
    app,
    registry,
    {
      method: 'PATCH',
      url: '/api/cases/:id/specimens/:specimenId',
      summary: 'Change a specimen',
      tag: 'cases',
      access: 'case:write',
      params: SpecimenParams,
      body: SpecimenPatch,
      status: 200,
      response: SpecimenRecord,
    },
    async ({ auth, params, body }) =>
      store.caseItems.updateSpecimen(
        actorOf(auth),
        params.id,
        params.specimenId,
        clean({ ...body, excisedAt: utc(body.excisedAt) }),
      ),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/cases/:id/notes',
      summary: 'Add a note to the case (notes are never edited; add another)',
      tag: 'cases',
      access: 'case:write',
      params: CaseParams,
      body: NoteCreate,
      status: 201,
      response: NoteRecord,
    },
    async ({ auth, params, body }) => store.caseItems.addNote(actorOf(auth), params.id, body.text),
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/cases/:id/live-sessions',
      summary: 'Live sessions recorded into this case',
      tag: 'live',
      access: 'case:read',
      params: CaseParams,
      status: 200,
      response: LiveSessionList,
    },
    async ({ params }) => {
      if (!(await store.cases.exists(params.id)))
        throw notFound(`case '${params.id}' does not exist`, 'params.id');
      return store.live.listForCase(params.id);
    },
  );
};
