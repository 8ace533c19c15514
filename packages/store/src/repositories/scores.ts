import { toIso } from '../codec.js';
import type { LegacyRepositoryContext } from './context.js';

/** One named score of a contact. */
export interface ScoreRecord {
  name: string;
  value: number;
  updatedAt: string;
}

/**
 * Current score values. Every change should also be appended to the ledger in the same transaction
 * (see `LedgerRepository`); this repository only holds the latest value.
 */
export interface ScoresRepository {
  /** The current value, or undefined when the contact never had this score. */
  get(contactId: string, name: string): number | undefined;
  set(contactId: string, name: string, value: number): void;
  /** All scores of the contact as name -> value. */
  all(contactId: string): Record<string, number>;
  /** All scores of the contact with their times, by name. */
  list(contactId: string): ScoreRecord[];
  /** Contacts holding the score `name`, by contact id after `afterContactId` (keyset pages for decay). */
  holders(
    name: string,
    options?: { afterContactId?: string; limit?: number },
  ): { contactId: string; value: number }[];
}

interface ScoreRow {
  name: string;
  value: number;
  updated_at: number;
}

export function createScoresRepository({ db, now }: LegacyRepositoryContext): ScoresRepository {
  const selectOne = db.prepare<[string, string], { value: number }>(
    'SELECT value FROM scores WHERE contact_id = ? AND name = ?',
  );
  const selectAll = db.prepare<[string], ScoreRow>(
    'SELECT name, value, updated_at FROM scores WHERE contact_id = ? ORDER BY name',
  );
  const upsert = db.prepare(
    `INSERT INTO scores (contact_id, name, value, updated_at) VALUES (@contactId, @name, @value, @now)
     ON CONFLICT (contact_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );

  const selectHolders = db.prepare<[string, string, number], { contactId: string; value: number }>(
    `SELECT contact_id AS contactId, value FROM scores WHERE name = ? AND contact_id > ?
     ORDER BY contact_id LIMIT ?`,
  );

  return {
    holders: (name, { afterContactId = '', limit = 500 } = {}) =>
      selectHolders.all(name, afterContactId, limit),
    get: (contactId, name) => selectOne.get(contactId, name)?.value,
    set: (contactId, name, value) => void upsert.run({ contactId, name, value, now: now() }),
    all: (contactId) => Object.fromEntries(selectAll.all(contactId).map((row) => [row.name, row.value])),
    list: (contactId) =>
      selectAll
        .all(contactId)
        .map((row) => ({ name: row.name, value: row.value, updatedAt: toIso(row.updated_at) })),
  };
}
