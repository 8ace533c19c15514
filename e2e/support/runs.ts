import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type APIRequestContext, expect } from '@playwright/test';
import { createFlow } from './api.js';

type Doc = Record<string, unknown>;
type Run = { id: string; status: string; flowId: string; contactId: string };

/** Creates, publishes and activates a flow; returns its id. */
export async function activeFlow(request: APIRequestContext, document: Doc): Promise<string> {
  const id = await createFlow(request, document);
  for (const step of ['publish', 'activate']) {
    const res = await request.post(`/api/flows/${id}/${step}`);
    if (!res.ok()) throw new Error(`${step}: ${res.status()} ${await res.text()}`);
  }
  return id;
}

/** Stores an email template the Send email step can use. */
export async function putTemplate(request: APIRequestContext, name: string): Promise<void> {
  const res = await request.put(`/api/templates/${encodeURIComponent(name)}`, {
    data: { subject: 'Talk to sales', text: 'Hello {{ contact.email }}' },
  });
  if (!res.ok()) throw new Error(`template: ${res.status()} ${await res.text()}`);
}

/** Stores the template unless one of that name exists (specs running side by side may share it). */
export async function ensureTemplate(request: APIRequestContext, name: string): Promise<void> {
  const res = await request.get(`/api/templates/${encodeURIComponent(name)}`);
  if (res.status() === 404) await putTemplate(request, name);
  else if (!res.ok()) throw new Error(`template: ${res.status()} ${await res.text()}`);
}

/** Sends one event for a contact through the public API. */
export async function sendEvent(
  request: APIRequestContext,
  type: string,
  email: string,
  properties: Record<string, unknown> = {},
): Promise<void> {
  const res = await request.post('/api/events', { data: { type, contact: { email }, properties } });
  if (res.status() !== 202) throw new Error(`event: ${res.status()} ${await res.text()}`);
}

/** The runs of a flow as the API lists them. */
export async function runsOf(request: APIRequestContext, flowId: string): Promise<Run[]> {
  const res = await request.get(`/api/runs?flowId=${flowId}&limit=500`);
  if (!res.ok()) throw new Error(`runs: ${res.status()}`);
  return ((await res.json()) as { items: Run[] }).items;
}

/** Waits until the flow has `count` runs, all in `status` (the workers process events asynchronously). */
export async function waitForRuns(
  request: APIRequestContext,
  flowId: string,
  count: number,
  status: string,
): Promise<Run[]> {
  await expect
    .poll(async () => (await runsOf(request, flowId)).filter((r) => r.status === status).length, {
      timeout: 20_000,
      message: `${count} ${status} runs of flow ${flowId}`,
    })
    .toBe(count);
  return (await runsOf(request, flowId)).filter((r) => r.status === status);
}

/** A unique, lowercase email address for a spec's contact. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

/**
 * A webhook receiver on loopback that fails the FIRST delivery of every idempotency key and accepts
 * the ones after it. The failure is a redirect to an ftp: URL, which Scoreflow treats as permanent:
 * a plain 500 would be retried with backoff by the runtime (8 attempts over minutes) before the run
 * fails, far too slow for a test. The retry from the UI is then the second delivery, and succeeds.
 */
export async function flakyWebhookServer(): Promise<{
  url: string;
  received: () => { key: string; ok: boolean }[];
  close: () => Promise<void>;
}> {
  const seen = new Set<string>();
  const log: { key: string; ok: boolean }[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const first = !seen.has(key);
      seen.add(key);
      log.push({ key, ok: !first });
      if (first) {
        res.writeHead(302, { location: 'ftp://127.0.0.1/unreachable' }).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received: () => [...log],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
