import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Ingest } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { authenticate, requireJson } from './http/middleware.js';
import { notFoundHandler, problemHandler } from './http/problem.js';
import { contactRoutes } from './routes/contacts.js';
import { eventRoutes } from './routes/events.js';
import { flowRoutes } from './routes/flows.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { scoreRoutes } from './routes/scores.js';
import { createFlowService } from './services/flows.js';

export interface AppDeps {
  store: Store;
  logger: Logger;
  /** Event ingestion (stores, then queues); without it the event routes answer 503. */
  ingest?: Ingest | undefined;
  /** Dependencies `/readyz` checks (SQLite, Redis). */
  readiness?: ReadinessCheck[];
  /** The editor's production build; served at `/` when present. */
  editorDir?: string | undefined;
  /** Largest JSON body accepted by the flow API (a 500-node flow fits well under 2 MB). */
  jsonLimit?: string;
}

/** Builds the express app without listening, so tests drive it directly. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    pinoHttp({
      logger: deps.logger,
      autoLogging: { ignore: (req) => req.url?.startsWith('/healthz') ?? false },
    }),
  );

  app.use(
    healthRoutes([
      { name: 'sqlite', check: () => void deps.store.db.prepare('select 1').get() },
      ...(deps.readiness ?? []),
    ]),
  );

  const api = express.Router();
  api.use(authenticate());
  api.use(requireJson);
  // Event routes come first: they parse their bodies with their own, much smaller, limits.
  if (deps.ingest) api.use(eventRoutes(deps.ingest));
  api.use(express.json({ limit: deps.jsonLimit ?? '2mb', strict: false }));
  api.use(flowRoutes(createFlowService(deps.store)));
  api.use(contactRoutes(deps.store));
  api.use(scoreRoutes(deps.store));
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
