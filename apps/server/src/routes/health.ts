import { API } from '@scoreflow/api';
import type { Router } from 'express';
import { guardedRouter } from '../http/guardedRouter.js';

/** A dependency the server needs to do useful work; `/readyz` asks each one. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void> | void;
}

const CHECK_TIMEOUT_MS = 1_000;

async function runCheck(check: ReadinessCheck): Promise<{ name: string; ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
    return { name: check.name, ok: true };
  } catch (err) {
    return { name: check.name, ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(checks: ReadinessCheck[]): Router {
  const router = guardedRouter();

  // Liveness: the process answers. Deliberately checks nothing else, so an orchestrator does not
  // restart a healthy process because Redis blinked.
  router.on(API.system.healthz, (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.on(API.system.readyz, async (_req, res) => {
    const results = await Promise.all(checks.map(runCheck));
    const ready = results.every((r) => r.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: results });
  });

  return router.router;
}
