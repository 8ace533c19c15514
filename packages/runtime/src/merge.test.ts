import { flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { createFlowVersionCache, type ProcessingDeps } from './processing/index.js';
import { mergeContacts } from './processing/merge.js';
import { activateFlow, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime({ concurrency: 8 });

const deps = (): ProcessingDeps => ({
  store: t().store,
  flows: createFlowVersionCache(t().store),
  now: t().clock.now,
});
const event = (type: string, email: string) => ({ type, contact: { email } });
const contactOf = (email: string) => {
  const contact = t().store.contacts.findByEmail(email);
  if (!contact) throw new Error(`no contact ${email}`);
  return contact;
};
const attachedTo = (table: string, contactId: string) =>
  t().store.db.prepare(`SELECT count(*) FROM ${table} WHERE contact_id = ?`).pluck().get(contactId);

describe('merging contact B into contact A', () => {
  it('recomputes scores from both ledgers within the cap, keeping and labelling both histories', async () => {
    const { store } = t();
    store.scoreDefinitions.upsert({ name: 'SCORE', description: '', floor: 0, cap: 50, decay: null });
    activateFlow(store, flows.points('plus.thirty', 30));
    activateFlow(store, flows.points('plus.twentyfive', 25));
    await t().send(event('plus.thirty', 'ann@example.com'), event('plus.twentyfive', 'ann.b@example.com'));
    const a = contactOf('ann@example.com');
    const b = contactOf('ann.b@example.com');
    store.tags.add(a.id, 'webinar');
    store.tags.add(b.id, 'ebook');
    store.lists.add(b.id, 'Newsletter');
    store.contacts.setAttributes(a.id, { company: 'Acme', plan: 'pro' });
    store.contacts.setAttributes(b.id, { company: 'Acme Ltd', phone: '555' });

    const { summary } = mergeContacts(deps(), { intoId: a.id, fromId: b.id, actor: 'ops@example.com' });

    expect(store.scores.get(a.id, 'SCORE')).toBe(50);
    expect(summary.scores).toEqual([{ score: 'SCORE', into: 30, from: 25, value: 50 }]);
    const ledger = store.ledger.listForContact(a.id, { score: 'SCORE' });
    expect(ledger.map((r) => [r.causeKind, r.delta, r.value, r.mergedFrom])).toEqual([
      ['merge', -5, 50, null],
      ['flow', 25, 25, b.id],
      ['flow', 30, 30, null],
    ]);
    expect(ledger[0]?.note).toContain('30 + 25 = 55');
    expect(store.ledger.sumForContact(a.id, 'SCORE')).toBe(50);
    expect(store.tags.list(a.id).sort()).toEqual(['ebook', 'webinar']);
    expect(store.lists.list(a.id)).toContain('Newsletter');
    expect(store.contacts.get(a.id)?.attributes).toEqual({ company: 'Acme', plan: 'pro', phone: '555' });
    expect(summary.attributesKept).toEqual(['company']);
    // The removed record is gone, its id redirects, and its email now finds A.
    expect(store.contacts.get(b.id)).toBeUndefined();
    expect(store.merges.get(b.id)?.intoId).toBe(a.id);
    expect(contactOf('ann.b@example.com').id).toBe(a.id);
    expect(attachedTo('events', a.id)).toBe(2);
  });

  it('afterExit flow with an active run on both: B’s run is cancelled with the reason, A’s goes on', async () => {
    const { store } = t();
    const waiting = flow(
      [node('t', 'trigger.event', { event: 'enter' }), node('w', 'control.wait', { seconds: 86_400 })],
      ['t>w'],
      { name: 'nurture', reentry: { mode: 'afterExit' } },
    );
    const parallel = flow(
      [node('t', 'trigger.event', { event: 'enter' }), node('w', 'control.wait', { seconds: 86_400 })],
      ['t>w'],
      { name: 'scoring', reentry: { mode: 'always' } },
    );
    const nurture = activateFlow(store, waiting);
    const scoring = activateFlow(store, parallel);
    await t().send(event('enter', 'bo@example.com'), event('enter', 'bo.b@example.com'));
    const a = contactOf('bo@example.com');
    const b = contactOf('bo.b@example.com');
    const [bRun] = store.runs.list({ contactId: b.id, flowId: nurture });

    const { summary } = mergeContacts(deps(), { intoId: a.id, fromId: b.id, actor: 'ops@example.com' });

    const runs = store.runs.list({ contactId: a.id, flowId: nurture });
    expect(runs.map((r) => r.status).sort()).toEqual(['cancelled', 'waiting']);
    const cancelled = store.runs.get(bRun?.id ?? '');
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.exitReason).toMatch(/merge into contact .*afterExit/);
    expect(store.waits.listForRun(cancelled?.id ?? '').map((w) => w.status)).toEqual(['cancelled']);
    expect(summary.runsCancelled).toHaveLength(1);
    // `always` lets both runs go on side by side.
    expect(store.runs.list({ contactId: a.id, flowId: scoring }).map((r) => r.status)).toEqual([
      'waiting',
      'waiting',
    ]);
    expect(attachedTo('runs', b.id)).toBe(0);
  });

  it('events for B’s email and external id after the merge land on A', async () => {
    const { store } = t();
    activateFlow(store, flows.points('click', 1));
    await t().send(event('click', 'cy@example.com'), {
      type: 'click',
      contact: { email: 'cy.b@example.com', externalId: 'crm-7' },
    });
    const a = contactOf('cy@example.com');
    const b = contactOf('cy.b@example.com');
    mergeContacts(deps(), { intoId: a.id, fromId: b.id, actor: null });
    const [byEmail, byId, byBoth] = await t().send(
      event('click', 'CY.B@example.com'),
      { type: 'click', contact: { externalId: 'crm-7' } },
      { type: 'click', contact: { email: 'cy.b@example.com', externalId: 'crm-7' } },
    );
    for (const result of [byEmail, byId, byBoth]) {
      expect(store.events.get(result?.id ?? '')).toMatchObject({ status: 'processed', contactId: a.id });
    }
    expect(store.scores.get(a.id, 'SCORE')).toBe(5);
    expect(store.contacts.list()).toHaveLength(1);
  });

  it('a merge racing with events for both contacts: each event applied once, to A, scores = ledger sums', async () => {
    const { store } = t();
    activateFlow(store, flows.points('click', 1));
    await t().send(event('click', 'di@example.com'), event('click', 'di.b@example.com'));
    const a = contactOf('di@example.com');
    const b = contactOf('di.b@example.com');

    const burst = (n: number) =>
      t().ingest(
        Array.from({ length: n }, (_, i) => event('click', i % 2 ? 'di@example.com' : 'di.b@example.com')),
      );
    const sending = [burst(40), burst(40)];
    // The merge lands while the workers are busy with the bursts (and more arrive after it).
    await new Promise((r) => setTimeout(r, 15));
    const pendingBefore = store.db.prepare(`SELECT count(*) FROM events WHERE status = 'pending'`).pluck();
    expect(pendingBefore.get()).toBeGreaterThan(0);
    mergeContacts(deps(), { intoId: a.id, fromId: b.id, actor: 'ops@example.com' });
    sending.push(burst(40));
    const results = (await Promise.all(sending)).flat();
    const ids = results.map((r) => r.id as string);
    await t().until(() => ids.every((id) => store.events.get(id)?.status === 'processed'), 'every event');
    await t().drained();

    const perEvent = store.db
      .prepare(
        `SELECT event_id AS id, count(*) AS n FROM score_ledger WHERE cause_kind = 'flow' GROUP BY event_id`,
      )
      .all() as { id: string; n: number }[];
    expect(perEvent).toHaveLength(ids.length + 2);
    expect(perEvent.every((row) => row.n === 1)).toBe(true);
    expect(store.scores.get(a.id, 'SCORE')).toBe(ids.length + 2);
    expect(store.ledger.sumForContact(a.id, 'SCORE')).toBe(ids.length + 2);
    for (const table of ['events', 'runs', 'score_ledger', 'scores', 'outbox', 'waits']) {
      expect(attachedTo(table, b.id), table).toBe(0);
    }
    expect(store.contacts.list().map((c) => c.id)).toEqual([a.id]);
  });
});
