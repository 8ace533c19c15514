import type { OnConflictBuilder, QueryCreator } from 'kysely';
import { batches } from '../batches.js';
import { toIso } from '../codec.js';
import { prepare, prepareByCount } from '../prepared.js';
import type { DB } from '../schema.js';
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
  /** The `name` score of each contact that has it, by contact id (`get` for an import's batch). */
  getMany(contactIds: readonly string[], name: string): Promise<Map<string, number>>;
  /** `set` for many at once, in a few statements; a later value for the same score wins. */
  setMany(values: readonly { contactId: string; name: string; value: number }[]): Promise<void>;
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

/** A contact's score set to a value, whether the contact had it or not: the one way a score row is written. */
export const scoreUpsert = (
  db: QueryCreator<DB>,
  p: { contactId: string; name: string; value: number; at: number },
) =>
  db
    .insertInto('scores')
    .values({ contact_id: p.contactId, name: p.name, value: p.value, updated_at: p.at })
    .onConflict(onScoreConflict);

/** The conflict clause of every score upsert: the new value and time replace the old. */
export const onScoreConflict = (oc: OnConflictBuilder<DB, 'scores'>) =>
  oc.columns(['contact_id', 'name']).doUpdateSet((eb) => ({
    value: eb.ref('excluded.value'),
    updated_at: eb.ref('excluded.updated_at'),
  }));

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
  const upsert = prepare(ctx, scoreUpsert);
  const upsertMany = prepareByCount(ctx, (db, p: Record<string, unknown>, count) =>
    db
      .insertInto('scores')
      .values(
        Array.from({ length: count }, (_, i) => ({
          contact_id: p[`contactId${i}`] as string,
          name: p[`name${i}`] as string,
          value: p[`value${i}`] as number,
          updated_at: p.at as number,
        })),
      )
      .onConflict(onScoreConflict),
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
    async getMany(contactIds, name) {
      const values = new Map<string, number>();
      const ids = [...new Set(contactIds)];
      for (const part of batches(ids)) {
        const rows = await db()
          .selectFrom('scores')
          .select(['contact_id', 'value'])
          .where('name', '=', name)
          .where('contact_id', 'in', part)
          .execute();
        for (const row of rows) values.set(row.contact_id, row.value);
      }
      return values;
    },
    async setMany(values) {
      // One row per score: an upsert may not touch the same row twice in one statement.
      const last = new Map(values.map((v) => [`${v.contactId}\n${v.name}`, v]));
      const rows = [...last.values()];
      const at = now();
      for (const part of batches(rows)) {
        const values: Record<string, unknown> = {};
        part.forEach((v, i) => {
          values[`contactId${i}`] = v.contactId;
          values[`name${i}`] = v.name;
          values[`value${i}`] = v.value;
        });
        await upsertMany(part.length).execute({ ...values, at });
      }
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
