import { API } from '@scoreflow/api';
import type { Router } from 'express';
import { guardedRouter } from '../http/guardedRouter.js';
import { type HealthOverviewDeps, healthOverview } from '../services/healthOverview.js';

/**
 * `GET /api/health/overview`: what the health page shows. Every signed-in role may read it: support
 * answers "did my email go out?" with it, and it holds counts and delivery errors, no contact data
 * beyond what the outbox shows them anyway.
 */
export function healthOverviewRoutes(deps: HealthOverviewDeps): Router {
  const router = guardedRouter();
  router.on(API.system.healthOverview, async (_req, res) => {
    res.set('cache-control', 'no-store').json(await healthOverview(deps));
  });
  return router.router;
}
