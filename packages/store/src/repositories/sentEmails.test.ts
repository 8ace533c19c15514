import { describe, expect, it } from 'vitest';
import { useTestStore } from '../testSupport.js';

const { store, clock } = useTestStore();

const email = {
  outboxId: 'o1',
  template: 'welcome',
  from: 'news@sf.test',
  to: 'ann@example.com',
  subject: 'Hi',
  html: '<p>Hi</p>',
  text: 'Hi',
  headers: { 'List-Unsubscribe': '<http://sf.test/u/x>' },
  unsubscribeUrl: 'http://sf.test/u/x',
  sentVia: 'smtp' as const,
};

// The outbox row every sent email belongs to, written with the query builder.
const outboxRow = (id: string) =>
  store()
    .db.insertInto('outbox')
    .values({ id, kind: 'email', idempotency_key: id, payload: '{}', created_at: clock().now() })
    .execute();

describe('sent emails repository', () => {
  it('records the email as sent; a second delivery of the row replaces it', async () => {
    await outboxRow('o1');
    await store().sentEmails.record(email);
    expect(await store().sentEmails.get('o1')).toEqual({ ...email, sentAt: '2026-01-01T00:00:00.000Z' });
    clock().advance(1000);
    await store().sentEmails.record({ ...email, subject: 'Hi again', sentVia: 'none' });
    expect(await store().sentEmails.get('o1')).toEqual({
      ...email,
      subject: 'Hi again',
      sentVia: 'none',
      sentAt: '2026-01-01T00:00:01.000Z',
    });
    expect(await store().sentEmails.get('o2')).toBeUndefined();
  });

  it('refuses an email of an outbox row that does not exist, and goes with its row', async () => {
    await expect(store().sentEmails.record({ ...email, outboxId: 'ghost' })).rejects.toThrow(/foreign key/i);
    await outboxRow('o1');
    await store().sentEmails.record(email);
    await store().db.deleteFrom('outbox').where('id', '=', 'o1').execute();
    expect(await store().sentEmails.get('o1')).toBeUndefined();
  });
});
