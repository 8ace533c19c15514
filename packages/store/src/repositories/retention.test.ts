import { beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let seed: Awaited<ReturnType<typeof seedRunPrerequisites>>;
beforeEach(async () => {
  seed = await seedRunPrerequisites(store());
});

/** An outbox row as the delivery leaves it; written directly, the outbox's own rules are not under test. */
const outboxRow = (
  id: string,
  status: 'pending' | 'delivered',
  createdAt: number,
  deliveredAt: number | null,
) =>
  store()
    .db.insertInto('outbox')
    .values({
      id,
      kind: 'email',
      payload: '{}',
      idempotency_key: id,
      status,
      created_at: createdAt,
      delivered_at: deliveredAt,
    })
    .execute();

describe('retention repository', () => {
  it('prunes old steps of ended runs, old processed events but each newest per type, and delivered outbox rows', async () => {
    const old = clock().now();
    const ended = await store().runs.create({
      flowId: seed.flow.id,
      flowVersion: 1,
      contactId: seed.contact.id,
    });
    const active = await store().runs.create({
      flowId: seed.flow.id,
      flowVersion: 1,
      contactId: seed.contact.id,
    });
    for (const runId of [ended.id, active.id]) {
      for (const attempt of [1, 2, 3]) {
        await store().steps.record({
          runId,
          nodeId: 'n2',
          nodeType: 'action.adjustScore',
          attempt,
          status: 'ok',
        });
      }
    }
    await store().runs.update(ended.id, { status: 'completed' });

    const contactId = seed.contact.id;
    for (const id of ['click-1', 'click-2', 'click-3']) {
      await store().events.insert({ id, type: 'email.clicked', contactId, occurredAt: old });
      await store().events.markProcessed(id);
    }
    await store().events.insert({ id: 'open-1', type: 'email.opened', contactId, occurredAt: old - 1 });
    await store().events.markProcessed('open-1');
    await store().events.insert({ id: 'open-2', type: 'email.opened', contactId, occurredAt: old });
    await store().events.insert({ id: 'unlinked-1', type: 'page', occurredAt: old - 1 });
    await store().events.insert({ id: 'unlinked-2', type: 'page', occurredAt: old });
    await store().events.markProcessed('unlinked-1');

    await outboxRow('sent-old', 'delivered', old, old);
    await outboxRow('waiting-old', 'pending', old, null);
    clock().advance(40 * DAY_MS);
    await outboxRow('sent-new', 'delivered', clock().now(), clock().now());
    await store().events.insert({ id: 'click-new', type: 'email.clicked', contactId });
    await store().events.markProcessed('click-new');

    expect(await store().retention.pruneBefore(clock().now() - 30 * DAY_MS, 2)).toEqual({
      steps: 3,
      events: 4,
      outbox: 1,
    });
    expect(await store().steps.listForRun(ended.id)).toEqual([]);
    expect(await store().steps.listForRun(active.id)).toHaveLength(3);
    // The newest clicked is the new one; the old opened stays behind a pending one, which is never pruned.
    expect((await store().events.listForContact(contactId)).map((e) => e.id).sort()).toEqual([
      'click-new',
      'open-2',
    ]);
    // Events of no contact have no newest to keep.
    expect(await store().events.typesOf(['unlinked-1', 'unlinked-2'])).toEqual(
      new Map([
        ['unlinked-1', 'page'],
        ['unlinked-2', 'page'],
      ]),
    );
    const outbox = await store().db.selectFrom('outbox').select('id').orderBy('id').execute();
    expect(outbox.map((r) => r.id)).toEqual(['sent-new', 'waiting-old']);
    expect(await store().retention.pruneBefore(clock().now() - 30 * DAY_MS)).toEqual({
      steps: 0,
      events: 0,
      outbox: 0,
    });
  });

  it('keeps the later of two events of a type that occurred at the same time', async () => {
    const at = clock().now();
    for (const id of ['first', 'second']) {
      await store().events.insert({ id, type: 'page', contactId: seed.contact.id, occurredAt: at });
      await store().events.markProcessed(id);
    }
    clock().advance(DAY_MS);
    expect((await store().retention.pruneBefore(clock().now())).events).toBe(1);
    expect((await store().events.listForContact(seed.contact.id)).map((e) => e.id)).toEqual(['second']);
  });

  it('compacts the database', async () => {
    await expect(store().retention.compact(10)).resolves.toBeUndefined();
  });
});
