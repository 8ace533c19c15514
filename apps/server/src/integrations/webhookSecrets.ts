import { API } from '@scoreflow/api';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSecretName } from '@scoreflow/runtime';
import type { Store } from '@scoreflow/store';
import type { Router } from 'express';
import { notFound } from '../http/errors.js';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';

/**
 * The key that signs a flow's webhook calls, made on first use. Receivers verify
 * `X-Scoreflow-Signature: v1=<hex HMAC-SHA256(key, "<X-Scoreflow-Timestamp>.<raw body>")>`.
 */
export function webhookSecretRoutes(store: Store): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.other) });

  const answer = (flowId: string, secret: string) => ({
    flowId,
    secret,
    algorithm: 'HMAC-SHA256',
    signatureHeader: SIGNATURE_HEADER,
    timestampHeader: TIMESTAMP_HEADER,
    signedContent: '<timestamp>.<raw body>',
  });

  router.on(API.flows.webhookSecret, async (req, res) => {
    if (!(await store.flows.get(req.params.id))) throw notFound(`Flow ${req.params.id}`);
    res.json(answer(req.params.id, await store.secrets.getOrCreate(webhookSecretName(req.params.id))));
  });

  router.on(API.flows.rotateWebhookSecret, async (req, res) => {
    if (!(await store.flows.get(req.params.id))) throw notFound(`Flow ${req.params.id}`);
    res.json(answer(req.params.id, await store.secrets.rotate(webhookSecretName(req.params.id))));
  });

  return router.router;
}
