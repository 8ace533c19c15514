import type { OutboxEntry } from '@scoreflow/store';
import { deliverEmail, type EmailSettings } from '../delivery/email.js';
import { DeliveryError } from '../delivery/errors.js';
import type { TargetPolicy } from '../delivery/ssrf.js';
import {
  postWebhook,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  webhookSecretName,
} from '../delivery/webhook.js';
import type { ProcessingDeps } from './job.js';

export { DeliveryError } from '../delivery/errors.js';

export interface DeliveryOptions {
  /** Per-request timeout of a webhook call. */
  webhookTimeoutMs?: number;
  /** Which private targets webhooks may call (default: none, only public addresses). */
  webhookPolicy?: Partial<TargetPolicy>;
  /** SMTP transport, sender and public URL; without a transport the outbox row is the delivered record. */
  email?: Partial<EmailSettings>;
}

export type DeliveryOutcome = { status: 'delivered' } | { status: 'skipped'; reason: string };

export const DEFAULT_EMAIL_FROM = 'Scoreflow <scoreflow@localhost>';
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:3000';

async function deliverWebhook(deps: ProcessingDeps, row: OutboxEntry, options: DeliveryOptions) {
  const payload = row.payload as { url: string; body: { flowId?: string } };
  const flowId = (row.runId ? deps.store.runs.get(row.runId)?.flowId : undefined) ?? payload.body.flowId;
  if (!flowId) throw new DeliveryError('the webhook has no flow to sign it with', { permanent: true });
  const body = JSON.stringify(payload.body);
  const timestamp = Math.floor(deps.now() / 1000);
  const secret = deps.store.secrets.getOrCreate(webhookSecretName(flowId));
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
    {
      timeoutMs: options.webhookTimeoutMs ?? 10_000,
      maxRedirects: 3,
      allowPrivate: options.webhookPolicy?.allowPrivate ?? false,
      allowHosts: options.webhookPolicy?.allowHosts ?? [],
    },
  );
}

/**
 * Delivers one outbox row after the transaction that wrote it has committed. Webhooks are signed and
 * POSTed with the row's idempotency key, so a receiver can drop the duplicate if this process dies
 * between the call and marking the row delivered. Emails are rendered from their template (a missing
 * variable fails the step) and sent by SMTP when a transport is configured; without one the outbox row
 * is the delivered record. Sales notifications have no transport yet.
 */
export async function deliver(
  deps: ProcessingDeps,
  outboxId: string,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const { store } = deps;
  const row = store.outbox.get(outboxId);
  if (!row) return { status: 'skipped', reason: 'no such outbox row' };
  if (row.status !== 'pending') return { status: 'skipped', reason: `already ${row.status}` };

  if (row.kind === 'webhook') await deliverWebhook(deps, row, options);
  if (row.kind === 'email') {
    const outcome = await deliverEmail(store, row, {
      transport: options.email?.transport,
      from: options.email?.from ?? DEFAULT_EMAIL_FROM,
      publicUrl: options.email?.publicUrl ?? DEFAULT_PUBLIC_URL,
    });
    if (outcome.status === 'skipped') {
      recordDeliverySkip(deps, row, outcome.reason);
      return outcome;
    }
  }
  store.transaction(() => {
    store.outbox.markDelivered(outboxId, deps.now());
    completeRetriedRun(deps, row.runId);
  });
  return { status: 'delivered' };
}

/**
 * A run that support retried for its failed deliveries is 'running' until they are delivered; the
 * last one completes it (or puts it back to waiting when it still has a wait pending).
 */
function completeRetriedRun(deps: ProcessingDeps, runId: string | null): void {
  const { store } = deps;
  const run = runId ? store.runs.get(runId) : undefined;
  if (run?.status !== 'running') return;
  if (store.outbox.listForRun(run.id).some((o) => o.status !== 'delivered')) return;
  const waiting = store.waits
    .listForRun(run.id)
    .filter((w) => w.status === 'pending')
    .at(-1);
  store.runs.update(
    run.id,
    waiting
      ? { status: 'waiting', currentNodeId: waiting.nodeId }
      : { status: 'completed', currentNodeId: null },
  );
}

/** The step's next attempt number: one more than the steps already recorded for its node. */
function nextAttempt(deps: ProcessingDeps, runId: string, nodeId: string): number {
  return deps.store.steps.listForRun(runId).filter((s) => s.nodeId === nodeId).length;
}

const stepType = (row: OutboxEntry) => `action.${row.kind === 'email' ? 'sendEmail' : row.kind}`;

/**
 * Records a delivery that was deliberately not made (the contact unsubscribed after the step ran): the
 * outbox row ends with the reason and the run shows a skipped step; the run itself is not failed.
 */
function recordDeliverySkip(deps: ProcessingDeps, row: OutboxEntry, reason: string): void {
  const { store } = deps;
  store.transaction(() => {
    store.outbox.markFailed(row.id, { error: reason });
    if (!row.runId || !row.nodeId) return;
    store.steps.record({
      runId: row.runId,
      nodeId: row.nodeId,
      nodeType: stepType(row),
      attempt: nextAttempt(deps, row.runId, row.nodeId),
      status: 'skipped',
      input: { outboxId: row.id },
      output: { skipped: reason },
    });
  });
}

/**
 * Records a failed delivery attempt. The last failure fails the step for good and makes it visible
 * on the run, so support staff see why the webhook did not arrive.
 */
export function recordDeliveryFailure(
  deps: ProcessingDeps,
  outboxId: string,
  error: string,
  final: boolean,
  retryAt?: number,
): void {
  const { store } = deps;
  store.transaction(() => {
    const row = store.outbox.markFailed(
      outboxId,
      final || retryAt === undefined ? { error } : { error, retryAt },
    );
    if (!final || !row?.runId || !row.nodeId) return;
    const run = store.runs.get(row.runId);
    if (!run) return;
    store.steps.record({
      runId: run.id,
      nodeId: row.nodeId,
      nodeType: stepType(row),
      attempt: nextAttempt(deps, run.id, row.nodeId),
      status: 'error',
      input: { outboxId, attempts: row.attempts },
      output: null,
      error: `delivery failed after ${row.attempts} attempt(s): ${error}`,
    });
    if (run.status !== 'cancelled') {
      store.waits.cancelForRun(run.id);
      store.runs.update(run.id, {
        status: 'failed',
        error: `delivery failed: ${error}`,
        currentNodeId: row.nodeId,
      });
    }
  });
}
