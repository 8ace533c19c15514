import type { OutboxEntry } from '@scoreflow/store';
import { actionOfOutboxKind, outboundAction } from '../nodes/index.js';
import { type DeliveryContext, type DeliveryOptions, deliveryContext } from './context.js';
import { DeliveryError } from './errors.js';

type Deps = DeliveryContext['deps'];

export type DeliveryOutcome =
  | { status: 'delivered'; kind: string }
  | { status: 'skipped'; reason: string; kind?: string };

/**
 * Delivers one outbox row after the transaction that wrote it has committed, by the transport the
 * node table names for its kind (nodes/actions.ts). A row of a kind this code does not know fails for
 * good. A delivery deliberately not made (the contact unsubscribed since) ends as a skipped step.
 */
export async function deliver(
  deps: Deps,
  outboxId: string,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const { store } = deps;
  const row = await store.outbox.get(outboxId);
  if (!row) return { status: 'skipped', reason: 'no such outbox row' };
  if (row.status !== 'pending') return { status: 'skipped', reason: `already ${row.status}`, kind: row.kind };
  const type = actionOfOutboxKind(row.kind);
  const action = type && outboundAction(type);
  if (!action)
    throw new DeliveryError(`no delivery for outbox rows of kind "${row.kind}"`, { permanent: true });

  const skipped = await action.deliver(row, deliveryContext(deps, options));
  if (skipped) {
    await recordDeliverySkip(deps, row, skipped.skipped);
    return { status: 'skipped', reason: skipped.skipped, kind: row.kind };
  }
  await store.transaction(async () => {
    await lockRunContact(deps, row);
    if (await store.outbox.markDelivered(outboxId, deps.now())) await recordRepairedDelivery(deps, row);
    await completeRetriedRun(deps, row.runId);
  });
  return { status: 'delivered', kind: row.kind };
}

/**
 * A delivery that ends writes its run's steps and status, which the contact's events, waits and run
 * actions also write: it takes its turn with them under the contact's lock. The row names the contact
 * the run had when it was written (a merge moves both); rows without a run change no run.
 */
async function lockRunContact(deps: Deps, row: OutboxEntry): Promise<void> {
  if (row.runId && row.contactId) await deps.store.contacts.lock(row.contactId);
}

/**
 * A run that support retried for its failed deliveries is 'running' until they are delivered; the
 * last one completes it (or puts it back to waiting when it still has a wait pending).
 */
async function completeRetriedRun(deps: Deps, runId: string | null): Promise<void> {
  const { store } = deps;
  const run = runId ? await store.runs.get(runId) : undefined;
  if (run?.status !== 'running') return;
  if ((await store.outbox.listForRun(run.id)).some((o) => o.status !== 'delivered')) return;
  const waiting = (await store.waits.listForRun(run.id)).filter((w) => w.status === 'pending').at(-1);
  await store.runs.update(
    run.id,
    waiting
      ? { status: 'waiting', currentNodeId: waiting.nodeId }
      : { status: 'completed', currentNodeId: null },
  );
}

/**
 * A delivery whose step had failed for good went out after a support retry: its node gets a step that
 * says so, so the run shows it succeeded in this attempt rather than still failed from the last one.
 */
async function recordRepairedDelivery(deps: Deps, row: OutboxEntry): Promise<void> {
  if (!row.runId || !row.nodeId) return;
  const { runId, nodeId } = row;
  const last = (await deps.store.steps.listForRun(runId)).filter((s) => s.nodeId === nodeId).at(-1);
  if (last?.status !== 'error') return;
  await deps.store.steps.record({
    runId,
    nodeId,
    nodeType: stepType(row),
    attempt: await nextAttempt(deps, runId, nodeId),
    status: 'ok',
    input: { outboxId: row.id },
    output: { delivered: row.id },
  });
}

/** The step's next attempt number: one more than the steps already recorded for its node. */
async function nextAttempt(deps: Deps, runId: string, nodeId: string): Promise<number> {
  return (await deps.store.steps.listForRun(runId)).filter((s) => s.nodeId === nodeId).length;
}

/** The step a row belongs to is of the action type that writes rows of its kind. */
const stepType = (row: OutboxEntry) => actionOfOutboxKind(row.kind) ?? row.kind;

/**
 * Records a delivery that was deliberately not made (the contact unsubscribed after the step ran): the
 * outbox row ends with the reason and the run shows a skipped step; the run itself is not failed.
 */
function recordDeliverySkip(deps: Deps, row: OutboxEntry, reason: string): Promise<void> {
  const { store } = deps;
  return store.transaction(async () => {
    await lockRunContact(deps, row);
    await store.outbox.markFailed(row.id, { error: reason });
    if (!row.runId || !row.nodeId) return;
    await store.steps.record({
      runId: row.runId,
      nodeId: row.nodeId,
      nodeType: stepType(row),
      attempt: await nextAttempt(deps, row.runId, row.nodeId),
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
  deps: Deps,
  outboxId: string,
  error: string,
  final: boolean,
  retryAt?: number,
): Promise<OutboxEntry | undefined> {
  const { store } = deps;
  return store.transaction(async () => {
    const row = await store.outbox.markFailed(
      outboxId,
      final || retryAt === undefined ? { error } : { error, retryAt },
    );
    if (!final || !row?.runId || !row.nodeId) return row;
    // Only the row has changed so far: the run is read, and failed, under its contact's lock.
    await lockRunContact(deps, row);
    const run = await store.runs.get(row.runId);
    if (!run) return row;
    await store.steps.record({
      runId: run.id,
      nodeId: row.nodeId,
      nodeType: stepType(row),
      attempt: await nextAttempt(deps, run.id, row.nodeId),
      status: 'error',
      input: { outboxId, attempts: row.attempts },
      output: null,
      error: `delivery failed after ${row.attempts} attempt(s): ${error}`,
    });
    if (run.status !== 'cancelled') {
      await store.waits.cancelForRun(run.id);
      await store.runs.update(run.id, {
        status: 'failed',
        error: `delivery failed: ${error}`,
        currentNodeId: row.nodeId,
      });
    }
    return row;
  });
}
