import { EngineError } from '@scoreflow/engine';
import {
  DeliveryError,
  ManualChangeError,
  RunActionError,
  RuntimeError,
  TemplateRenderError,
} from '@scoreflow/runtime';
import { BackupError, StoreError } from '@scoreflow/store';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.js';
import { DataDirBusyError } from '../dataDirLock.js';
import { INTERNAL_DETAIL } from './codedErrors.js';
import { AppError } from './errors.js';
import { PROBLEM_CONTENT_TYPE, problemHandler } from './problem.js';

/** An app whose only route throws `err`, answered by the problem handler; `logged` counts its error lines. */
function throwing(err: unknown) {
  const log = { lines: 0 };
  const logger = pino({ level: 'error' }, { write: () => void log.lines++ });
  const app = express();
  app.get('/boom', () => {
    throw err;
  });
  app.use(problemHandler(logger));
  return { app, log };
}

const cases: [string, Error, number][] = [
  ['AppError', new AppError('forbidden', 'no'), 403],
  ['StoreError not_found', new StoreError('not_found', 'Run r1 does not exist'), 404],
  ['StoreError contact_identity_conflict', new StoreError('contact_identity_conflict', 'taken'), 409],
  ['StoreError contact_identity_required', new StoreError('contact_identity_required', 'who?'), 400],
  ['StoreError database_too_new', new StoreError('database_too_new', 'v99'), 500],
  ['BackupError backup_missing', new BackupError('backup_missing', 'gone'), 404],
  ['BackupError schema_changed', new BackupError('schema_changed', 'again'), 409],
  ['EngineError invalid_config', new EngineError('invalid_config', 'bad node'), 422],
  ['EngineError internal_error', new EngineError('internal_error', 'bug'), 500],
  ['RuntimeError redis_unreachable', new RuntimeError('redis_unreachable', 'redis://h:1'), 503],
  ['RunActionError run_not_found', new RunActionError('run_not_found', 'Run r1 does not exist'), 404],
  ['RunActionError nothing_to_retry', new RunActionError('nothing_to_retry', 'nothing'), 409],
  ['ManualChangeError contact_not_found', new ManualChangeError('contact_not_found', 'c1?'), 404],
  ['ManualChangeError no_change', new ManualChangeError('no_change', 'same'), 409],
  ['DeliveryError transient', new DeliveryError('POST https://x answered HTTP 500'), 502],
  ['DeliveryError permanent', new DeliveryError('blocked', { permanent: true }), 400],
  ['TemplateRenderError', new TemplateRenderError('bad template'), 400],
  ['ConfigError', new ConfigError('PORT: bad'), 500],
  ['DataDirBusyError', new DataDirBusyError('held by pid 1'), 503],
];

describe('the problem handler', () => {
  it.each(cases)('answers a %s with its status and a problem body', async (_name, err, status) => {
    const { app } = throwing(err);
    const res = await request(app).get('/boom').expect(status);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.body).toMatchObject({
      status,
      instance: '/boom',
      type: expect.stringMatching(/^urn:scoreflow:problem:[a-z-]+$/),
      title: expect.any(String),
    });
    // The client's mistakes say what was wrong; failures on our side do not repeat internals.
    if (status < 500) expect(res.body.detail).toBe(err.message);
    else expect(res.body.detail).not.toContain(err.message);
  });

  it('logs a coded error that answers 5xx, not one that answers 4xx', async () => {
    const server = throwing(new RuntimeError('redis_missing', 'no redis'));
    await request(server.app).get('/boom').expect(503);
    expect(server.log.lines).toBe(1);
    const client = throwing(new StoreError('not_found', 'gone'));
    await request(client.app).get('/boom').expect(404);
    expect(client.log.lines).toBe(0);
  });

  it('answers 500 for a plain error and for a code its class does not list', async () => {
    for (const err of [new Error('x'), Object.assign(new StoreError('not_found', 'x'), { code: 'novel' })]) {
      const res = await request(throwing(err).app).get('/boom').expect(500);
      expect(res.body).toMatchObject({ type: 'urn:scoreflow:problem:internal', detail: INTERNAL_DETAIL });
    }
  });
});
