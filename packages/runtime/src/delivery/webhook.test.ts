import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FlowDocumentInput } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { activateFlow, createTestRuntime, type TestRuntime } from '../testing/harness.js';
import type { RuntimeOptions } from '../worker/runtime.js';
import { blockedRange } from './ssrf.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature, webhookSecretName } from './webhook.js';

interface Received {
  url: string;
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP peer on loopback; `/redirect?to=URL` answers 307 to URL, anything else 200. */
async function peer() {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ url: req.url ?? '', method: req.method ?? '', headers: req.headers, body });
      const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
      if (to) res.writeHead(307, { location: to });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, received, close: () => new Promise((r) => server.close(r)) };
}

const hookFlow = (url: string): FlowDocumentInput =>
  flow(
    [node('t', 'trigger.event', { event: 'demo.requested' }), node('h', 'action.webhook', { url })],
    ['t>h'],
    {
      name: 'Tell the CRM',
    },
  );

let t: TestRuntime | undefined;
let server: Awaited<ReturnType<typeof peer>> | undefined;
afterEach(async () => {
  await t?.close();
  await server?.close();
  t = undefined;
  server = undefined;
});

const email = 'kim@example.com';

async function runHook(url: string, options: Partial<RuntimeOptions> = {}) {
  t = await createTestRuntime({ deliveryAttempts: 3, deliveryBackoffMs: 20, ...options });
  await t.runtime.start();
  const flowId = await activateFlow(t.store, hookFlow(url));
  await t.send({ type: 'demo.requested', contact: { email } });
  const rt = t;
  const contactId = (await rt.store.contacts.findByEmail(email))?.id ?? '';
  const hook = async () =>
    (await rt.store.outbox.listForContact(contactId)).find((o) => o.kind === 'webhook');
  await rt.until(async () => (await hook())?.status !== 'pending', 'the webhook to be delivered or fail');
  const [run] = await rt.store.runs.list({ contactId });
  const failedStep = (await rt.store.steps.listForRun(run?.id ?? '')).find((s) => s.status === 'error');
  return { flowId, hook: await hook(), run, failedStep, store: rt.store };
}

