// The audit log, read-only: there is no route that changes or deletes a record (and triggers refuse it).
import { AuditQuery, AuditRecordList } from '@openrgs/api';
import type { FastifyPluginAsync } from 'fastify';
import { clean } from '../http/clean.js';
import type { AppDeps } from '../http/context.js';
import { route } from '../http/route.js';

export const auditRoutes: FastifyPluginAsync<AppDeps> = async (app, { store, registry }) => {
  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/audit',
      summary:
        'Audit records (who, when, what, before/after), oldest first; filter by caseId, entity; page with afterSeq',
      tag: 'audit',
      access: 'audit:read',
      query: AuditQuery,
      status: 200,
      response: AuditRecordList,
    },
    async ({ query }) => store.audit.list({ ...clean(query), limit: query.limit ?? 200 }),
  );
};
