// Patients by pseudonym; identifying fields only with `patient-identity:read`, every such read audited.
import {
  PatientCreate,
  PatientList,
  PatientParams,
  PatientPatch,
  PatientQuery,
  PatientRecord,
} from '@openrgs/api';
import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '../errors.js';
import { clean } from '../http/clean.js';
import type { AppDeps } from '../http/context.js';
import { authorize, route } from '../http/route.js';

export const patientRoutes: FastifyPluginAsync<AppDeps> = async (app, { store, registry }) => {
  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/patients',
      summary: 'Patients (pseudonyms only)',
      tag: 'patients',
      access: 'patient:read',
      status: 200,
      response: PatientList,
    },
    async () => store.patients.list(),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/patients',
      summary: 'Create a patient under a pseudonym; identifying fields optional and kept apart',
      tag: 'patients',
      access: 'patient:write',
      body: PatientCreate,
      status: 201,
      response: PatientRecord,
    },
    async ({ auth, body }) =>
      store.patients.create(
        { userId: auth.user.id, username: auth.user.username },
        {
          pseudonym: body.pseudonym,
          ...(body.sex !== undefined ? { sex: body.sex } : {}),
          ...(body.birthYear !== undefined ? { birthYear: body.birthYear } : {}),
          ...(body.identity !== undefined ? { identity: clean(body.identity) } : {}),
        },
      ),
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/patients/:id',
      summary:
        'A patient; `?include=identity` adds identifying fields (permission patient-identity:read; audited)',
      tag: 'patients',
      access: 'patient:read',
      params: PatientParams,
      query: PatientQuery,
      status: 200,
      response: PatientRecord,
    },
    async ({ auth, params, query }) => {
      const withIdentity = query.include === 'identity';
      if (withIdentity) authorize(auth, 'patient-identity:read');
      const patient = await store.patients.get(params.id, withIdentity);
      if (!patient) throw notFound(`patient '${params.id}' does not exist`, 'params.id');
      if (withIdentity) {
        await store.audit.append(
          { userId: auth.user.id, username: auth.user.username },
          { action: 'patient-identity.read', entityType: 'patient', entityId: params.id },
        );
      }
      return patient;
    },
  );

  route(
    app,
    registry,
    {
      method: 'PATCH',
      url: '/api/patients/:id',
      summary: 'Change a patient (sex, birth year, identifying fields)',
      tag: 'patients',
      access: 'patient:write',
      params: PatientParams,
      body: PatientPatch,
      status: 200,
      response: PatientRecord,
    },
    async ({ auth, params, body }) =>
      store.patients.update({ userId: auth.user.id, username: auth.user.username }, params.id, {
        ...(body.sex !== undefined ? { sex: body.sex } : {}),
        ...(body.birthYear !== undefined ? { birthYear: body.birthYear } : {}),
        ...(body.identity !== undefined ? { identity: clean(body.identity) } : {}),
      }),
  );
};
