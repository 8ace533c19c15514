import { createHash, timingSafeEqual } from 'node:crypto';
import { API } from '@scoreflow/api';
import type { Request, Router } from 'express';
import type { RouteCredential } from '../auth/guard.js';
import { guardedRouter } from '../http/guardedRouter.js';
import type { Metrics } from './registry.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * True when the request carries `Authorization: Bearer <token>`. Both sides are hashed first, so the
 * comparison takes the same time whatever the length or content of the guess.
 */
export function bearerTokenIs(token: string): RouteCredential {
  const expected = digest(token);
  return (req: Request) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
  };
}

/**
 * `GET /metrics` in the Prometheus text format. Admins may read it with their token or session; with
 * METRICS_TOKEN set, that token may too, so the scraper never holds a credential that can change
 * anything. Any other bearer token is checked (and a wrong one counted) as on every other route.
 */
export function metricsRoutes(metrics: Metrics, options: { token?: string | undefined } = {}): Router {
  const router = guardedRouter(options.token ? { orCredential: bearerTokenIs(options.token) } : {});
  router.on(API.system.metrics, async (_req, res) => {
    const body = await metrics.registry.metrics();
    res.set('cache-control', 'no-store').type(metrics.registry.contentType).send(body);
  });
  return router.router;
}
