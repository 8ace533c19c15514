import { describe, expect, it } from 'vitest';
import { openStore } from './store.js';
import { openTestStore, testClock, useTestStore } from './testSupport.js';

const { store, tmp } = useTestStore();

describe('store.transaction', () => {
  it('commits everything the function wrote and returns its result', () => {
    const id = store().transaction(() => {
      const { contact } = store().contacts.upsertByIdentity({ email: 'ann@example.com' });
      store().scores.set(contact.id, 'SCORE', 10);
      return contact.id;
    });
    const reader = openStore(store().db.name);
    try {
      expect(reader.scores.get(id, 'SCORE')).toBe(10);
    } finally {
      reader.close();
    }
  });

  it('rolls back everything when the function throws', () => {
    expect(() =>
      store().transaction(() => {
        const { contact } = store().contacts.upsertByIdentity({ email: 'ann@example.com' });
        store().scores.set(contact.id, 'SCORE', 10);
        store().events.insert({ id: 'ev-1', type: 'email.clicked' });
        throw new Error('worker crashed mid-job');
      }),
    ).toThrow('worker crashed mid-job');
    expect(store().contacts.findByEmail('ann@example.com')).toBeUndefined();
    // The event id is free again: a rolled-back event is not a duplicate.
    expect(store().events.insert({ id: 'ev-1', type: 'email.clicked' })).toBe('inserted');
  });

  it('rolls back a nested transaction alone when the outer one catches its error', () => {
    store().transaction(() => {
      store().events.insert({ id: 'outer', type: 't' });
      try {
        store().transaction(() => {
          store().events.insert({ id: 'inner', type: 't' });
          throw new Error('inner failure');
        });
      } catch {
        // the outer work goes on
      }
    });
    expect(store().events.get('outer')).toBeDefined();
    expect(store().events.get('inner')).toBeUndefined();
  });

  it('refuses an async function and rolls its synchronous writes back', () => {
    expect(() =>
      store().transaction(async () => {
        store().events.insert({ id: 'ev-async', type: 't' });
      }),
    ).toThrow(/promise/);
    expect(store().events.get('ev-async')).toBeUndefined();
  });

  it('holds the write lock from the start (BEGIN IMMEDIATE), so another connection cannot write meanwhile', () => {
    const other = openStore(store().db.name, { busyTimeoutMs: 0 });
    try {
      store().transaction(() => {
        expect(() => other.events.insert({ id: 'x', type: 't' })).toThrow(/database is locked/);
      });
      expect(other.events.insert({ id: 'x', type: 't' })).toBe('inserted');
    } finally {
      other.close();
    }
  });
});

describe('createStore', () => {
  it('uses the injected clock for every time it writes', () => {
    const clock = testClock(Date.UTC(2030, 5, 1));
    const timed = openTestStore(tmp, clock);
    try {
      expect(timed.now()).toBe(Date.UTC(2030, 5, 1));
      const { contact } = timed.contacts.upsertByIdentity({ email: 'ann@example.com' });
      expect(contact.createdAt).toBe('2030-06-01T00:00:00.000Z');
    } finally {
      timed.close();
    }
  });
});
