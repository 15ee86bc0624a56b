// The OpenAPI 3.1 document, generated from the same zod schemas that validate requests.
import { ErrorBody, mediaTypeOf, type OpenApiDocument } from '@openrgs/api';
import { z } from 'zod';
import type { RouteRegistry } from './route.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (schema === undefined) return [];
  const json = schemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
  }));
}

export function openApiDocument(registry: RouteRegistry, version: string): z.infer<typeof OpenApiDocument> {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const { spec } of registry.routes) {
    const path = spec.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const operation: JsonSchema = {
      summary: spec.summary,
      tags: [spec.tag],
      'x-permission': spec.access,
      parameters: [
        ...parametersOf(spec.params, 'path'),
        ...parametersOf(spec.query, 'query'),
        ...Object.entries(spec.headers ?? {}).map(([name, h]) => ({
          name,
          in: 'header',
          required: h.required,
          description: h.description,
          schema: { type: 'string' },
        })),
      ],
      ...(spec.access === 'public' ? { security: [] } : {}),
      ...(spec.body !== undefined
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(spec.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [String(spec.status)]: {
          description: spec.responseDescription ?? 'success',
          // A 204 has no content (RFC 9110 §15.3.5); a file answer is listed under its own media type.
          ...(spec.response !== undefined && spec.status !== 204
            ? { content: { [mediaTypeOf(spec.response)]: { schema: schemaOf(spec.response, 'output') } } }
            : {}),
        },
        '4XX': {
          description:
            'the request was refused: `error.code`, `error.message` and `error.path` say why and where',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'OpenRGS API',
      version,
      description:
        'System of record for radioguided surgery. Authenticate with POST /api/auth/login, then send ' +
        '`Authorization: Bearer <token>` (or the `rgs_session` cookie). Live state: WebSocket /api/live.',
    },
    security: [{ bearer: [] }, { cookie: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'rgs_session' },
      },
      schemas: { Error: schemaOf(ErrorBody, 'output') },
    },
    paths,
  };
}
