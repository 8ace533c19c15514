import { API } from '@scoreflow/api';
import { FREQUENCY_CAPS_SETTING, FrequencyCaps } from '@scoreflow/flow';
import type { Store } from '@scoreflow/store';
import type { Router } from 'express';
import { guardedRouter } from '../http/guardedRouter.js';
import { JSON_LIMITS, jsonWrites } from '../http/jsonBody.js';
import { parseBody } from '../http/validate.js';

/** The workspace's frequency caps on emails; no rules stored means emails are not capped. */
export async function frequencyCapsOf(store: Store): Promise<FrequencyCaps> {
  return (await store.settings.get<FrequencyCaps>(FREQUENCY_CAPS_SETTING)) ?? { rules: [] };
}

/** Workspace-wide settings. */
export function settingsRoutes(store: Store): Router {
  const router = guardedRouter({ body: jsonWrites(JSON_LIMITS.other) });

  router.on(API.settings.getFrequencyCaps, async (_req, res) => {
    res.json(await frequencyCapsOf(store));
  });

  router.on(API.settings.putFrequencyCaps, async (req, res) => {
    const caps = parseBody(FrequencyCaps, req.body, 'frequency caps');
    await store.settings.put(FREQUENCY_CAPS_SETTING, caps);
    res.json(caps);
  });

  return router.router;
}
