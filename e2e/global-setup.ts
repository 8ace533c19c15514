import { type FullConfig, request } from '@playwright/test';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, STORAGE_STATE } from './support/auth.js';

/** Logs in through the API once and saves the session cookie, so every browser spec starts logged in. */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL;
  const context = await request.newContext({
    ...(baseURL === undefined ? {} : { baseURL }),
    extraHTTPHeaders: {},
  });
  try {
    // The PostgreSQL smoke run must really be on PostgreSQL: the server names its database in /readyz.
    const expected = process.env.E2E_STORE === 'postgres' ? 'postgres' : 'sqlite';
    const ready = (await (await context.get('/readyz')).json()) as { checks?: { name: string }[] };
    if (!ready.checks?.some((check) => check.name === expected)) {
      throw new Error(`e2e: the server is not on ${expected}: /readyz says ${JSON.stringify(ready)}`);
    }
    const res = await context.post('/api/auth/login', {
      data: { email: E2E_ADMIN_EMAIL, password: E2E_ADMIN_PASSWORD },
    });
    if (res.status() !== 200) throw new Error(`e2e login: ${res.status()} ${await res.text()}`);
    await context.storageState({ path: STORAGE_STATE });
  } finally {
    await context.dispose();
  }
}
