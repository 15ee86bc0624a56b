// Every route plugin of the API. Another area (QC, reports) adds its plugin file in this folder and
// ONE line here; each plugin receives AppDeps (store, stations, registry…) and declares its routes
// with `route()` so they are validated, authorised and listed in /api/openapi.json.
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../http/context.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { caseRoutes } from './cases.js';
import { liveSocketRoutes } from './live-ws.js';
import { mapRoutes } from './map.js';
import { measurementRoutes } from './measurements.js';
import { metaRoutes } from './meta.js';
import { patientRoutes } from './patients.js';
import { planningRoutes } from './planning.js';
import { probeQcRoutes } from './probe-qc.js';
import { probeRoutes } from './probes.js';
import { reportRoutes } from './reports.js';
import { setupRoutes } from './setup.js';
import { stationRoutes } from './stations.js';
import { userRoutes } from './users.js';

export const ROUTE_PLUGINS: FastifyPluginAsync<AppDeps>[] = [
  metaRoutes,
  setupRoutes,
  authRoutes,
  userRoutes,
  patientRoutes,
  caseRoutes,
  measurementRoutes,
  probeRoutes,
  probeQcRoutes,
  planningRoutes,
  auditRoutes,
  reportRoutes,
  stationRoutes,
  mapRoutes,
  liveSocketRoutes,
];
