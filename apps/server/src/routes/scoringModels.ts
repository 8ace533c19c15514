import { API, BacktestRequest } from '@scoreflow/api';
import { ScoringModel } from '@scoreflow/flow';
import type { RunControl } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import express, { type Router } from 'express';
import { AppError, notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { jsonBody } from '../http/jsonBody.js';
import { requireJson } from '../http/middleware.js';
import { requireUtf8 } from '../http/utf8.js';
import { parseBody } from '../http/validate.js';
import { backtestModel } from '../services/backtest.js';
import { modelRowsFromCsv, modelRowsToCsv } from '../services/scoringModelCsv.js';
import { eventSuggestions, generateScoringFlow } from '../services/scoringModels.js';

/**
 * Scoring model tables: CRUD, CSV import and export, the event types to map rows to, generating the
 * scoring flow, and the backtest.
 * Mounted before the API's JSON-only rule because the import takes text/csv; the JSON routes bring that
 * rule (and the parser) with them.
 */
export function scoringModelRoutes(store: Store, control?: RunControl): Router {
  const router = guardedRouter();
  // The shared parser also refuses bodies nested deeper than the API allows.
  const parseJson = jsonBody('256kb');
  // UTF-8 only, checked on the raw bytes: invalid bytes are refused rather than stored as U+FFFD.
  const csv = express.text({ type: ['text/csv', 'text/plain'], limit: '512kb', verify: requireUtf8 });

  const getOr404 = async (id: string) => {
    const found = await store.scoringModels.get(id);
    if (!found) throw notFound(`Scoring model ${id}`);
    return found;
  };

  router.on(API.scoringModels.list, async (_req, res) => {
    res.json({ items: await store.scoringModels.list() });
  });

  router.on(API.scoringModels.create, requireJson, parseJson, async (req, res) => {
    const model = parseBody(ScoringModel, req.body, 'scoring model');
    res.status(201).json(await store.scoringModels.create(model));
  });

  router.on(API.scoringModels.get, async (req, res) => {
    res.json(await getOr404(req.params.id));
  });

  router.on(API.scoringModels.save, requireJson, parseJson, async (req, res) => {
    const model = parseBody(ScoringModel, req.body, 'scoring model');
    // The middlewares before the handler hide express's typing of the path parameters.
    const id = String(req.params.id);
    const updated = await store.scoringModels.update(id, model);
    if (!updated) throw notFound(`Scoring model ${id}`);
    res.json(updated);
  });

  router.on(API.scoringModels.remove, async (req, res) => {
    if (!(await store.scoringModels.delete(req.params.id))) throw notFound(`Scoring model ${req.params.id}`);
    res.status(204).end();
  });

  router.on(API.scoringModels.exportCsv, async (req, res) => {
    const { model } = await getOr404(req.params.id);
    const file = `${model.name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60) || 'model'}.csv`;
    res
      .type('text/csv; charset=utf-8')
      .attachment(file)
      .send(modelRowsToCsv(model.rows, model.salesReadyScore));
  });

  router.on(API.scoringModels.importCsv, csv, async (req, res) => {
    if (typeof req.body !== 'string') {
      throw new AppError('unsupported_media_type', 'Send the model rows as text/csv with a header row');
    }
    const { model } = await getOr404(req.params.id);
    const read = modelRowsFromCsv(req.body, model);
    if ('errors' in read) {
      throw new AppError('validation_failed', `The CSV has ${read.errors.length} problem(s)`, read.errors);
    }
    const next = parseBody(ScoringModel, { ...model, rows: read.rows }, 'scoring model');
    res.json(await store.scoringModels.update(req.params.id, next));
  });

  router.on(API.scoringModels.generate, async (req, res) => {
    const generated = await generateScoringFlow(store, req.params.id);
    res.status(generated.created ? 201 : 200).json(generated);
  });

  router.on(API.scoringModels.eventSuggestions, async (req, res) => {
    res.json({ items: await eventSuggestions(store, (await getOr404(req.params.id)).model) });
  });

  router.on(API.scoringModels.backtest, requireJson, parseJson, async (req, res) => {
    const body = parseBody(BacktestRequest, req.body ?? {}, 'backtest request');
    const stored = await getOr404(String(req.params.id));
    res.json(await backtestModel(store, body.model ?? stored.model, body.days, store.now(), stored.model));
  });

  router.on(API.scoringModels.applyFit, async (req, res) => {
    const stored = await getOr404(String(req.params.id));
    if (!control)
      throw new AppError(
        'service_unavailable',
        'Applying fit rules needs the queues, which this process has not',
      );
    const { fitRules, grading } = stored.model;
    if (fitRules.length === 0 && grading === null)
      throw new AppError('conflict', 'The model has no attribute rules and no grades: nothing to apply');
    const applied = await control.applyFit(stored.id);
    // Saved a moment ago and not in the catalog yet is as good as applied to nobody: say so.
    if (!applied) throw new AppError('conflict', 'The model changed meanwhile: try again');
    res.json(applied);
  });

  return router.router;
}
