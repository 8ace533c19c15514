import { existsSync } from 'node:fs';
import path from 'node:path';
import { ADMIN, ROUTES } from '@scoreflow/api';
import type { EmailSettings, Ingest, Queues, RunControl } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { accessControl } from './auth/guard.js';
import { accessAdminRoutes, authRoutes } from './auth/routes.js';
import { guardedRouter } from './http/guardedRouter.js';
import { notFoundHandler, problemHandler } from './http/problem.js';
import {
  callerRateLimit,
  credentialGuessLimit,
  DEFAULT_RATE_LIMITS,
  loginRateLimit,
  type RateLimitOptions,
  writeKeyRateLimit,
} from './http/rateLimit.js';
import { requestLog } from './http/requestLog.js';
import { assertRoutesMatchContract } from './http/routeTable.js';
import { securityHeaders } from './http/securityHeaders.js';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from './integrations/queueDashboard.js';
import { unsubscribeRoutes } from './integrations/unsubscribe.js';
import { webhookSecretRoutes } from './integrations/webhookSecrets.js';
import { writeKeyCheck } from './integrations/writeKeys.js';
import { createMetrics, type IngestSource, type Metrics } from './metrics/registry.js';
import { metricsRoutes } from './metrics/routes.js';
import { accountRoutes } from './routes/accounts.js';
import { contactMergeRoutes } from './routes/contactMerge.js';
import { contactRoutes } from './routes/contacts.js';
import { csvRoutes } from './routes/csv.js';
import { eventRoutes } from './routes/events.js';
import { flowReportRoutes } from './routes/flowReport.js';
import { flowRoutes } from './routes/flows.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { healthOverviewRoutes } from './routes/healthOverview.js';
import { manualScoreRoutes } from './routes/manualScores.js';
import { openApiRoutes } from './routes/openapi.js';
import { runRoutes } from './routes/runs.js';
import { scoreRoutes } from './routes/scores.js';
import { scoringModelRoutes } from './routes/scoringModels.js';
import { segmentRoutes } from './routes/segment.js';
import { settingsRoutes } from './routes/settings.js';
import { templatePreviewRoutes } from './routes/templatePreview.js';
import { templateRoutes } from './routes/templates.js';
import { versionMoveRoutes } from './routes/versionMoves.js';
import { createFlowService } from './services/flows.js';

export interface AppDeps {
  store: Store;
  logger: Logger;
  /** Event ingestion (stores, then queues); without it the event routes answer 503. */
  ingest?: Ingest | undefined;
  /** Support actions on runs (retry, cancel...); without it those routes answer 503. */
  runControl?: RunControl | undefined;
  /** Dependencies `/readyz` checks besides the database (Redis). */
  readiness?: ReadinessCheck[];
  /** The editor's production build; served at `/` when present. */
  editorDir?: string | undefined;
  /** Write keys accepted by the Segment-compatible `/v1/*` API (SEGMENT_WRITE_KEY); none: it answers 401. */
  segmentWriteKeys?: readonly string[] | undefined;
  /** The queues shown by the bull-board dashboard at /admin/queues; without them it is not mounted. */
  queues?: Queues | undefined;
  /** Request rate limits (RATE_LIMIT_*); defaults: {@link DEFAULT_RATE_LIMITS}, counted in this process. */
  rateLimits?: RateLimitOptions | undefined;
  /** The process's metrics, served at /metrics; default: a registry of this app's own. */
  metrics?: Metrics | undefined;
  /** A bearer token that may read /metrics besides admins (METRICS_TOKEN). */
  metricsToken?: string | undefined;
  /** How test emails leave (SMTP_URL, SMTP_FROM, PUBLIC_URL); without a transport a test send answers 409. */
  email?: EmailSettings | undefined;
}

