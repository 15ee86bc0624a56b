// Health and the OpenAPI document.
import { Health, OpenApiDocument } from '@openrgs/api';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../http/context.js';
import { EventLoopMonitor } from '../http/event-loop.js';
import { openApiDocument } from '../http/openapi.js';
import { route } from '../http/route.js';

export const metaRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const { registry, store, stations, config } = deps;
  const loop = new EventLoopMonitor();
  app.addHook('onClose', async () => loop.stop());
  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/health',
      summary: 'Liveness: engine, schema version, stations, frame writer',
      tag: 'meta',
      access: 'public',
      status: 200,
      response: Health,
    },
    async () => {
      // Degraded (with the reason) while the storage fails: disk full, PostgreSQL down or not answering.
      const storage = await store.health();
      return {
        status: storage.status,
        version: config.version,
        engine: store.engine,
        schemaVersion: store.schemaVersion,
        storage,
        stations: stations.list().length,
        frameWriter: stations.writer.getStats(),
        eventLoopDelay: loop.lastWindow(),
      };
    },
  );
  route(
    app,
    registry,
    {
      method: 'GET',
      url: '/api/openapi.json',
      summary: 'This API as OpenAPI 3.1',
      tag: 'meta',
      access: 'public',
      status: 200,
      response: OpenApiDocument,
    },
    async () => openApiDocument(registry, config.version),
  );
};
