// Measurements posted by hand: counts and seconds → rate, decay-corrected rate, verdict; idempotent.
import {
  BackgroundSiteDecision,
  BackgroundSiteDecisionList,
  BackgroundSiteDecisionRequest,
  CaseParams,
  CaseSiteParams,
  Measurement,
  MeasurementCreate,
  MeasurementLink,
  MeasurementList,
  MeasurementParams,
  MeasurementRetract,
} from '@openrgs/api';
import type { FastifyPluginAsync } from 'fastify';
import { spreadPriorForCase } from '../domain/background-input.js';
import { deriveMeasurement } from '../domain/derive-measurement.js';
import { ApiError, notFound } from '../errors.js';
import { clean } from '../http/clean.js';
import type { AppDeps } from '../http/context.js';
import { idempotencyKeyOf, requestHash } from '../http/idempotency.js';
import { route } from '../http/route.js';

/** A count may end at most this far in the future (clock skew between devices). */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export const measurementRoutes: FastifyPluginAsync<AppDeps> = async (
  app,
  { store, registry, stations, now },
) => {
  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/cases/:id/measurements',
      summary:
        'Record a measurement (idempotent: the same Idempotency-Key returns the first result and creates nothing)',
      tag: 'measurements',
      access: 'measurement:write',
      params: CaseParams,
      body: MeasurementCreate,
      headers: {
        'Idempotency-Key': {
          required: true,
          description: 'unique per measurement (e.g. a UUID); resend unchanged on retry',
        },
      },
      status: 201,
      response: Measurement,
      responseDescription:
        'stored (on disk before this answer); header Idempotent-Replayed: true on a replay',
    },
    async ({ req, reply, auth, params, body }) => {
      const key = idempotencyKeyOf(req);
      const endMs = Date.parse(body.measuredAt);
      if (endMs > now().getTime() + FUTURE_TOLERANCE_MS) {
        throw new ApiError(
          'validation',
          'body.measuredAt: is in the future (more than 5 min ahead of the server clock)',
          'body.measuredAt',
        );
      }
      // The spread prior from the department's past cases (read before the recording transaction).
      const prior =
        body.kind === 'background' ||
        body.kind === 'reference-source' ||
        !(await store.cases.exists(params.id))
          ? null
          : (await spreadPriorForCase(store, params.id)).prior;
      const result = await store.measurements.record(
        { userId: auth.user.id, username: auth.user.username },
        {
          caseId: params.id,
          idempotencyKey: key,
          requestHash: requestHash('manual', body),
          input: { ...clean(body), measuredAt: new Date(endMs).toISOString(), source: 'manual' },
          derive: (context, input) => deriveMeasurement(context, input, undefined, { prior }),
        },
      );
      if (!result.created) reply.header('Idempotent-Replayed', 'true');
      if (result.created && body.kind === 'background') await stations.refreshBackground(params.id);
      return result.measurement;
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/cases/:id/measurements',
      summary: 'Measurements of a case in time order',
      tag: 'measurements',
      access: 'case:read',
      params: CaseParams,
      status: 200,
      response: MeasurementList,
    },
    async ({ params }) => {
      if (!(await store.cases.exists(params.id)))
        throw notFound(`case '${params.id}' does not exist`, 'params.id');
      return store.measurements.list(params.id);
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/cases/:id/measurements/:measurementId',
      summary: 'One measurement',
      tag: 'measurements',
      access: 'case:read',
      params: MeasurementParams,
      status: 200,
      response: Measurement,
    },
    async ({ params }) => {
      const found = await store.measurements.get(params.id, params.measurementId);
      if (!found)
        throw notFound(
          `measurement '${params.measurementId}' of case '${params.id}' does not exist`,
          'params.measurementId',
        );
      return found;
    },
  );

  route(
    app,
    registry,
    {
      method: 'PATCH',
      url: '/api/cases/:id/measurements/:measurementId',
      summary: 'Link a measurement to a lesion or specimen (the only change a measurement admits)',
      tag: 'measurements',
      access: 'measurement:write',
      params: MeasurementParams,
      body: MeasurementLink,
      status: 200,
      response: Measurement,
    },
    async ({ auth, params, body }) =>
      store.measurements.link(
        { userId: auth.user.id, username: auth.user.username },
        params.id,
        params.measurementId,
        clean(body),
      ),
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/cases/:id/measurements/:measurementId/retract',
      summary:
        'Retract a measurement recorded in error (before sign-off); the audit log keeps the row and the reason',
      tag: 'measurements',
      access: 'measurement:write',
      params: MeasurementParams,
      body: MeasurementRetract,
      status: 200,
      response: Measurement,
      responseDescription: 'the retracted measurement as it was stored',
    },
    async ({ auth, params, body }) => {
      const retracted = await store.measurements.retract(
        { userId: auth.user.id, username: auth.user.username },
        params.id,
        params.measurementId,
        body.reason,
      );
      if (retracted.kind === 'background') await stations.refreshBackground(params.id);
      return retracted;
    },
  );

  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/cases/:id/background-sites',
      summary: 'The team’s keep/drop decisions on background sites of a case (the latest per site label)',
      tag: 'measurements',
      access: 'case:read',
      params: CaseParams,
      status: 200,
      response: BackgroundSiteDecisionList,
    },
    async ({ params }) => {
      if (!(await store.cases.exists(params.id)))
        throw notFound(`case '${params.id}' does not exist`, 'params.id');
      return store.backgroundSites.decisions(params.id);
    },
  );

  route(
    app,
    registry,
    {
      method: 'POST',
      url: '/api/cases/:id/background-sites/:label',
      summary:
        'Keep or drop a background site of a case (one the outlier check flagged); audited; later verdicts and live stations of the case use it',
      tag: 'measurements',
      access: 'measurement:write',
      params: CaseSiteParams,
      body: BackgroundSiteDecisionRequest,
      status: 200,
      response: BackgroundSiteDecision,
    },
    async ({ auth, params, body }) => {
      const decision = await store.backgroundSites.decide(
        { userId: auth.user.id, username: auth.user.username },
        params.id,
        params.label,
        body.action,
        body.reason ?? null,
      );
      await stations.refreshBackground(params.id);
      return decision;
    },
  );
};