/** Builds the express app without listening, so tests drive it directly. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  // Before any route is added: `/API/users` and `/api/users/` are not `/api/users`.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  const rateLimits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  app.use(requestLog(deps.logger));

  // Credentials are looked at only when a route's guard asks (see auth/guard.ts); failed checks count
  // against the caller's address, so guessing tokens is limited like guessing passwords.
  app.use(accessControl(deps.store, credentialGuessLimit(rateLimits, deps.logger)));

  const readiness: ReadinessCheck[] = [
    // Named after the database in use: `sqlite` or `postgres`.
    { name: deps.store.dialect, check: () => deps.store.health.ping() },
    ...(deps.readiness ?? []),
  ];
  app.use(healthRoutes(readiness));
  const metrics = deps.metrics ?? createMetrics({ store: deps.store, queues: deps.queues });
  app.use(metricsRoutes(metrics, { token: deps.metricsToken }));
  // Every ingestion route counts its results under its own source label.
  const ingestFrom = (source: IngestSource) => deps.ingest && metrics.countIngest(deps.ingest, source);

  // Segment sources and mail clients call these with their own formats and credentials, not the API's.
  app.use(
    segmentRoutes({
      ingest: ingestFrom('segment'),
      checkWriteKey: writeKeyCheck(deps.segmentWriteKeys ?? [], deps.store),
      rateLimit: writeKeyRateLimit(rateLimits, deps.logger),
    }),
  );
  app.use(unsubscribeRoutes(deps.store));
  if (deps.queues) {
    const { events, waits, deliveries, maintenance } = deps.queues;
    const admin = guardedRouter().mount(
      QUEUE_DASHBOARD_PATH,
      ADMIN,
      queueDashboard([events, waits, deliveries, maintenance]),
    );
    app.use(admin.router);
  }

  // Routers hold the contract's full paths (`/api/flows/:id`) and parse the bodies of their own writes
  // after their routes' guards (see guardedRouter).
  app.use(openApiRoutes());
  app.use('/api', callerRateLimit(rateLimits, deps.logger));
  app.use(csvRoutes({ store: deps.store, ingest: ingestFrom('csv') }));
  app.use(scoringModelRoutes(deps.store, deps.runControl));
  const apiIngest = ingestFrom('api');
  if (apiIngest) app.use(eventRoutes(apiIngest));
  app.use(authRoutes(deps.store, loginRateLimit(rateLimits, deps.logger)));
  app.use(accessAdminRoutes(deps.store));
  app.use(flowRoutes(createFlowService(deps.store)));
  app.use(contactRoutes(deps.store));
  app.use(accountRoutes(deps.store));
  app.use(runRoutes(deps.store, deps.runControl));
  app.use(flowReportRoutes(deps.store));
  app.use(settingsRoutes(deps.store));
  app.use(versionMoveRoutes(deps.store, deps.runControl));
  app.use(scoreRoutes(deps.store));
  app.use(manualScoreRoutes(deps.runControl));
  app.use(contactMergeRoutes(deps.runControl));
  app.use(templateRoutes(deps.store));
  app.use(templatePreviewRoutes(deps.store, deps.email));
  app.use(webhookSecretRoutes(deps.store));
  app.use(healthOverviewRoutes({ store: deps.store, queues: deps.queues, readiness }));
  app.use('/api', notFoundHandler);

  if (deps.editorDir && existsSync(path.join(deps.editorDir, 'index.html'))) {
    const editorDir = deps.editorDir;
    app.use(express.static(editorDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/flows/abc) all load the single page. Paths that only differ from the API's
    // in letter case or a trailing slash answer 404, not the page, so a probe learns nothing from them.
    const pages = guardedRouter().pages(/^\/(?!(?:api|admin|v1|u|metrics)(?:[/;]|$))/i, (_req, res) => {
      res.sendFile(path.join(editorDir, 'index.html'), { maxAge: 0 });
    });
    app.use(pages.router);
  }

  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  assertRoutesMatchContract(app, ROUTES);
  return app;
}
