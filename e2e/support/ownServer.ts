import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { type APIRequestContext, type Browser, type BrowserContext, request } from '@playwright/test';
import { E2E_ADMIN_EMAIL, E2E_ADMIN_PASSWORD, E2E_TOKEN } from './auth.js';

/** A port the system just handed out, so a second server never collides with the suite's own. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

export interface OwnServer {
  baseURL: string;
  /** Set-up calls with the bootstrap admin token, as the suite's `request` fixture. */
  request: APIRequestContext;
  /** A browser context signed in as the admin by session cookie only. */
  signedIn(browser: Browser): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * The built server on its own empty data directory (e2e/start-server.mjs, as the suite's server), for
 * a spec that must see what a new installation shows (no contacts yet) although the suite's shared
 * server holds other specs' data.
 */
export async function startOwnServer(): Promise<OwnServer> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['e2e/start-server.mjs'], {
    stdio: 'ignore',
    env: {
      ...process.env,
      E2E_PORT: String(port),
      E2E_QUEUE_PREFIX: `e2e-own-${process.pid}-${Date.now()}`,
      SCOREFLOW_BOOTSTRAP_TOKEN: E2E_TOKEN,
      SCOREFLOW_ADMIN_EMAIL: E2E_ADMIN_EMAIL,
      SCOREFLOW_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const api = await request.newContext({
    baseURL,
    extraHTTPHeaders: { authorization: `Bearer ${E2E_TOKEN}` },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await api.get('/readyz').then(
      (r) => r.ok(),
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`own server on ${baseURL} did not start`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseURL,
    request: api,
    async signedIn(browser) {
      const login = await request.newContext({ baseURL });
      const res = await login.post('/api/auth/login', {
        data: { email: E2E_ADMIN_EMAIL, password: E2E_ADMIN_PASSWORD },
      });
      if (res.status() !== 200) throw new Error(`login: ${res.status()} ${await res.text()}`);
      const storageState = await login.storageState();
      await login.dispose();
      return browser.newContext({ baseURL, storageState });
    },
    async close() {
      await api.dispose();
      child.kill('SIGTERM');
      await exited;
    },
  };
}
