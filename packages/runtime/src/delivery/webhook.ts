import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { OutboxEntry } from '@scoreflow/store';
import type { DeliveryContext } from './context.js';
import { DeliveryError } from './errors.js';
import { type CheckedAddress, resolveTarget, type TargetPolicy } from './ssrf.js';

export const SIGNATURE_HEADER = 'x-scoreflow-signature';
export const TIMESTAMP_HEADER = 'x-scoreflow-timestamp';

/** The name under which a flow's webhook signing key is kept in the store's `secrets`. */
export const webhookSecretName = (flowId: string) => `webhook:flow:${flowId}`;

/**
 * `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`. The timestamp is signed with the body so a receiver
 * that rejects old timestamps (5 minutes is usual) also rejects a replayed request.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute the signature and compare in constant time. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number,
  body: string,
  header: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface WebhookSettings extends TargetPolicy {
  timeoutMs: number;
  maxRedirects: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function send(
  url: URL,
  target: CheckedAddress,
  method: string,
  body: string | undefined,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; location: string | undefined }> {
  // The connection goes to the address that was checked, whatever the name resolves to by now.
  const pinned = ((_host, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: pinned,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        // Drain the answer: only the status matters, and an unread body would hold the socket.
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * POSTs `body` to `url`. Every hop (the first one and each redirect, at most `maxRedirects`) is
 * resolved and checked against the policy before anything is sent to it, so a public URL that
 * redirects to 169.254.169.254 is refused just like the address itself.
 */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  settings: WebhookSettings,
): Promise<void> {
  let current = new URL(url);
  let method = 'POST';
  let payload: string | undefined = body;
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw new DeliveryError(`blocked: ${current.protocol} URLs cannot be called`, { permanent: true });
    }
    const target = await resolveTarget(current.hostname, settings);
    let answer: { status: number; location: string | undefined };
    try {
      answer = await send(current, target, method, payload, headers, settings.timeoutMs);
    } catch (err) {
      const cause = (err as Error & { cause?: Error }).cause;
      throw new DeliveryError(
        `${method} ${current.href} failed: ${cause?.message ?? (err as Error).message}`,
      );
    }
    if (REDIRECTS.has(answer.status) && answer.location !== undefined) {
      if (hop >= settings.maxRedirects) {
        throw new DeliveryError(`${url} redirected more than ${settings.maxRedirects} times`, {
          permanent: true,
        });
      }
      // As browsers do: 303 (and 301/302 after a POST) continue as GET without the body.
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
        method = 'GET';
        payload = undefined;
      }
      current = new URL(answer.location, current);
      continue;
    }
    if (answer.status < 200 || answer.status >= 300) {
      throw new DeliveryError(`${method} ${current.href} answered HTTP ${answer.status}`);
    }
    return;
  }
}

/**
 * Delivers a webhook outbox row: signed with its flow's secret and POSTed with the row's idempotency
 * key, so a receiver can drop the duplicate if this process dies between the call and marking the row
 * delivered.
 */
export async function deliverWebhook(row: OutboxEntry, { deps, webhook }: DeliveryContext): Promise<void> {
  const payload = row.payload as { url: string; body: { flowId?: string } };
  const flowId =
    (row.runId ? (await deps.store.runs.get(row.runId))?.flowId : undefined) ?? payload.body.flowId;
  if (!flowId) throw new DeliveryError('the webhook has no flow to sign it with', { permanent: true });
  const body = JSON.stringify(payload.body);
  const timestamp = Math.floor(deps.now() / 1000);
  const secret = await deps.store.secrets.getOrCreate(webhookSecretName(flowId));
  await postWebhook(
    payload.url,
    body,
    {
      'content-type': 'application/json',
      'user-agent': 'Scoreflow-Webhook/1',
      'idempotency-key': row.idempotencyKey,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
    },
    { ...webhook, maxRedirects: 3 },
  );
}
