import type { FlowDocumentInput } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { activateFlow, DAY, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();

const contact = { email: 'band@example.com' };
const id = async () => (await t().store.contacts.findByEmail(contact.email))?.id ?? '';
const tags = async () => t().store.tags.list(await id());
const score = async () => t().store.scores.get(await id(), 'SCORE');
const bandLists = async () => (await t().store.lists.list(await id())).filter((l) => l.startsWith('SCORE: '));
const tagFlow = (name: string, trigger: [string, Record<string, unknown>], tag: string): FlowDocumentInput =>
  flow([node('t', ...trigger), node('g', 'action.addTag', { tag })], ['t>g'], { name });

const pointsNamed = (name: string, event: string, delta: number): FlowDocumentInput =>
  flow(
    [node('t', 'trigger.event', { event }), node('a', 'action.adjustScore', { score: 'SCORE', delta })],
    ['t>a'],
    { name },
  );

describe('score bands as dynamic segments', () => {
  it('moves the contact between band lists (new <20, warm 20–49, MQL 50–80, SQL >80) and fires band triggers', async () => {
    await activateFlow(t().store, flows.points('pricing.viewed', 30));
    await activateFlow(t().store, flows.points('email.not_opened', -40));
    await activateFlow(
      t().store,
      tagFlow('to MQL', ['trigger.bandChanged', { score: 'SCORE', band: 'MQL' }], 'mql'),
    );
    await activateFlow(t().store, tagFlow('any band', ['trigger.bandChanged', { score: 'SCORE' }], 'moved'));
    await activateFlow(
      t().store,
      tagFlow('joined SQL list', ['trigger.listJoined', { list: 'SCORE: SQL' }], 'sales'),
    );

    await t().send({ type: 'pricing.viewed', contact });
    expect(await bandLists()).toEqual(['SCORE: warm']);
    await t().send({ type: 'pricing.viewed', contact });
    expect(await bandLists()).toEqual(['SCORE: MQL']);
    expect((await tags()).sort()).toEqual(['moved', 'mql']);
    await t().send({ type: 'pricing.viewed', contact });
    expect(await bandLists()).toEqual(['SCORE: SQL']);
    expect(await tags()).toContain('sales');
    await t().send({ type: 'email.not_opened', contact }, { type: 'email.not_opened', contact });
    expect(await score()).toBe(10);
    expect(await bandLists()).toEqual(['SCORE: new']);
  });
});

describe('band lists within one event', () => {
  it('an event that moves the score through two bands leaves the contact in the last, each join fired', async () => {
    // Two flows add 30 each on the same event: 0 → 30 (warm) → 60 (MQL) in one job.
    await activateFlow(t().store, flows.points('demo.booked', 30));
    await activateFlow(t().store, pointsNamed('again +30', 'demo.booked', 30));
    const warm = await activateFlow(
      t().store,
      tagFlow('joined warm list', ['trigger.listJoined', { list: 'SCORE: warm' }], 'was warm'),
    );
    await t().send({ type: 'demo.booked', contact });
    expect(await score()).toBe(60);
    expect(await bandLists()).toEqual(['SCORE: MQL']);
    expect(await tags()).toContain('was warm');
    expect(await t().store.runs.count({ flowId: warm })).toBe(1);
  });

  it('a band list left and joined again in one event stays, and is joined again', async () => {
    await activateFlow(t().store, flows.points('pricing.viewed', 60));
    await activateFlow(t().store, flows.points('webinar.left', -40));
    await activateFlow(t().store, pointsNamed('back +40', 'webinar.left', 40));
    const mql = await activateFlow(
      t().store,
      tagFlow('joined MQL list', ['trigger.listJoined', { list: 'SCORE: MQL' }], 'mql'),
    );
    await t().send({ type: 'pricing.viewed', contact });
    expect(await bandLists()).toEqual(['SCORE: MQL']);
    // 60 → 20 (warm) → 60 (MQL): MQL left and joined again, warm joined and left.
    await t().send({ type: 'webinar.left', contact });
    expect(await score()).toBe(60);
    expect(await bandLists()).toEqual(['SCORE: MQL']);
    expect(await t().store.runs.count({ flowId: mql })).toBe(2);
  });
});

describe('the band a new contact starts in', () => {
  it('is entered from no band and fires band triggers once, like any other band change', async () => {
    await activateFlow(
      t().store,
      tagFlow('tag cold', ['trigger.bandChanged', { score: 'SCORE', band: 'new' }], 'cold'),
    );
    const joined = await activateFlow(
      t().store,
      tagFlow('joined new list', ['trigger.listJoined', { list: 'SCORE: new' }], 'listed'),
    );
    await t().send({ type: 'page.viewed', contact });
    expect(await bandLists()).toEqual(['SCORE: new']);
    expect((await tags()).sort()).toEqual(['cold', 'listed']);
    expect(await t().store.runs.count({ flowId: joined })).toBe(1);

    // Already in the band: the next event enters nothing.
    await t().send({ type: 'page.viewed', contact });
    expect(await t().store.runs.count({})).toBe(2);
  });

  it('is entered before the first event moves the score on', async () => {
    await activateFlow(t().store, flows.points('pricing.viewed', 30));
    await activateFlow(t().store, tagFlow('any band', ['trigger.bandChanged', { score: 'SCORE' }], 'moved'));
    await activateFlow(
      t().store,
      tagFlow('tag cold', ['trigger.bandChanged', { score: 'SCORE', band: 'new' }], 'cold'),
    );
    await t().send({ type: 'pricing.viewed', contact });
    expect(await bandLists()).toEqual(['SCORE: warm']);
    expect((await tags()).sort()).toEqual(['cold', 'moved']);
  });
});

describe('score-threshold hysteresis', () => {
  it('a contact hovering at the line fires once, and again only after moving back past the margin', async () => {
    await activateFlow(t().store, flows.points('up', 2));
    await activateFlow(t().store, flows.points('down', -2));
    const flowId = await activateFlow(
      t().store,
      tagFlow(
        'reached 50',
        ['trigger.scoreThreshold', { score: 'SCORE', value: 50, direction: 'up', hysteresis: 10 }],
        'x',
      ),
    );
    const { contact: created } = await t().store.contacts.upsertByIdentity(contact);
    await t().store.scores.set(created.id, 'SCORE', 48);
    const runs = () => t().store.runs.count({ flowId });
    for (const type of ['up', 'down', 'up', 'down', 'up']) await t().send({ type, contact }); // 50, 48, 50, 48, 50
    expect(await runs()).toBe(1);
    for (let i = 0; i < 5; i++) await t().send({ type: 'down', contact }); // down to 40: re-armed
    await t().send(...Array.from({ length: 5 }, () => ({ type: 'up', contact }))); // back to 50
    expect(await runs()).toBe(2);
  });
});

describe('rate limits on adjustScore', () => {
  it('gives at most +20 per day from one action, whatever the number of clicks', async () => {
    await activateFlow(
      t().store,
      flows.chain(
        'capped clicks',
        ['trigger.event', { event: 'email.clicked' }],
        ['action.adjustScore', { score: 'SCORE', delta: 15, limit: 20, limitDays: 1 }],
      ),
    );
    await t().send(...Array.from({ length: 4 }, () => ({ type: 'email.clicked', contact })));
    expect(await score()).toBe(20);
    // A sliding window: the gains of 24 hours and a second ago no longer count.
    t().clock.advance(DAY + 1_000);
    await t().send({ type: 'email.clicked', contact });
    expect(await score()).toBe(35);
  });

  it('counts the gains of an earlier run of the same event against the limit', async () => {
    // Both triggers match the click: one job runs the flow twice, and the second run's limit must see
    // the first run's +15, which the job has not written yet when the second run starts.
    await activateFlow(
      t().store,
      flow(
        [
          node('t1', 'trigger.event', { event: 'email.clicked' }),
          node('t2', 'trigger.event', { event: 'email.clicked' }),
          node('a', 'action.adjustScore', { score: 'SCORE', delta: 15, limit: 20, limitDays: 1 }),
        ],
        ['t1>a', 't2>a'],
        { name: 'capped twice', reentry: { mode: 'always' } },
      ),
    );
    await t().send({ type: 'email.clicked', contact });
    expect(await score()).toBe(20);
    const ledger = await t().store.ledger.listForContact(await id(), { score: 'SCORE' });
    expect(ledger.map((e) => [e.delta, e.value])).toEqual([
      [5, 20],
      [15, 15],
    ]);
  });
});

describe('engagement level changes', () => {
  it('fires when the level rises with clicks and when it fades by the sweep', async () => {
    await activateFlow(
      t().store,
      tagFlow('engaged', ['trigger.engagementChanged', { to: 'engaged', direction: 'up' }], 'engaged'),
    );
    await activateFlow(
      t().store,
      tagFlow('fading', ['trigger.engagementChanged', { direction: 'down' }], 'fading'),
    );
    await t().send({ type: 'email.clicked', contact }, { type: 'email.clicked', contact });
    expect((await t().store.contacts.get(await id()))?.engagementLevel).toBe('engaged');
    expect(await tags()).toEqual(['engaged']);

    t().clock.advance(100 * DAY);
    await t().runtime.sweep();
    expect((await t().store.contacts.get(await id()))?.engagementLevel).toBe('not engaged');
    expect((await tags()).sort()).toEqual(['engaged', 'fading']);
    // The level is a segment too: the contact is in exactly one engagement list.
    expect((await t().store.lists.list(await id())).filter((l) => l.startsWith('Engagement: '))).toEqual([
      'Engagement: not engaged',
    ]);
  });
});
