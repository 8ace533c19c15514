import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from '../migrations/index.js';
import { useTestStore } from '../testSupport.js';

const { store, tmp } = useTestStore();

const contact = async (email: string, externalId?: string) =>
  (await store().contacts.upsertByIdentity({ email, externalId })).contact;
// Ledger rows are written and read here with the query builder, so this suite needs nothing but merges.
const gain = (contactId: string, delta: number) =>
  store()
    .db.insertInto('score_ledger')
    .values({ contact_id: contactId, score: 'SCORE', delta, value: delta, cause_kind: 'flow', created_at: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
const ledgerOf = (contactId: string) =>
  store()
    .db.selectFrom('score_ledger')
    .select(['id', 'delta', 'merged_from'])
    .where('contact_id', '=', contactId)
    .orderBy('id')
    .execute();

describe('contact merges in the store', () => {
  it('moves the ledger rows labelled with their contact; any other update of a row is refused', async () => {
    const a = await contact('a@example.com');
    const b = await contact('b@example.com');
    const row = await gain(b.id, 25);
    await store()
      .db.insertInto('events')
      .values({ id: 'e1', type: 'page.viewed', contact_id: b.id, occurred_at: 0, received_at: 0 })
      .execute();
    const moved = await store().transaction(() => store().merges.moveRecords(b.id, a.id));
    expect(moved).toEqual({ ledger: 1, events: 1, runs: 0, waits: 0, outbox: 0 });
    expect(await ledgerOf(a.id)).toEqual([{ id: row.id, delta: 25, merged_from: b.id }]);
    await expect(
      sql`UPDATE score_ledger SET delta = 1 WHERE id = ${row.id}`.execute(store().db),
    ).rejects.toThrow(/append-only/);
    // A second merge (A into C) keeps the label of the contact the row was written for.
    const c = await contact('c@example.com');
    await store().transaction(() => store().merges.moveRecords(a.id, c.id));
    expect((await ledgerOf(c.id))[0]?.merged_from).toBe(b.id);
  });

  it('the removed contact’s identifiers find the survivor; its id redirects, also after a later merge', async () => {
    const a = await contact('a@example.com', 'crm-a');
    const b = await contact('b@example.com', 'crm-b');
    await store().transaction(async () => {
      await store().merges.record({ from: b, intoId: a.id, actor: 'ops', summary: { moved: 1 } });
      await store().contacts.delete(b.id);
    });
    expect(await store().merges.get(b.id)).toEqual({
      fromId: b.id,
      intoId: a.id,
      email: 'b@example.com',
      externalId: 'crm-b',
      actor: 'ops',
      summary: { moved: 1 },
      mergedAt: '2026-01-01T00:00:00.000Z',
    });
    expect((await store().contacts.findByEmail('B@example.com'))?.id).toBe(a.id);
    expect((await store().contacts.findByExternalId('crm-b'))?.id).toBe(a.id);
    expect(await store().merges.findByIdentity('externalId', 'crm-b')).toBe(a.id);
    // B's email with B's external id is one contact (A), not a conflict with A's own external id.
    expect(
      await store().contacts.upsertByIdentity({ email: 'b@example.com', externalId: 'crm-b' }),
    ).toMatchObject({
      contact: { id: a.id, email: 'a@example.com' },
      created: false,
    });
    const c = await contact('c@example.com');
    await store().transaction(async () => {
      await store().merges.record({ from: a, intoId: c.id, actor: 'ops', summary: {} });
      await store().contacts.delete(a.id);
    });
    expect((await store().merges.get(b.id))?.intoId).toBe(c.id);
    expect((await store().merges.listInto(c.id)).map((m) => m.fromId).sort()).toEqual([a.id, b.id].sort());
    expect((await store().contacts.findByExternalId('crm-b'))?.id).toBe(c.id);
    expect((await store().merges.identities(c.id)).map((i) => i.value)).toEqual([
      'a@example.com',
      'b@example.com',
      'crm-a',
      'crm-b',
    ]);
  });

  it('adds a secondary identifier only when no contact has it yet', async () => {
    const a = await contact('a@example.com');
    const b = await contact('b@example.com');
    expect(await store().merges.addIdentity(a.id, 'externalId', 'alias-1')).toBe(true);
    expect(await store().merges.addIdentity(b.id, 'externalId', 'alias-1')).toBe(false);
    expect(await store().merges.identities(a.id)).toEqual([{ kind: 'externalId', value: 'alias-1' }]);
    expect(await store().merges.findByIdentity('email', 'nobody@example.com')).toBeUndefined();
  });

  // Migration 11 is SQLite's history: PostgreSQL starts from the baseline at version 13.
  it.skipIf(!!process.env.SCOREFLOW_TEST_POSTGRES)(
    'migration 11 rebuilds the ledger with its rows and ids, and accepts the merge cause',
    () => {
      const db = new Database(join(tmp.dir, 'ledger.sqlite'));
      db.pragma('foreign_keys = ON');
      runMigrations(db, MIGRATIONS.slice(0, 10));
      db.prepare(
        `INSERT INTO contacts (id, created_at, updated_at, email) VALUES ('c1', 1, 1, 'x@y.z')`,
      ).run();
      db.prepare(
        `INSERT INTO score_ledger (id, contact_id, score, delta, value, cause_kind, created_at)
         VALUES (7, 'c1', 'SCORE', 5, 5, 'flow', 1)`,
      ).run();
      expect(runMigrations(db, MIGRATIONS.slice(0, 11))).toEqual([11]);
      expect(db.prepare('SELECT id, delta, merged_from FROM score_ledger').all()).toEqual([
        { id: 7, delta: 5, merged_from: null },
      ]);
      const id = db
        .prepare(
          `INSERT INTO score_ledger (contact_id, score, delta, value, cause_kind, created_at)
           VALUES ('c1', 'SCORE', 0, 5, 'merge', 2)`,
        )
        .run().lastInsertRowid;
      expect(id).toBe(8);
      db.close();
    },
  );
});
