import { API, Problem, ROUTES, type Route } from '@scoreflow/api';
import type { Router } from 'express';
import { z } from 'zod';
import { createDocument, type oas31, type ZodOpenApiPathsObject } from 'zod-openapi';
import { guardedRouter } from '../http/guardedRouter.js';
import { renderReference } from './openapiPage.js';

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

function operation(op: Route) {
  const params = [...op.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    const type = r.type ?? 'application/json';
    responses[status] = {
      description: r.description,
      ...(type === ''
        ? {}
        : {
            content: {
              [type]: { schema: r.schema ?? (type === 'application/json' ? z.looseObject({}) : z.string()) },
            },
          }),
    };
  }
  responses.default = {
    description: 'An error',
    content: { 'application/problem+json': { schema: Problem } },
  };
  return {
    tags: [op.tag],
    summary: op.summary,
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    requestParams: {
      ...(params.length > 0
        ? { path: z.object(Object.fromEntries(params.map((p) => [p, z.string()]))) }
        : {}),
      ...(op.query ? { query: op.query } : {}),
    },
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { [op.bodyType ?? 'application/json']: { schema: op.body } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every route, built from the zod schemas the routes validate with. */
export function buildOpenApiDocument(routes: readonly Route[] = ROUTES): oas31.OpenAPIObject {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of routes) {
    const key = toOpenApiPath(op.path);
    paths[key] = { ...paths[key], [op.method]: operation(op) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Scoreflow API',
      version: '0.1.0',
      description:
        'Lead scoring and marketing automation. Errors are application/problem+json (RFC 9457). ' +
        'Requests carry `Authorization: Bearer <token>` (an API token, or a write key for `/api/events`) or the session cookie set by `/api/auth/login` (writes then need the `x-csrf-token` header); the Segment-compatible `/v1` routes take a write key as the HTTP Basic user.',
    },
    paths: paths as ZodOpenApiPathsObject,
  });
}

/** `GET /api/openapi.json` and a readable, self-contained reference page at `GET /api/docs`. */
export function openApiRoutes(): Router {
  const router = guardedRouter();
  let cached: { json: string; page: string } | undefined;
  // Built on first request: the document is the same for the life of the process.
  const built = () => {
    if (!cached) {
      const document = buildOpenApiDocument();
      cached = { json: JSON.stringify(document), page: renderReference(document) };
    }
    return cached;
  };
  router.on(API.system.openapi, (_req, res) => {
    res.type('json').send(built().json);
  });
  router.on(API.system.docs, (_req, res) => {
    res
      .type('html')
      .set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(built().page);
  });
  return router.router;
}
