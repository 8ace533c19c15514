import type { ProcessingDeps } from './job.js';

export interface DeliveryOptions {
  /** Per-request timeout of a webhook call. */
  webhookTimeoutMs?: number;
}

export type DeliveryOutcome = { status: 'delivered' } | { status: 'skipped'; reason: string };

export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

/**
 * Delivers one outbox row after the transaction that wrote it has committed. Emails and sales
 * notifications have no transport yet (SMTP is configured by a later integration), so the outbox row
 * itself is the delivered record. Webhooks are POSTed with the row's idempotency key, so a receiver
 * can drop the duplicate if this process dies between the call and marking the row delivered.
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

  if (row.kind === 'webhook') {
    const payload = row.payload as { url: string; body: unknown };
    let response: Response;
    try {
      response = await fetch(payload.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Scoreflow-Webhook/1',
          'idempotency-key': row.idempotencyKey,
        },
        body: JSON.stringify(payload.body),
        signal: AbortSignal.timeout(options.webhookTimeoutMs ?? 10_000),
      });
    } catch (err) {
      const cause = (err as Error & { cause?: Error }).cause;
      throw new DeliveryError(`POST ${payload.url} failed: ${cause?.message ?? (err as Error).message}`);
    }
    // Drain the body so the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new DeliveryError(`POST ${payload.url} answered HTTP ${response.status}`);
  }
  store.outbox.markDelivered(outboxId, deps.now());
  return { status: 'delivered' };
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
    const attempt = store.steps.listForRun(run.id).filter((s) => s.nodeId === row.nodeId).length;
    store.steps.record({
      runId: run.id,
      nodeId: row.nodeId,
      nodeType: `action.${row.kind === 'email' ? 'sendEmail' : row.kind}`,
      attempt,
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
