import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDatabase, type SqliteConnection } from '../database.js';
import { createStore } from '../store.js';
import { TEST_POSTGRES_URL } from '../testing.js';
import { tempDir } from '../testSupport.js';
import { MIGRATIONS, runMigrations } from './index.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

// SQLite only: a SQLite migration; PostgreSQL starts at the version-13 baseline.
it.skipIf(TEST_POSTGRES_URL)(
  'adds the email as sent beside existing outbox rows, removed with its row, and seeds that run once',
  async () => {
    const database = await openDatabase(join(tmp.dir, 'sent.sqlite'), { migrate: false });
    const db = database.sqlite as SqliteConnection;
    runMigrations(db, MIGRATIONS.slice(0, 12));
    db.prepare(
      `INSERT INTO outbox (id, kind, payload, idempotency_key, status, attempts, created_at)
     VALUES ('o1', 'email', '{"template":"welcome"}', 'k1', 'delivered', 1, 1)`,
    ).run();

    expect(runMigrations(db, MIGRATIONS.slice(0, 13))).toEqual([13]);
    const store = createStore(database, { now: () => Date.UTC(2026, 0, 2) });
    expect((await store.outbox.get('o1'))?.status).toBe('delivered');
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
    await store.sentEmails.record(email);
    expect(await store.sentEmails.get('o1')).toEqual({ ...email, sentAt: '2026-01-02T00:00:00.000Z' });
    // A row of an outbox entry that does not exist is refused: every email as sent has its row.
    await expect(store.sentEmails.record({ ...email, outboxId: 'ghost' })).rejects.toThrow(/FOREIGN KEY/);
    db.prepare(`DELETE FROM outbox WHERE id = 'o1'`).run();
    expect(await store.sentEmails.get('o1')).toBeUndefined();

    let runs = 0;
    expect(await store.seeds.once('samples', () => runs++)).toBe(true);
    expect(await store.seeds.once('samples', () => runs++)).toBe(false);
    expect(runs).toBe(1);
    await store.close();
  },
);
