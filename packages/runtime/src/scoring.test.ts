import { flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { activateFlow, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();

const contact = { email: 'ada@example.com' };
const ev = (type: string, n: number) => Array.from({ length: n }, () => ({ type, contact }));

async function contactState() {
  const found = await t().store.contacts.findByEmail('ada@example.com');
  if (!found) throw new Error('contact not created');
  return {
    id: found.id,
    score: (await t().store.scores.get(found.id, 'SCORE')) ?? 0,
    ledgerSum: await t().store.ledger.sumForContact(found.id, 'SCORE'),
    lists: await t().store.lists.list(found.id),
    emails: (await t().store.outbox.listForContact(found.id)).filter((o) => o.kind === 'email'),
  };
}

describe('lead scoring on real events (the worked numbers of docs/scoring.md)', () => {
  it('webinar +10, five emails read +5 each, two skipped -2 each: 31, every change in the ledger', async () => {
    await activateFlow(t().store, flows.points('webinar.registered', 10));
    await activateFlow(t().store, flows.points('email.opened', 5));
    await activateFlow(t().store, flows.points('email.not_opened', -2));

    await t().send(...ev('webinar.registered', 1), ...ev('email.opened', 5), ...ev('email.not_opened', 2));

    const state = await contactState();
    expect(state.score).toBe(31);
    expect(state.ledgerSum).toBe(31);
    const ledger = await t().store.ledger.listForContact(state.id);
    expect(ledger).toHaveLength(8);
    expect(
      ledger.every((row) => row.causeKind === 'flow' && row.flowId && row.nodeId === 'a' && row.eventId),
    ).toBe(true);
  });

  it('more engagement crossing 50 triggers the discount email exactly once', async () => {
    await activateFlow(t().store, flows.points('webinar.registered', 10));
    await activateFlow(t().store, flows.points('email.opened', 5));
    await activateFlow(
      t().store,
      flows.chain(
        'Discount at 50',
        ['trigger.scoreThreshold', { score: 'SCORE', value: 50, direction: 'up' }],
        ['action.sendEmail', { template: 'discount-offer' }],
      ),
    );
    await t().send(...ev('webinar.registered', 1), ...ev('email.opened', 5));
    const before = await contactState();
    expect(before.score).toBe(35);
    expect(before.emails).toEqual([]);

    // 35 → 40 → 45 → 50 (crosses: 45 < 50 <= 50) → 55 → 60: the threshold is crossed once.
    await t().send(...ev('email.opened', 5));
    const state = await contactState();
    expect(state.score).toBe(60);
    expect(state.emails.map((e) => (e.payload as { template: string }).template)).toEqual(['discount-offer']);
  });

  it('"SCORE > 50 → add to Qualified → send email" on every click adds to the list and sends once', async () => {
    await activateFlow(t().store, flows.points('email.clicked', 20));
    await activateFlow(
      t().store,
      flow(
        [
          node('t', 'trigger.event', { event: 'email.clicked' }),
          node('c', 'condition.score', { score: 'SCORE', op: '>', value: 50 }),
          node('q', 'condition.inList', { list: 'Qualified' }),
          node('l', 'action.addToList', { list: 'Qualified' }),
          node('m', 'action.sendEmail', { template: 'talk-to-sales' }),
          node('x', 'control.exit', { reason: 'not qualified yet' }),
          node('y', 'control.exit', { reason: 'already qualified' }),
        ],
        ['t>c', 'c:yes>q', 'q:no>l', 'l>m', 'c:no>x', 'q:yes>y'],
        { name: 'Qualify on click' },
      ),
    );

    for (let i = 0; i < 6; i++) await t().send(...ev('email.clicked', 1));
    const state = await contactState();
    expect(state.score).toBe(120);
    expect(state.lists.sort()).toEqual(['Engagement: highly engaged', 'Qualified', 'SCORE: SQL']);
    expect(state.emails.map((e) => (e.payload as { template: string }).template)).toEqual(['talk-to-sales']);
    const runs = await t().store.runs.list({ contactId: state.id, limit: 100 });
    expect(runs.filter((r) => r.exitReason === 'already qualified').length).toBeGreaterThan(0);
  });

  it('sends no marketing email to an unsubscribed contact and says why on the step', async () => {
    await activateFlow(
      t().store,
      flow(
        [
          node('t', 'trigger.event', { event: 'form.submitted' }),
          node('m', 'action.sendEmail', { template: 'welcome' }),
        ],
        ['t>m'],
        {
          name: 'Welcome',
        },
      ),
    );
    await t().send(...ev('page.viewed', 1));
    const { id } = await contactState();
    await t().store.contacts.unsubscribe(id);
    await t().send(...ev('form.submitted', 1));
    expect((await contactState()).emails).toEqual([]);
    const [run] = await t().store.runs.list({ contactId: id });
    const step = (await t().store.steps.listForRun(run?.id ?? '')).find((s) => s.nodeId === 'm');
    expect(step).toMatchObject({
      status: 'skipped',
      output: expect.objectContaining({ skipped: expect.stringMatching(/unsubscribed/) }),
    });
  });
});

describe('score definitions bound every flow', () => {
  it('a score capped at 100 in its definition never goes above it, and the ledger says so', async () => {
    await t().store.scoreDefinitions.upsert({
      name: 'SCORE',
      description: '',
      floor: 0,
      cap: 100,
      decay: null,
    });
    await activateFlow(t().store, flows.points('pricing.viewed', 40));
    await activateFlow(t().store, flows.points('email.not_opened', -50));
    await t().send(...ev('pricing.viewed', 3));
    expect((await contactState()).score).toBe(100);
    await t().send(...ev('email.not_opened', 3));
    const state = await contactState();
    expect(state.score).toBe(0);
    expect(state.ledgerSum).toBe(0);
    expect((await t().store.ledger.listForContact(state.id)).map((r) => r.delta)).toEqual([
      -50, -50, 20, 40, 40,
    ]);
  });
});