describe('webhook action', () => {
  it('POSTs JSON signed with the flow secret over "<timestamp>.<body>" to an allowed host', async () => {
    server = await peer();
    const url = `http://127.0.0.1:${server.port}/hook`;
    const { flowId, hook, store } = await runHook(url, { webhookAllowHosts: ['127.0.0.1'] });
    expect(hook?.status).toBe('delivered');
    expect(server.received).toHaveLength(1);
    const [request] = server.received;
    const secret = (await store.secrets.get(webhookSecretName(flowId))) ?? '';
    expect(secret).toHaveLength(43);
    const timestamp = String(request?.headers[TIMESTAMP_HEADER]);
    expect(Number(timestamp)).toBe(Math.floor(Date.UTC(2026, 0, 1) / 1000));
    const signature = String(request?.headers[SIGNATURE_HEADER]);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, timestamp, request?.body ?? '', signature)).toBe(true);
    // A receiver with another key, or a tampered body, must reject it.
    expect(verifyWebhookSignature('other', timestamp, request?.body ?? '', signature)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, `${request?.body} `, signature)).toBe(false);
    expect(JSON.parse(request?.body ?? '')).toMatchObject({ type: 'scoreflow.webhook', flowId, nodeId: 'h' });
  });

  it.each([
    [
      'loopback',
      (port: number) => `http://127.0.0.1:${port}/hook`,
      /127\.0\.0\.1, which is in 127\.0\.0\.0\/8 Loopback/,
    ],
    [
      'a name for loopback',
      (port: number) => `http://localhost:${port}/hook`,
      /localhost resolves to .*Loopback/,
    ],
    [
      'IPv6 loopback',
      (port: number) => `http://[::1]:${port}/hook`,
      /::1, which is in ::1\/128 Loopback Address/,
    ],
    [
      'a private address',
      () => 'http://10.0.0.1/hook',
      /10\.0\.0\.1, which is in 10\.0\.0\.0\/8 Private-Use/,
    ],
    [
      'cloud metadata',
      () => 'http://169.254.169.254/latest/meta-data/',
      /169\.254\.169\.254, which is in 169\.254\.0\.0\/16 Link Local/,
    ],
    ['IPv4-mapped loopback', () => 'http://[::ffff:127.0.0.1]/hook', /which is in 127\.0\.0\.0\/8 Loopback/],
  ])('refuses %s with a clear step error, sending nothing', async (_what, target, message) => {
    server = await peer();
    const { hook, run, failedStep } = await runHook(target(server.port));
    expect(server.received).toHaveLength(0);
    expect(hook).toMatchObject({ status: 'failed', attempts: 1 });
    expect(run?.status).toBe('failed');
    expect(failedStep?.error).toMatch(/blocked: /);
    expect(failedStep?.error).toMatch(message);
  });

  it('re-checks every redirect: an allowed host redirecting to loopback is refused at that hop', async () => {
    server = await peer();
    const next = encodeURIComponent(`http://localhost:${server.port}/internal`);
    const url = `http://127.0.0.1:${server.port}/redirect?to=${next}`;
    const { hook, failedStep } = await runHook(url, { webhookAllowHosts: ['127.0.0.1'] });
    expect(server.received.map((r) => r.url)).toEqual([`/redirect?to=${next}`]);
    expect(hook?.status).toBe('failed');
    expect(failedStep?.error).toMatch(/blocked: localhost resolves to/);
  });

  it('follows allowed redirects (307 keeps the signed POST) and stops after 3', async () => {
    server = await peer();
    const base = `http://127.0.0.1:${server.port}`;
    const final = `${base}/final`;
    const hop = (to: string) => `${base}/redirect?to=${encodeURIComponent(to)}`;
    const { hook } = await runHook(hop(hop(final)), { webhookAllowPrivate: true });
    expect(hook?.status).toBe('delivered');
    expect(server.received.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
    expect(server.received.at(-1)?.url).toBe('/final');
    expect(server.received.at(-1)?.body).toBe(server.received[0]?.body);
    await t?.close();
    t = undefined;
    server.received.length = 0;
    const tooMany = await runHook(hop(hop(hop(hop(final)))), { webhookAllowPrivate: true });
    expect(server.received).toHaveLength(4);
    expect(tooMany.failedStep?.error).toMatch(/redirected more than 3 times/);
  });
});

describe('blockedRange', () => {
  it('lets public unicast through and names the range of everything else', () => {
    expect(blockedRange('93.184.216.34')).toBeUndefined();
    expect(blockedRange('2606:2800:220:1:248:1893:25c8:1946')).toBeUndefined();
    expect(blockedRange('127.0.0.1')).toBe('127.0.0.0/8 Loopback');
    expect(blockedRange('10.1.2.3')).toBe('10.0.0.0/8 Private-Use');
    expect(blockedRange('172.16.0.1')).toBe('172.16.0.0/12 Private-Use');
    expect(blockedRange('192.168.1.1')).toBe('192.168.0.0/16 Private-Use');
    expect(blockedRange('169.254.169.254')).toBe('169.254.0.0/16 Link Local');
    expect(blockedRange('100.64.0.1')).toBe('100.64.0.0/10 Shared Address Space');
    expect(blockedRange('0.0.0.0')).toBe('0.0.0.0/32 "This host on this network"');
    expect(blockedRange('224.0.0.1')).toBe('224.0.0.0/4 Multicast');
    expect(blockedRange('::')).toBe('::/128 Unspecified Address');
    expect(blockedRange('::1')).toBe('::1/128 Loopback Address');
    expect(blockedRange('fe80::1')).toBe('fe80::/10 Link-Local Unicast');
    expect(blockedRange('fd00:ec2::254')).toBe('fc00::/7 Unique-Local');
    expect(blockedRange('ff02::1')).toBe('ff00::/8 Multicast');
    expect(blockedRange('::ffff:10.0.0.1')).toBe('10.0.0.0/8 Private-Use');
    expect(blockedRange('64:ff9b::a00:1')).toBe(
      '64:ff9b::/96 IPv4-IPv6 Translat., carrying 10.0.0.0/8 Private-Use',
    );
  });
});
