import { beforeEach, describe, expect, it } from 'vitest';
import { seedRunPrerequisites, useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();
let seed: ReturnType<typeof seedRunPrerequisites>;
beforeEach(() => {
  seed = seedRunPrerequisites(store());
});

/** Applies a delta the way the runtime does: score and ledger row in one transaction. */
const adjust = (contactId: string, delta: number, cause: 'flow' | 'decay' | 'manual' = 'flow') =>
  store().transaction(() => {
    const value = (store().scores.get(contactId, 'SCORE') ?? 0) + delta;
    store().scores.set(contactId, 'SCORE', value);
    return store().ledger.append({ contactId, score: 'SCORE', delta, value, causeKind: cause });
  });

describe('ledger repository', () => {
  it('sums to the score (webinar +10, five emails read +5 each, two skipped -2 each = 31)', () => {
    const id = seed.contact.id;
    for (const delta of [10, 5, 5, 5, 5, 5, -2, -2]) adjust(id, delta);
    expect(store().scores.get(id, 'SCORE')).toBe(31);
    expect(store().ledger.sumForContact(id, 'SCORE')).toBe(31);
    expect(store().ledger.sumForContact(id, 'OTHER')).toBe(0);
  });

  it('records the cause of a change and lists entries newest first, paged', () => {
    const id = seed.contact.id;
    const first = store().ledger.append({
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
    const second = store().ledger.append({
      contactId: id,
      score: 'SCORE',
      delta: 35,
      value: 45,
      causeKind: 'manual',
      actor: 'support@acme.test',
      note: 'met at the fair',
    });
    store().ledger.append({ contactId: id, score: 'engagement', delta: 1, value: 1, causeKind: 'flow' });

    expect(
      store()
        .ledger.listForContact(id, { score: 'SCORE' })
        .map((e) => e.id),
    ).toEqual([second.id, first.id]);
    expect(store().ledger.listForContact(id).length).toBe(3);
    expect(store().ledger.listForContact(id, { score: 'SCORE', limit: 1, beforeId: second.id })).toEqual([
      first,
    ]);
  });

  it('applies a keyed change once (a decay that runs twice for the same period)', () => {
    const id = seed.contact.id;
    const entry = { contactId: id, score: 'SCORE', delta: -5, value: -5, causeKind: 'decay' as const };
    const key = `decay:${id}:SCORE:2026-01`;
    expect(store().ledger.appendOnce(key, entry)?.idempotencyKey).toBe(key);
    expect(store().ledger.appendOnce(key, entry)).toBeUndefined();
    expect(store().ledger.sumForContact(id, 'SCORE')).toBe(-5);
  });

  it('is append-only', () => {
    store().ledger.append({
      contactId: seed.contact.id,
      score: 'SCORE',
      delta: 1,
      value: 1,
      causeKind: 'flow',
    });
    expect(() => store().db.prepare('UPDATE score_ledger SET delta = 100').run()).toThrow(/append-only/);
  });

  it('refuses an unknown cause', () => {
    expect(() =>
      store().ledger.append({
        contactId: seed.contact.id,
        score: 'S',
        delta: 1,
        value: 1,
        causeKind: 'magic' as never,
      }),
    ).toThrow(/CHECK constraint/);
  });
});
