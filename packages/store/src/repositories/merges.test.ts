import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from '../migrations/index.js';
import { useTestStore } from '../testSupport.js';

const { store, tmp } = useTestStore();

const contact = (email: string, externalId?: string) =>
  store().contacts.upsertByIdentity({ email, externalId }).contact;
const gain = (contactId: string, delta: number) =>
  store().ledger.append({ contactId, score: 'SCORE', delta, value: delta, causeKind: 'flow' });

describe('contact merges in the store', () => {
  it('moves the ledger rows labelled with their contact; any other update of a row is refused', () => {
    const a = contact('a@example.com');
    const b = contact('b@example.com');
    const row = gain(b.id, 25);
    const moved = store().transaction(() => store().merges.moveRecords(b.id, a.id));
    expect(moved).toMatchObject({ ledger: 1 });
    expect(store().ledger.listForContact(a.id)).toMatchObject([{ id: row.id, delta: 25, mergedFrom: b.id }]);
    expect(() => store().db.prepare('UPDATE score_ledger SET delta = 1 WHERE id = ?').run(row.id)).toThrow(
      /append-only/,
    );
    // A second merge (A into C) keeps the label of the contact the row was written for.
    const c = contact('c@example.com');
    store().transaction(() => store().merges.moveRecords(a.id, c.id));
    expect(store().ledger.listForContact(c.id)[0]?.mergedFrom).toBe(b.id);
  });

  it('the removed contact’s identifiers find the survivor; its id redirects, also after a later merge', () => {
    const a = contact('a@example.com', 'crm-a');
    const b = contact('b@example.com', 'crm-b');
    store().transaction(() => {
      store().merges.record({ from: b, intoId: a.id, actor: 'ops', summary: {} });
      store().contacts.delete(b.id);
    });
    expect(store().contacts.findByEmail('B@example.com')?.id).toBe(a.id);
    expect(store().contacts.findByExternalId('crm-b')?.id).toBe(a.id);
    // B's email with B's external id is one contact (A), not a conflict with A's own external id.
    expect(store().contacts.upsertByIdentity({ email: 'b@example.com', externalId: 'crm-b' })).toMatchObject({
      contact: { id: a.id, email: 'a@example.com' },
      created: false,
    });
    const c = contact('c@example.com');
    store().transaction(() => {
      store().merges.record({ from: a, intoId: c.id, actor: 'ops', summary: {} });
      store().contacts.delete(a.id);
    });
    expect(store().merges.get(b.id)?.intoId).toBe(c.id);
    expect(store().contacts.findByExternalId('crm-b')?.id).toBe(c.id);
    expect(
      store()
        .merges.identities(c.id)
        .map((i) => i.value),
    ).toEqual(['a@example.com', 'b@example.com', 'crm-a', 'crm-b']);
  });

  it('migration 11 rebuilds the ledger with its rows and ids, and accepts the merge cause', () => {
    const db = new Database(join(tmp.dir, 'ledger.sqlite'));
    db.pragma('foreign_keys = ON');
    runMigrations(db, MIGRATIONS.slice(0, 10));
    db.prepare(`INSERT INTO contacts (id, created_at, updated_at, email) VALUES ('c1', 1, 1, 'x@y.z')`).run();
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
  });
});
