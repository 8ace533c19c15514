import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Ingest, Queues, RunControl } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { accessAdminRoutes, authRoutes } from './auth/routes.js';
import { apiJsonBodies } from './http/jsonBody.js';
import { authenticate, requireJson } from './http/middleware.js';
import { notFoundHandler, problemHandler } from './http/problem.js';
import {
  callerRateLimit,
  DEFAULT_RATE_LIMITS,
  loginRateLimit,
  type RateLimitOptions,
  writeKeyRateLimit,
} from './http/rateLimit.js';
import { requestLog } from './http/requestLog.js';
import { securityHeaders } from './http/securityHeaders.js';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from './integrations/queueDashboard.js';
import { unsubscribeRoutes } from './integrations/unsubscribe.js';
import { webhookSecretRoutes } from './integrations/webhookSecrets.js';
import { writeKeyCheck } from './integrations/writeKeys.js';
import { contactRoutes } from './routes/contacts.js';
import { csvRoutes } from './routes/csv.js';
import { eventRoutes } from './routes/events.js';
import { flowRoutes } from './routes/flows.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { manualScoreRoutes } from './routes/manualScores.js';
import { openApiRoutes } from './routes/openapi.js';
import { runRoutes } from './routes/runs.js';
import { scoreRoutes } from './routes/scores.js';
import { scoringModelRoutes } from './routes/scoringModels.js';
import { segmentRoutes } from './routes/segment.js';
import { templateRoutes } from './routes/templates.js';
import { createFlowService } from './services/flows.js';

export interface AppDeps {
  store: Store;
  logger: Logger;
  /** Event ingestion (stores, then queues); without it the event routes answer 503. */
  ingest?: Ingest | undefined;
  /** Support actions on runs (retry, cancel...); without it those routes answer 503. */
  runControl?: RunControl | undefined;
  /** Dependencies `/readyz` checks (SQLite, Redis). */
  readiness?: ReadinessCheck[];
  /** The editor's production build; served at `/` when present. */
  editorDir?: string | undefined;
  /** Largest JSON body accepted by the flow API (a 500-node flow fits well under 2 MB). */
  jsonLimit?: string;
  /** Write keys accepted by the Segment-compatible `/v1/*` API (SEGMENT_WRITE_KEY); none: it answers 401. */
  segmentWriteKeys?: readonly string[] | undefined;
  /** The queues shown by the bull-board dashboard at /admin/queues; without them it is not mounted. */
  queues?: Queues | undefined;
  /** Request rate limits (RATE_LIMIT_*); defaults: {@link DEFAULT_RATE_LIMITS}, counted in this process. */
  rateLimits?: RateLimitOptions | undefined;
}

/** Builds the express app without listening, so tests drive it directly. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  const rateLimits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  app.use(requestLog(deps.logger));

  // Before every route: the permission table covers them all, public ones included.
  app.use(authenticate(deps.store));

  app.use(
    healthRoutes([
      { name: 'sqlite', check: () => void deps.store.db.prepare('select 1').get() },
      ...(deps.readiness ?? []),
    ]),
  );

  // Segment sources and mail clients call these with their own formats and credentials, not the API's.
  app.use(
    segmentRoutes({
      ingest: deps.ingest,
      checkWriteKey: writeKeyCheck(deps.segmentWriteKeys ?? [], deps.store),
      rateLimit: writeKeyRateLimit(rateLimits, deps.logger),
    }),
  );
  app.use(unsubscribeRoutes(deps.store));
  if (deps.queues) {
    const { events, waits, deliveries, maintenance } = deps.queues;
    app.use(QUEUE_DASHBOARD_PATH, queueDashboard([events, waits, deliveries, maintenance]));
  }

  const api = express.Router();
  // The reference is public documentation: registered before authentication and the JSON-only rule.
  api.use(openApiRoutes());
  api.use(callerRateLimit(rateLimits, deps.logger));
  // CSV travels as text/csv, streamed: registered before the JSON-only rule and the JSON parser.
  api.use(csvRoutes({ store: deps.store, ingest: deps.ingest }));
  api.use(scoringModelRoutes(deps.store));
  api.use(requireJson);
  // Event routes come first: they parse their bodies with their own, much smaller, limits.
  if (deps.ingest) api.use(eventRoutes(deps.ingest));
  api.use(apiJsonBodies(deps.jsonLimit));
  api.use('/auth/login', loginRateLimit(rateLimits, deps.logger));
  api.use(authRoutes(deps.store));
  api.use(accessAdminRoutes(deps.store));
  api.use(flowRoutes(createFlowService(deps.store)));
  api.use(contactRoutes(deps.store));
  api.use(runRoutes(deps.store, deps.runControl));
  api.use(scoreRoutes(deps.store));
  api.use(manualScoreRoutes(deps.runControl));
  api.use(templateRoutes(deps.store));
  api.use(webhookSecretRoutes(deps.store));
  api.use(notFoundHandler);
  app.use('/api', api);

  if (deps.editorDir && existsSync(path.join(deps.editorDir, 'index.html'))) {
    const editorDir = deps.editorDir;
    app.use(express.static(editorDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/flows/abc) all load the single page.
    app.get(/^\/(?!api\/).*/, (_req, res) => {
      res.sendFile(path.join(editorDir, 'index.html'), { maxAge: 0 });
    });
  }

  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
