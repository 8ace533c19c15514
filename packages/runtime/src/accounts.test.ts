import { flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { activateFlow, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();

const idOf = async (email: string) => (await t().store.contacts.findByEmail(email))?.id ?? '';
const taggedContacts = async (emails: string[], tag: string) => {
  const out: string[] = [];
  for (const email of emails)
    if ((await t().store.tags.list(await idOf(email))).includes(tag)) out.push(email);
  return out;
};
const notifyOnce = (value: number, score = 'SCORE') =>
  flow(
    [
      node('t', 'trigger.accountThreshold', { score, value }),
      node('a', 'action.addTag', { tag: 'account hot' }),
    ],
    ['t>a'],
    { name: `account reaches ${value}` },
  );

describe('accounts', () => {
  it('group contacts by company, else by company email domain, never by free-mail domain', async () => {
    await activateFlow(t().store, flows.points('visit', 10));
    await t().send(
      { type: 'visit', contact: { email: 'ann@acme.test' } },
      { type: 'visit', contact: { email: 'bob@acme.test' } },
      { type: 'visit', contact: { email: 'cy@gmail.com', attributes: { company: ' ACME.test ' } } },
      { type: 'visit', contact: { email: 'dee@gmail.com' } },
      { type: 'visit', contact: { email: 'eve@initech.test', attributes: { company: 'Initech' } } },
    );
    const { accounts } = t().store;
    expect(await accounts.ofContact(await idOf('cy@gmail.com'))).toEqual({
      key: 'acme.test',
      name: 'ACME.test',
    });
    expect(await accounts.ofContact(await idOf('dee@gmail.com'))).toBeUndefined();
    // One account, one name: the domain's contacts are in "ACME.test" too, as on the list and its page.
    expect(await accounts.ofContact(await idOf('ann@acme.test'))).toEqual({
      key: 'acme.test',
      name: 'ACME.test',
    });
    const page = await accounts.list({ score: 'SCORE', aggregate: 'sum', limit: 10, offset: 0 });
    expect(page.items[0]?.name).toBe('ACME.test');
    expect((await accounts.members('acme.test', 'SCORE'))?.name).toBe('ACME.test');
    expect(page.total).toBe(2);
    expect(page.items.map((a) => [a.key, a.contacts, a.score])).toEqual([
      ['acme.test', 3, 30],
      ['initech', 1, 10],
    ]);
    expect(
      (await accounts.list({ score: 'SCORE', aggregate: 'max', q: 'ini', limit: 10, offset: 0 })).items,
    ).toEqual([{ key: 'initech', name: 'Initech', contacts: 1, score: 10 }]);
    const members = await accounts.members('acme.test', 'SCORE');
    expect(members?.members.map((m) => m.email).sort()).toEqual([
      'ann@acme.test',
      'bob@acme.test',
      'cy@gmail.com',
    ]);
    expect(await accounts.members('gmail.com', 'SCORE')).toBeUndefined();
  });

  it('an account-threshold trigger fires once per account, for the contact whose change crossed it', async () => {
    await activateFlow(t().store, flows.points('visit', 30));
    await activateFlow(t().store, notifyOnce(80));
    const acme = ['a@acme.test', 'b@acme.test', 'c@acme.test'];
    await t().send(
      { type: 'visit', contact: { email: acme[0] } },
      { type: 'visit', contact: { email: acme[1] } },
    );
    expect(await taggedContacts(acme, 'account hot')).toEqual([]);
    // 30 + 30 + 30 = 90 reaches 80 with the third contact's points.
    await t().send({ type: 'visit', contact: { email: acme[2] } });
    expect(await taggedContacts(acme, 'account hot')).toEqual([acme[2]]);
    // More points for the account never fire it again.
    await t().send(
      { type: 'visit', contact: { email: acme[0] } },
      { type: 'visit', contact: { email: acme[1] } },
    );
    await t().drained();
    expect(await taggedContacts(acme, 'account hot')).toEqual([acme[2]]);
    // Another account fires on its own.
    await t().send({ type: 'visit', contact: { email: 'x@globex.test' } });
    await t().send({ type: 'visit', contact: { email: 'x@globex.test' } });
    await t().send({ type: 'visit', contact: { email: 'x@globex.test' } });
    expect(await taggedContacts(['x@globex.test'], 'account hot')).toEqual(['x@globex.test']);
  });

  it('sees the crossing once when all of an account’s contacts gain points at the same moment', async () => {
    await activateFlow(t().store, flows.points('visit', 30));
    await activateFlow(t().store, notifyOnce(240));
    const emails = Array.from({ length: 8 }, (_, i) => `c${i}@together.test`);
    // One event each, sent together: the workers take them side by side (8 at once).
    await t().send(...emails.map((email) => ({ type: 'visit', contact: { email } })));
    await t().drained();
    expect(await taggedContacts(emails, 'account hot')).toHaveLength(1);
  });

  it('uses the score definition’s aggregate: with max, the best contact alone must reach it', async () => {
    await t().store.scoreDefinitions.upsert({ name: 'INTENT', account: 'max', bands: null });
    await activateFlow(t().store, flows.points('visit', 30, 'INTENT'));
    await activateFlow(t().store, notifyOnce(60, 'INTENT'));
    const emails = ['a@max.test', 'b@max.test'];
    await t().send(
      { type: 'visit', contact: { email: emails[0] } },
      { type: 'visit', contact: { email: emails[1] } },
    );
    expect(await taggedContacts(emails, 'account hot')).toEqual([]);
    await t().send({ type: 'visit', contact: { email: emails[1] } });
    expect(await taggedContacts(emails, 'account hot')).toEqual([emails[1]]);
  });
});
