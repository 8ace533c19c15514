import { toIso } from '../codec.js';
import { prepare } from '../prepared.js';
import type { RepositoryContext } from './context.js';

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
  get(contactId: string, name: string): Promise<number | undefined>;
  set(contactId: string, name: string, value: number): Promise<void>;
  /** All scores of the contact as name -> value. */
  all(contactId: string): Promise<Record<string, number>>;
  /** All scores of the contact with their times, by name. */
  list(contactId: string): Promise<ScoreRecord[]>;
  /** Contacts holding the score `name`, by contact id after `afterContactId` (keyset pages for decay). */
  holders(
    name: string,
    options?: { afterContactId?: string; limit?: number },
  ): Promise<{ contactId: string; value: number }[]>;
}

export function createScoresRepository(ctx: RepositoryContext): ScoresRepository {
  const { db, now } = ctx;
  // The score statements of every event's processing, built once (prepared.ts).
  const ofContact = prepare(ctx, (db, p: { contactId: string }) =>
    db
      .selectFrom('scores')
      .select(['name', 'value', 'updated_at'])
      .where('contact_id', '=', p.contactId)
      .orderBy('name'),
  );
  const selectAll = (contactId: string) => ofContact.rows({ contactId });
  const one = prepare(ctx, (db, p: { contactId: string; name: string }) =>
    db.selectFrom('scores').select('value').where('contact_id', '=', p.contactId).where('name', '=', p.name),
  );
  const upsert = prepare(ctx, (db, p: { contactId: string; name: string; value: number; at: number }) =>
    db
      .insertInto('scores')
      .values({ contact_id: p.contactId, name: p.name, value: p.value, updated_at: p.at })
      .onConflict((oc) =>
        oc.columns(['contact_id', 'name']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
  );

  return {
    holders: (name, { afterContactId = '', limit = 500 } = {}) =>
      db()
        .selectFrom('scores')
        .select(['contact_id as contactId', 'value'])
        .where('name', '=', name)
        .where('contact_id', '>', afterContactId)
        .orderBy('contact_id')
        .limit(limit)
        .execute(),
    async get(contactId, name) {
      const row = await one.first({ contactId, name });
      return row?.value;
    },
    async set(contactId, name, value) {
      await upsert.execute({ contactId, name, value, at: now() });
    },
    all: async (contactId) =>
      Object.fromEntries((await selectAll(contactId)).map((row) => [row.name, row.value])),
    list: async (contactId) =>
      (await selectAll(contactId)).map((row) => ({
        name: row.name,
        value: row.value,
        updatedAt: toIso(row.updated_at),
      })),
  };
}
