import { describe, expect, it } from 'vitest';
import { activateFlow, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();

const contact = { email: 'ada@example.com' };
const ev = (type: string, n: number) => Array.from({ length: n }, () => ({ type, contact }));

function contactState() {
  const found = t().store.contacts.findByEmail('ada@example.com');
  if (!found) throw new Error('contact not created');
  return {
    id: found.id,
    score: t().store.scores.get(found.id, 'SCORE') ?? 0,
    ledgerSum: t().store.ledger.sumForContact(found.id, 'SCORE'),
    lists: t().store.lists.list(found.id),
    emails: t()
      .store.outbox.listForContact(found.id)
      .filter((o) => o.kind === 'email'),
  };
}

describe('lead scoring on real events (the worked numbers of docs/scoring.md)', () => {
  it('webinar +10, five emails read +5 each, two skipped -2 each: 31, every change in the ledger', async () => {
    activateFlow(t().store, flows.points('webinar.registered', 10));
    activateFlow(t().store, flows.points('email.opened', 5));
    activateFlow(t().store, flows.points('email.not_opened', -2));

    await t().send(...ev('webinar.registered', 1), ...ev('email.opened', 5), ...ev('email.not_opened', 2));

    const state = contactState();
    expect(state.score).toBe(31);
    expect(state.ledgerSum).toBe(31);
    const ledger = t().store.ledger.listForContact(state.id);
    expect(ledger).toHaveLength(8);
    expect(
      ledger.every((row) => row.causeKind === 'flow' && row.flowId && row.nodeId === 'a' && row.eventId),
    ).toBe(true);
  });

  it('more engagement crossing 50 triggers the discount email exactly once', async () => {
    activateFlow(t().store, flows.points('webinar.registered', 10));
    activateFlow(t().store, flows.points('email.opened', 5));
    activateFlow(t().store, {
      schemaVersion: 1,
      settings: { name: 'Discount at 50', reentry: { mode: 'always' } },
      nodes: [
        {
          id: 't',
          type: 'trigger.scoreThreshold',
          position: { x: 0, y: 0 },
          config: { score: 'SCORE', value: 50, direction: 'up' },
        },
        {
          id: 'm',
          type: 'action.sendEmail',
          position: { x: 0, y: 100 },
          config: { template: 'discount-offer' },
        },
      ],
      edges: [{ id: 'e1', source: 't', target: 'm' }],
    });
    await t().send(...ev('webinar.registered', 1), ...ev('email.opened', 5));
    expect(contactState().score).toBe(35);
    expect(contactState().emails).toEqual([]);

    // 35 → 40 → 45 → 50 (crosses: 45 < 50 <= 50) → 55 → 60: the threshold is crossed once.
    await t().send(...ev('email.opened', 5));
    const state = contactState();
    expect(state.score).toBe(60);
    expect(state.emails.map((e) => (e.payload as { template: string }).template)).toEqual(['discount-offer']);
  });

  it('"SCORE > 50 → add to Qualified → send email" on every click adds to the list and sends once', async () => {
    activateFlow(t().store, flows.points('email.clicked', 20));
    activateFlow(t().store, {
      schemaVersion: 1,
      settings: { name: 'Qualify on click', reentry: { mode: 'always' } },
      nodes: [
        { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event: 'email.clicked' } },
        {
          id: 'c',
          type: 'condition.score',
          position: { x: 0, y: 100 },
          config: { score: 'SCORE', op: '>', value: 50 },
        },
        { id: 'q', type: 'condition.inList', position: { x: 0, y: 200 }, config: { list: 'Qualified' } },
        { id: 'l', type: 'action.addToList', position: { x: 0, y: 300 }, config: { list: 'Qualified' } },
        {
          id: 'm',
          type: 'action.sendEmail',
          position: { x: 0, y: 400 },
          config: { template: 'talk-to-sales' },
        },
        {
          id: 'x',
          type: 'control.exit',
          position: { x: 200, y: 200 },
          config: { reason: 'not qualified yet' },
        },
        {
          id: 'y',
          type: 'control.exit',
          position: { x: 200, y: 300 },
          config: { reason: 'already qualified' },
        },
      ],
      edges: [
        { id: 'e1', source: 't', target: 'c' },
        { id: 'e2', source: 'c', sourceHandle: 'yes', target: 'q' },
        { id: 'e3', source: 'q', sourceHandle: 'no', target: 'l' },
        { id: 'e4', source: 'l', target: 'm' },
        { id: 'e5', source: 'c', sourceHandle: 'no', target: 'x' },
        { id: 'e6', source: 'q', sourceHandle: 'yes', target: 'y' },
      ],
    });

    for (let i = 0; i < 6; i++) await t().send(...ev('email.clicked', 1));
    const state = contactState();
    expect(state.score).toBe(120);
    expect(state.lists.sort()).toEqual(['Engagement: highly engaged', 'Qualified', 'SCORE: SQL']);
    expect(state.emails.map((e) => (e.payload as { template: string }).template)).toEqual(['talk-to-sales']);
    const runs = t().store.runs.list({ contactId: state.id, limit: 100 });
    expect(runs.filter((r) => r.exitReason === 'already qualified').length).toBeGreaterThan(0);
  });

  it('sends no marketing email to an unsubscribed contact and says why on the step', async () => {
    activateFlow(t().store, {
      schemaVersion: 1,
      settings: { name: 'Welcome', reentry: { mode: 'always' } },
      nodes: [
        { id: 't', type: 'trigger.event', position: { x: 0, y: 0 }, config: { event: 'form.submitted' } },
        { id: 'm', type: 'action.sendEmail', position: { x: 0, y: 100 }, config: { template: 'welcome' } },
      ],
      edges: [{ id: 'e1', source: 't', target: 'm' }],
    });
    await t().send(...ev('page.viewed', 1));
    const id = contactState().id;
    t().store.contacts.unsubscribe(id);
    await t().send(...ev('form.submitted', 1));
    expect(contactState().emails).toEqual([]);
    const [run] = t().store.runs.list({ contactId: id });
    const step = t()
      .store.steps.listForRun(run?.id ?? '')
      .find((s) => s.nodeId === 'm');
    expect(step).toMatchObject({
      status: 'skipped',
      output: expect.objectContaining({ skipped: expect.stringMatching(/unsubscribed/) }),
    });
  });
});

describe('score definitions bound every flow', () => {
  it('a score capped at 100 in its definition never goes above it, and the ledger says so', async () => {
    t().store.scoreDefinitions.upsert({ name: 'SCORE', description: '', floor: 0, cap: 100, decay: null });
    activateFlow(t().store, flows.points('pricing.viewed', 40));
    activateFlow(t().store, flows.points('email.not_opened', -50));
    await t().send(...ev('pricing.viewed', 3));
    expect(contactState().score).toBe(100);
    await t().send(...ev('email.not_opened', 3));
    const state = contactState();
    expect(state.score).toBe(0);
    expect(state.ledgerSum).toBe(0);
    expect(
      t()
        .store.ledger.listForContact(state.id)
        .map((r) => r.delta),
    ).toEqual([-50, -50, 20, 40, 40]);
  });
});
