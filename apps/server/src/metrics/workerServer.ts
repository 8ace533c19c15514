import { ROUTES } from '@scoreflow/api';
import type { Store } from '@scoreflow/store';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { accessControl } from '../auth/guard.js';
import { notFoundHandler, problemHandler } from '../http/problem.js';
import { credentialGuessLimit, DEFAULT_RATE_LIMITS } from '../http/rateLimit.js';
import { assertRoutesMatchContract } from '../http/routeTable.js';
import { healthRoutes } from '../routes/health.js';
import type { Metrics } from './registry.js';
import { metricsRoutes } from './routes.js';

/**
 * What a `--role worker` process serves on METRICS_PORT: its own `/metrics` (a worker's counters
 * exist only in its memory, so Prometheus scrapes it like every API process) and `/healthz`. The
 * same credentials as on the API apply: an admin token, or METRICS_TOKEN.
 */
export function createWorkerMetricsApp(deps: {
  store: Store;
  logger: Logger;
  metrics: Metrics;
  token?: string | undefined;
}): Express {
  const app = express();
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.disable('x-powered-by');
  app.use(accessControl(deps.store, credentialGuessLimit(DEFAULT_RATE_LIMITS, deps.logger)));
  app.use(healthRoutes([]));
  app.use(metricsRoutes(deps.metrics, { token: deps.token }));
  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  assertRoutesMatchContract(app, ROUTES);
  return app;
}
