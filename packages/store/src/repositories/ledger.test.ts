import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let seed: Awaited<ReturnType<typeof seedRunPrerequisites>>;
beforeEach(async () => {
  seed = await seedRunPrerequisites(store());
});

/** Applies a delta the way the runtime does: score and ledger row in one transaction. */
const adjust = (contactId: string, delta: number, cause: 'flow' | 'decay' | 'manual' = 'flow') =>
  store().transaction(async () => {
    const value = ((await store().scores.get(contactId, 'SCORE')) ?? 0) + delta;
    await store().scores.set(contactId, 'SCORE', value);
    return await store().ledger.append({ contactId, score: 'SCORE', delta, value, causeKind: cause });
  });

describe('ledger repository', () => {
  it('writes a score change and the score together, and a keyed change only once', async () => {
    const contactId = seed.contact.id;
    const change = { contactId, score: 'SCORE', causeKind: 'flow' as const, runId: 'r1' };
    const first = await store().ledger.appendWithScore({ ...change, delta: 10, value: 10 });
    expect(first).toMatchObject({ contactId, score: 'SCORE', delta: 10, value: 10, runId: 'r1' });
    expect(first?.id).toEqual(expect.any(Number));
    expect(await store().scores.get(contactId, 'SCORE')).toBe(10);

    const keyed = { ...change, causeKind: 'decay' as const, delta: -4, value: 6 };
    expect(await store().ledger.appendWithScore(keyed, 'decay:c:SCORE:1')).toMatchObject({ value: 6 });
    expect(await store().scores.get(contactId, 'SCORE')).toBe(6);
    // The key was applied: neither the row nor the score is written again, whatever the value.
    expect(await store().ledger.appendWithScore({ ...keyed, value: 2 }, 'decay:c:SCORE:1')).toBeUndefined();
    expect(await store().scores.get(contactId, 'SCORE')).toBe(6);
    expect(await store().ledger.sumForContact(contactId, 'SCORE')).toBe(6);
  });

  it('appends many entries at once, in order', async () => {
    const id = seed.contact.id;
    await store().ledger.appendMany([
      {
        contactId: id,
        score: 'SCORE',
        delta: 10,
        value: 10,
        causeKind: 'manual',
        actor: 'csv-import',
        note: 'line 2',
      },
      {
        contactId: id,
        score: 'SCORE',
        delta: -4,
        value: 6,
        causeKind: 'manual',
        actor: 'csv-import',
        note: 'line 3',
      },
    ]);
    expect(await store().ledger.sumForContact(id, 'SCORE')).toBe(6);
    expect((await store().ledger.listForContact(id)).map((e) => [e.delta, e.note])).toEqual([
      [-4, 'line 3'],
      [10, 'line 2'],
    ]);
  });

  it('sums to the score (webinar +10, five emails read +5 each, two skipped -2 each = 31)', async () => {
    const id = seed.contact.id;
    for (const delta of [10, 5, 5, 5, 5, 5, -2, -2]) await adjust(id, delta);
    expect(await store().scores.get(id, 'SCORE')).toBe(31);
    expect(await store().ledger.sumForContact(id, 'SCORE')).toBe(31);
    expect(await store().ledger.sumForContact(id, 'OTHER')).toBe(0);
  });

  it('records the cause of a change and lists entries newest first, paged', async () => {
    const id = seed.contact.id;
    const first = await store().ledger.append({
      contactId: id,
      score: 'SCORE',
      delta: 10,
      value: 10,
      causeKind: 'flow',
      flowId: seed.flow.id,
      flowVersion: 1,
      nodeId: 'n2',
      runId: 'run-1',
      eventId: 'ev-1',
    });
    expect(first).toEqual({
      id: first.id,
      contactId: id,
      score: 'SCORE',
      delta: 10,
      value: 10,
      causeKind: 'flow',
      flowId: seed.flow.id,
      flowVersion: 1,
      nodeId: 'n2',
      runId: 'run-1',
      eventId: 'ev-1',
      actor: null,
      note: null,
      idempotencyKey: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      mergedFrom: null,
    });
    clock().advance(1);
    const second = await store().ledger.append({
      contactId: id,
      score: 'SCORE',
      delta: 35,
      value: 45,
      causeKind: 'manual',
      actor: 'support@acme.test',
      note: 'met at the fair',
    });
    await store().ledger.append({
      contactId: id,
      score: 'engagement',
      delta: 1,
      value: 1,
      causeKind: 'flow',
    });

    expect((await store().ledger.listForContact(id, { score: 'SCORE' })).map((e) => e.id)).toEqual([
      second.id,
      first.id,
    ]);
    expect((await store().ledger.listForContact(id)).length).toBe(3);
    expect(
      await store().ledger.listForContact(id, { score: 'SCORE', limit: 1, beforeId: second.id }),
    ).toEqual([first]);
  });

  it('applies a keyed change once (a decay that runs twice for the same period)', async () => {
    const id = seed.contact.id;
    const entry = { contactId: id, score: 'SCORE', delta: -5, value: -5, causeKind: 'decay' as const };
    const key = `decay:${id}:SCORE:2026-01`;
    expect((await store().ledger.appendOnce(key, entry))?.idempotencyKey).toBe(key);
    expect(await store().ledger.appendOnce(key, entry)).toBeUndefined();
    expect(await store().ledger.sumForContact(id, 'SCORE')).toBe(-5);
  });

  it('is append-only', async () => {
    await store().ledger.append({
      contactId: seed.contact.id,
      score: 'SCORE',
      delta: 1,
      value: 1,
      causeKind: 'flow',
    });
    await expect(sql`UPDATE score_ledger SET delta = 100`.execute(store().db)).rejects.toThrow(/append-only/);
  });

  it('refuses an unknown cause', async () => {
    await expect(
      store().ledger.append({
        contactId: seed.contact.id,
        score: 'S',
        delta: 1,
        value: 1,
        causeKind: 'magic' as never,
      }),
    ).rejects.toThrow(/check constraint/i);
  });
});
