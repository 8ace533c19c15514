import { flow, node } from '@scoreflow/flow/testing';
import { sql } from '@scoreflow/store';
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
const contactOf = async (email: string) => {
  const contact = await t().store.contacts.findByEmail(email);
  if (!contact) throw new Error(`no contact ${email}`);
  return contact;
};
const attachedTo = async (table: string, contactId: string) => {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*) AS n FROM ${sql.table(table)} WHERE contact_id = ${contactId}
  `.execute(t().store.db);
  return rows[0]?.n;
};

describe('merging contact B into contact A', () => {
  it('recomputes scores from both ledgers within the cap, keeping and labelling both histories', async () => {
    const { store } = t();
    await store.scoreDefinitions.upsert({ name: 'SCORE', description: '', floor: 0, cap: 50, decay: null });
    await activateFlow(store, flows.points('plus.thirty', 30));
    await activateFlow(store, flows.points('plus.twentyfive', 25));
    // One after the other, so the ledger's order is the same on every database.
    await t().send(event('plus.thirty', 'ann@example.com'));
    await t().send(event('plus.twentyfive', 'ann.b@example.com'));
    const a = await contactOf('ann@example.com');
    const b = await contactOf('ann.b@example.com');
    await store.tags.add(a.id, 'webinar');
    await store.tags.add(b.id, 'ebook');
    await store.lists.add(b.id, 'Newsletter');
    await store.contacts.setAttributes(a.id, { company: 'Acme', plan: 'pro' });
    await store.contacts.setAttributes(b.id, { company: 'Acme Ltd', phone: '555' });

    const { summary } = await mergeContacts(deps(), { intoId: a.id, fromId: b.id, actor: 'ops@example.com' });

    expect(await store.scores.get(a.id, 'SCORE')).toBe(50);
    expect(summary.scores).toEqual([{ score: 'SCORE', into: 30, from: 25, value: 50 }]);
    const ledger = await store.ledger.listForContact(a.id, { score: 'SCORE' });
    expect(ledger.map((r) => [r.causeKind, r.delta, r.value, r.mergedFrom])).toEqual([
      ['merge', -5, 50, null],
      ['flow', 25, 25, b.id],
      ['flow', 30, 30, null],
    ]);
    expect(ledger[0]?.note).toContain('30 + 25 = 55');
    expect(await store.ledger.sumForContact(a.id, 'SCORE')).toBe(50);
    expect((await store.tags.list(a.id)).sort()).toEqual(['ebook', 'webinar']);
    expect(await store.lists.list(a.id)).toContain('Newsletter');
    expect((await store.contacts.get(a.id))?.attributes).toEqual({
      company: 'Acme',
      plan: 'pro',
      phone: '555',
    });
    expect(summary.attributesKept).toEqual(['company']);
    // The removed record is gone, its id redirects, and its email now finds A.
    expect(await store.contacts.get(b.id)).toBeUndefined();
    expect((await store.merges.get(b.id))?.intoId).toBe(a.id);
    expect((await contactOf('ann.b@example.com')).id).toBe(a.id);
    expect(await attachedTo('events', a.id)).toBe(2);
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
    const nurture = await activateFlow(store, waiting);
    const scoring = await activateFlow(store, parallel);
    await t().send(event('enter', 'bo@example.com'), event('enter', 'bo.b@example.com'));
    const a = await contactOf('bo@example.com');
    const b = await contactOf('bo.b@example.com');
    const [bRun] = await store.runs.list({ contactId: b.id, flowId: nurture });

    const { summary } = await mergeContacts(deps(), { intoId: a.id, fromId: b.id, actor: 'ops@example.com' });

    const runs = await store.runs.list({ contactId: a.id, flowId: nurture });
    expect(runs.map((r) => r.status).sort()).toEqual(['cancelled', 'waiting']);
    const cancelled = await store.runs.get(bRun?.id ?? '');
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.exitReason).toMatch(/merge into contact .*afterExit/);
    expect((await store.waits.listForRun(cancelled?.id ?? '')).map((w) => w.status)).toEqual(['cancelled']);
    expect(summary.runsCancelled).toHaveLength(1);
    // `always` lets both runs go on side by side.
    expect((await store.runs.list({ contactId: a.id, flowId: scoring })).map((r) => r.status)).toEqual([
      'waiting',
      'waiting',
    ]);
    expect(await attachedTo('runs', b.id)).toBe(0);
  });

  it('events for B’s email and external id after the merge land on A', async () => {
    const { store } = t();
    await activateFlow(store, flows.points('click', 1));
    await t().send(event('click', 'cy@example.com'), {
      type: 'click',
      contact: { email: 'cy.b@example.com', externalId: 'crm-7' },
    });
    const a = await contactOf('cy@example.com');
    const b = await contactOf('cy.b@example.com');
    await mergeContacts(deps(), { intoId: a.id, fromId: b.id, actor: null });
    const [byEmail, byId, byBoth] = await t().send(
      event('click', 'CY.B@example.com'),
      { type: 'click', contact: { externalId: 'crm-7' } },
      { type: 'click', contact: { email: 'cy.b@example.com', externalId: 'crm-7' } },
    );
    for (const result of [byEmail, byId, byBoth]) {
      expect(await store.events.get(result?.id ?? '')).toMatchObject({
        status: 'processed',
        contactId: a.id,
      });
    }
    expect(await store.scores.get(a.id, 'SCORE')).toBe(5);
    expect(await store.contacts.list()).toHaveLength(1);
  });

  it('a merge racing with events for both contacts: each event applied once, to A, scores = ledger sums', async () => {
    const { store } = t();
    await activateFlow(store, flows.points('click', 1));
    await t().send(event('click', 'di@example.com'), event('click', 'di.b@example.com'));
    const a = await contactOf('di@example.com');
    const b = await contactOf('di.b@example.com');

    const burst = (n: number) =>
      t().ingest(
        Array.from({ length: n }, (_, i) => event('click', i % 2 ? 'di@example.com' : 'di.b@example.com')),
      );
    const sending = [burst(40), burst(40)];
    // The merge lands while the workers are busy with the bursts (and more arrive after it): once
    // some of their events are stored and wait to be processed.
    const pending = async () => {
      const { rows } = await sql<{ n: number }>`
        SELECT count(*) AS n FROM events WHERE status = 'pending'
      `.execute(store.db);
      return rows[0]?.n ?? 0;
    };
    await t().until(async () => (await pending()) > 0, 'events of the bursts to be stored');
    await mergeContacts(deps(), { intoId: a.id, fromId: b.id, actor: 'ops@example.com' });
    sending.push(burst(40));
    const results = (await Promise.all(sending)).flat();
    const ids = results.map((r) => r.id as string);
    await t().until(async () => {
      const events = await Promise.all(ids.map((id) => store.events.get(id)));
      return events.every((e) => e?.status === 'processed');
    }, 'every event');
    await t().drained();

    const { rows: perEvent } = await sql<{ id: string; n: number }>`
      SELECT event_id AS id, count(*) AS n FROM score_ledger WHERE cause_kind = 'flow' GROUP BY event_id
    `.execute(store.db);
    expect(perEvent).toHaveLength(ids.length + 2);
    expect(perEvent.every((row) => row.n === 1)).toBe(true);
    expect(await store.scores.get(a.id, 'SCORE')).toBe(ids.length + 2);
    expect(await store.ledger.sumForContact(a.id, 'SCORE')).toBe(ids.length + 2);
    for (const table of ['events', 'runs', 'score_ledger', 'scores', 'outbox', 'waits']) {
      expect(await attachedTo(table, b.id), table).toBe(0);
    }
    expect((await store.contacts.list()).map((c) => c.id)).toEqual([a.id]);
  });
});
