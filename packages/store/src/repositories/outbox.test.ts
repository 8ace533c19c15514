import { beforeEach, describe, expect, it } from 'vitest';
import { seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let contactId: string;
beforeEach(async () => {
  contactId = (await seedRunPrerequisites(store())).contact.id;
});

const email = (key: string, template = 'discount-offer') => ({
  kind: 'email' as const,
  contactId,
  runId: 'run-1',
  nodeId: 'n4',
  payload: { template },
  idempotencyKey: key,
});

describe('outbox repository', () => {
  it('enqueues one entry per idempotency key, returning the stored one on a repeat', async () => {
    const first = await store().outbox.enqueue(email('run-1:n4:1'));
    expect(first.created).toBe(true);
    expect(first.entry).toMatchObject({
      kind: 'email',
      contactId,
      runId: 'run-1',
      nodeId: 'n4',
      payload: { template: 'discount-offer' },
      status: 'pending',
      attempts: 0,
      lastError: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      deliveredAt: null,
      nextAttemptAt: null,
    });
    const repeat = await store().outbox.enqueue(email('run-1:n4:1', 'something-else'));
    expect(repeat).toEqual({ entry: first.entry, created: false });
    expect(await store().outbox.listForContact(contactId)).toHaveLength(1);
  });

  it('marks an entry delivered once', async () => {
    const { entry } = await store().outbox.enqueue(email('k'));
    clock().advance(100);
    expect(await store().outbox.markDelivered(entry.id)).toBe(true);
    expect(await store().outbox.markDelivered(entry.id)).toBe(false);
    expect(await store().outbox.get(entry.id)).toMatchObject({
      status: 'delivered',
      deliveredAt: '2026-01-01T00:00:00.100Z',
    });
    expect(await store().outbox.listPending()).toEqual([]);
  });

  it('counts failed attempts: retried until the final failure, never after delivery', async () => {
    const { entry } = await store().outbox.enqueue(email('k'));
    const retryAt = clock().now() + 30_000;
    expect(await store().outbox.markFailed(entry.id, { error: 'SMTP 451', retryAt })).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'SMTP 451',
      nextAttemptAt: '2026-01-01T00:00:30.000Z',
    });
    // Not due before its retry time, due after.
    expect(await store().outbox.listPending({ dueBy: retryAt - 1 })).toEqual([]);
    expect((await store().outbox.listPending({ dueBy: retryAt })).map((e) => e.id)).toEqual([entry.id]);
    expect(await store().outbox.markFailed(entry.id, { error: 'SMTP 550' })).toMatchObject({
      status: 'failed',
      attempts: 2,
    });
    expect(await store().outbox.listPending()).toEqual([]);

    const other = (await store().outbox.enqueue(email('k2'))).entry;
    await store().outbox.markDelivered(other.id);
    expect(await store().outbox.markFailed(other.id, { error: 'late' })).toBeUndefined();
    expect((await store().outbox.get(other.id))?.attempts).toBe(0);
  });

  it('lists pending entries oldest first, and entries of a contact or run', async () => {
    const a = (await store().outbox.enqueue(email('a'))).entry;
    clock().advance(1);
    const b = (
      await store().outbox.enqueue({
        kind: 'webhook',
        payload: { url: 'https://hooks.test' },
        idempotencyKey: 'b',
      })
    ).entry;
    expect((await store().outbox.listPending()).map((e) => e.id)).toEqual([a.id, b.id]);
    expect((await store().outbox.listForContact(contactId)).map((e) => e.id)).toEqual([a.id]);
    expect((await store().outbox.listForRun('run-1')).map((e) => e.id)).toEqual([a.id]);
  });
});
