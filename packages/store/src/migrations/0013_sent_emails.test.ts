import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { createStore } from '../store.js';
import { tempDir } from '../testSupport.js';
import { MIGRATIONS, runMigrations } from './index.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

it('adds the email as sent beside existing outbox rows, removed with its row, and seeds that run once', () => {
  const db = new Database(join(tmp.dir, 'sent.sqlite'));
  db.pragma('foreign_keys = ON');
  runMigrations(db, MIGRATIONS.slice(0, 12));
  db.prepare(
    `INSERT INTO outbox (id, kind, payload, idempotency_key, status, attempts, created_at)
     VALUES ('o1', 'email', '{"template":"welcome"}', 'k1', 'delivered', 1, 1)`,
  ).run();

  expect(runMigrations(db, MIGRATIONS.slice(0, 13))).toEqual([13]);
  const store = createStore(db, { now: () => Date.UTC(2026, 0, 2) });
  expect(store.outbox.get('o1')?.status).toBe('delivered');
  const email = {
    outboxId: 'o1',
    template: 'welcome',
    from: 'Acme <news@acme.example>',
    to: 'ada@example.com',
    subject: 'Welcome',
    html: '<p>Hi</p>',
    text: 'Hi',
    headers: { 'List-Unsubscribe': '<http://sf.test/u/x>' },
    unsubscribeUrl: 'http://sf.test/u/x',
    sentVia: 'smtp' as const,
  };
  store.sentEmails.record(email);
  expect(store.sentEmails.get('o1')).toEqual({ ...email, sentAt: '2026-01-02T00:00:00.000Z' });
  // A row of an outbox entry that does not exist is refused: every email as sent has its row.
  expect(() => store.sentEmails.record({ ...email, outboxId: 'ghost' })).toThrow(/FOREIGN KEY/);
  db.prepare(`DELETE FROM outbox WHERE id = 'o1'`).run();
  expect(store.sentEmails.get('o1')).toBeUndefined();

  let runs = 0;
  expect(store.seeds.once('samples', () => runs++)).toBe(true);
  expect(store.seeds.once('samples', () => runs++)).toBe(false);
  expect(runs).toBe(1);
  db.close();
});
