import { describe, expect, it } from 'vitest';
import { seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
const MINUTE = 60_000;

type OutboxRow = {
  id: string;
  kind: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts?: number;
  lastError?: string | null;
  runId?: string | null;
  createdAt: number;
};

/** Outbox rows and waits are written directly: only what the health queries count is under test. */
const outboxRow = (row: OutboxRow) =>
  store()
    .db.insertInto('outbox')
    .values({
      id: row.id,
      kind: row.kind,
      payload: '{}',
      idempotency_key: row.id,
      status: row.status,
      attempts: row.attempts ?? 0,
      last_error: row.lastError ?? null,
      run_id: row.runId ?? null,
      created_at: row.createdAt,
    })
    .execute();

describe('health repository', () => {
  it('reports the backlog of events, waits and deliveries', async () => {
    const start = clock().now();
    const seed = await seedRunPrerequisites(store());
    const run = await store().runs.create({
      flowId: seed.flow.id,
      flowVersion: 1,
      contactId: seed.contact.id,
    });
    expect(await store().health.backlog(start)).toEqual({
      events: { pending: 0, oldestReceivedAt: null },
      waits: { pending: 0, overdue: 0 },
      deliveries: [],
    });

    await store().events.insert({ id: 'e1', type: 'page' });
    clock().advance(1_000);
    await store().events.insert({ id: 'e2', type: 'page' });
    await store().events.insert({ id: 'e3', type: 'page' });
    await store().events.markProcessed('e3');
    for (const [id, dueAt, status] of [
      ['w1', start + 10, 'pending'],
      ['w2', start + 5_000, 'pending'],
      ['w3', start, 'fired'],
    ] as const) {
      await store()
        .db.insertInto('waits')
        .values({
          id,
          run_id: run.id,
          contact_id: seed.contact.id,
          node_id: 'n3',
          kind: 'delay',
          due_at: dueAt,
          status,
          created_at: start,
        })
        .execute();
    }
    await outboxRow({ id: 'o1', kind: 'webhook', status: 'pending', attempts: 2, createdAt: start + 7 });
    await outboxRow({ id: 'o2', kind: 'webhook', status: 'pending', createdAt: start + 3 });
    await outboxRow({ id: 'o3', kind: 'email', status: 'pending', createdAt: start + 9 });
    await outboxRow({ id: 'o4', kind: 'email', status: 'delivered', createdAt: start });

    expect(await store().health.backlog(start + 1_000)).toEqual({
      events: { pending: 2, oldestReceivedAt: start },
      waits: { pending: 2, overdue: 1 },
      deliveries: [
        { kind: 'email', pending: 1, retrying: 0, oldestCreatedAt: start + 9 },
        { kind: 'webhook', pending: 2, retrying: 1, oldestCreatedAt: start + 3 },
      ],
    });
  });

  it('counts events received and processed per minute, and the recent latency and failures', async () => {
    const start = clock().now();
    const byBucket = (counts: { bucket: number; n: number }[]) =>
      [...counts].sort((a, b) => a.bucket - b.bucket);
    await store().events.insert({ id: 'a', type: 'page' });
    await store().events.insert({ id: 'b', type: 'page' });
    clock().advance(MINUTE + 30_000);
    await store().events.insert({ id: 'c', type: 'page' });
    await store().events.markProcessed('a');
    clock().advance(MINUTE);
    await store().events.markFailed('b', 'boom');
    await store().events.markProcessed('c');

    expect(byBucket(await store().health.receivedPerMinute(start, MINUTE))).toEqual([
      { bucket: 0, n: 2 },
      { bucket: 1, n: 1 },
    ]);
    expect(byBucket(await store().health.receivedPerMinute(start + MINUTE, MINUTE))).toEqual([
      { bucket: 0, n: 1 },
    ]);
    expect(byBucket(await store().health.processedPerMinute(start, MINUTE, start))).toEqual([
      { bucket: 1, n: 1 },
      { bucket: 2, n: 2 },
    ]);
    expect(await store().health.processedPerMinute(start, MINUTE, start + 1)).toEqual([{ bucket: 2, n: 1 }]);

    const now = clock().now();
    // Latency of b and c (processed at `now`): received at start and a minute and a half later.
    expect(
      await store().health.recentProcessing({ latencySince: now, failedSince: start, receivedSince: start }),
    ).toEqual({ latency: (2.5 * MINUTE + MINUTE) / 2, failed: 1 });
    expect(
      await store().health.recentProcessing({
        latencySince: now + 1,
        failedSince: now + 1,
        receivedSince: start,
      }),
    ).toEqual({ latency: null, failed: 0 });
  });

  it('reports failed deliveries per kind and the newest delivery error', async () => {
    const start = clock().now();
    await outboxRow({ id: 'f1', kind: 'email', status: 'failed', lastError: 'old', createdAt: start });
    await outboxRow({
      id: 'f2',
      kind: 'email',
      status: 'failed',
      lastError: 'newer',
      runId: 'r1',
      createdAt: start + 5,
    });
    await outboxRow({
      id: 'f3',
      kind: 'webhook',
      status: 'failed',
      lastError: 'HTTP 500',
      createdAt: start + 1,
    });
    await outboxRow({ id: 'p1', kind: 'email', status: 'pending', createdAt: start + 9 });
    await outboxRow({
      id: 'd1',
      kind: 'email',
      status: 'delivered',
      lastError: 'retried',
      createdAt: start + 9,
    });

    const failed = await store().health.failedDeliveries(start + 1);
    expect([...failed].sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'email', n: 1 },
      { kind: 'webhook', n: 1 },
    ]);
    expect(await store().health.lastDeliveryError('email', start)).toEqual({
      message: 'newer',
      runId: 'r1',
      createdAt: start + 5,
    });
    expect(await store().health.lastDeliveryError('email', start + 6)).toBeUndefined();
    expect(await store().health.lastDeliveryError('sms', start)).toBeUndefined();
  });

  it('answers a ping and names the SQLite file (none on PostgreSQL)', async () => {
    await expect(store().health.ping()).resolves.toBeUndefined();
    const file = await store().health.file();
    if (store().dialect === 'sqlite') expect(file).toMatch(/\.sqlite$/);
    else expect(file).toBeNull();
  });
});
