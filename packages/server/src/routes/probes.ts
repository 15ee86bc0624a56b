// The probes of the site and their QC state.
import { ProbeCreate, ProbeList, ProbeParams, ProbePatch, ProbeQcStatus, ProbeRecord } from '@openrgs/api';
import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../errors.js';
import { clean } from '../http/clean.js';
import type { AppDeps } from '../http/context.js';
import { route } from '../http/route.js';

export const probeRoutes: FastifyPluginAsync<AppDeps> = async (app, { store, registry }) => {
  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/probes',
      summary: 'Registered probes',
      tag: 'probes',
      access: 'case:read',
      status: 200,
      response: ProbeList,
    },
    async () => store.probes.list(),
  );
  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/probes/:id',
      summary: 'One probe',
      tag: 'probes',
      access: 'case:read',
      params: ProbeParams,
      status: 200,
      response: ProbeRecord,
    },
    async ({ params }) => {
      const probe = await store.probes.get(params.id);
      if (!probe) throw notFound(`probe '${params.id}' does not exist`, 'params.id');
      return probe;
    },
  );
  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/probes',
      summary: 'Register a probe',
      tag: 'probes',
      access: 'probe:write',
      body: ProbeCreate,
      status: 201,
      response: ProbeRecord,
    },
    async ({ auth, body }) =>
      store.probes.create({ userId: auth.user.id, username: auth.user.username }, clean(body)),
  );
  route(
    app,
    registry,
    {
      method: 'PATCH',
      url: '/api/probes/:id',
      summary: 'Change a probe’s description',
      tag: 'probes',
      access: 'probe:write',
      params: ProbeParams,
      body: ProbePatch,
      status: 200,
      response: ProbeRecord,
    },
    async ({ auth, params, body }) =>
      store.probes.update({ userId: auth.user.id, username: auth.user.username }, params.id, clean(body)),
  );
  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/probes/:id/qc-status',
      summary: 'Set a probe’s QC state (pass/fail/unknown) and when it was checked',
      tag: 'probes',
      access: 'qc:write',
      params: ProbeParams,
      body: ProbeQcStatus,
      status: 200,
      response: ProbeRecord,
    },
    async ({ auth, params, body }) =>
      store.probes.update({ userId: auth.user.id, username: auth.user.username }, params.id, {
        qcStatus: body.qcStatus,
        qcCheckedAt: new Date(Date.parse(body.qcCheckedAt)).toISOString(),
      }),
  );
};
