import type { FlowDocumentInput, FlowSettings } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it, vi } from 'vitest';
import { activateFlow, DAY, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

/**
 * The decay exit of docs/scoring.md: "no email opened or clicked for 30 days → reset SCORE to 0 and leave the
 * flow". Contacts enter on signup and wait (up to a year) for a purchase.
 */
const nurture = (exits: FlowSettings['exits']): FlowDocumentInput =>
  flow(
    [
      node('t', 'trigger.event', { event: 'signup' }),
      node('w', 'control.waitForEvent', { event: 'purchase', timeoutSeconds: 365 * 86_400 }),
      node('b', 'action.addTag', { tag: 'customer' }),
      node('x', 'control.exit', { reason: 'no purchase in a year' }),
    ],
    ['t>w', 'w:event>b', 'w:timeout>x'],
    { name: 'Nurture', reentry: { mode: 'afterExit' }, exits },
  );

const t = useTestRuntime();

const contact = { email: 'mo@example.com' };
const contactId = async () => (await t().store.contacts.findByEmail(contact.email))?.id ?? '';
let nurtureId = '';
/** The contact's run of the nurture flow. */
const run = async () => (await t().store.runs.list({ contactId: await contactId(), flowId: nurtureId }))[0];
const score = async (name: string) => t().store.scores.get(await contactId(), name);
const ledger = async () => t().store.ledger.listForContact(await contactId());

/** The nurture flow with the goal "SCORE >= 20". */
const activateGoal = async () => {
  nurtureId = await activateFlow(
    t().store,
    nurture([{ kind: 'goal', id: 'hot', score: 'SCORE', op: '>=', value: 20 }]),
  );
};
/** The goal's nurture flow, and "pricing viewed → +30 SCORE", which reaches the goal. */
const goalAndPricing = async () => {
  await activateGoal();
  await activateFlow(
    t().store,
    flows.chain(
      'pricing',
      ['trigger.event', { event: 'pricing.viewed' }],
      ['action.adjustScore', { score: 'SCORE', delta: 30 }],
    ),
  );
};

describe('decay exits and goals', () => {
  it('30 days without an open or click: the run exits and SCORE is reset, once, with a ledger row', async () => {
    await activateFlow(
      t().store,
      flows.chain(
        'points',
        ['trigger.event', { event: 'email.clicked' }],
        ['action.adjustScore', { score: 'SCORE', delta: 15 }],
      ),
    );
    nurtureId = await activateFlow(
      t().store,
      nurture([
        {
          kind: 'inactivity',
          id: 'decay',
          events: ['email.opened', 'email.clicked'],
          days: 30,
          scores: [{ kind: 'set', score: 'SCORE', value: 0 }],
        },
      ]),
    );
    await t().send({ type: 'signup', contact });
    t().clock.advance(10 * DAY);
    await t().send({ type: 'email.clicked', contact }, { type: 'email.clicked', contact });
    expect(await score('SCORE')).toBe(30);

    // 29 days after the last click: still engaged enough.
    t().clock.advance(29 * DAY);
    await t().runtime.sweep();
    expect((await run())?.status).toBe('waiting');

    t().clock.advance(DAY);
    await t().runtime.sweep();
    expect(await run()).toMatchObject({
      status: 'exited',
      exitReason: expect.stringMatching(/inactive.*30 days/),
    });
    expect(await score('SCORE')).toBe(0);
    const exited = await run();
    expect((await t().store.waits.listForRun(exited?.id ?? '')).map((w) => w.status)).toEqual(['cancelled']);
    const [reset] = await ledger();
    expect(reset).toMatchObject({ causeKind: 'exit', delta: -30, value: 0, runId: exited?.id });

    // Sweeping again applies nothing twice.
    await t().runtime.sweep();
    expect(await ledger()).toHaveLength(3);
    expect(await t().store.ledger.sumForContact(await contactId(), 'SCORE')).toBe(0);
  });

  it('an event arriving after the window also triggers the exit check', async () => {
    nurtureId = await activateFlow(
      t().store,
      nurture([{ kind: 'inactivity', id: 'decay', events: ['email.opened'], days: 30, scores: [] }]),
    );
    await t().send({ type: 'signup', contact });
    t().clock.advance(31 * DAY);
    await t().send({ type: 'page.viewed', contact });
    expect((await run())?.status).toBe('exited');
  });

  it('a goal reached while the contact waits takes it out of the flow as goal reached', async () => {
    await goalAndPricing();
    await t().send({ type: 'signup', contact });
    expect((await run())?.status).toBe('waiting');
    await t().send({ type: 'pricing.viewed', contact });
    expect(await run()).toMatchObject({
      status: 'exited',
      exitReason: expect.stringMatching(/goal reached: SCORE >= 20/),
    });
  });

  it('a contact who meets the goal already leaves the run it enters, in the same job', async () => {
    await goalAndPricing();
    await t().send({ type: 'pricing.viewed', contact });
    // The contact had no active run when its job read it: the run this job started is checked anyway.
    await t().send({ type: 'signup', contact });
    expect(await run()).toMatchObject({
      status: 'exited',
      exitReason: expect.stringMatching(/goal reached/),
    });
  });

  it("reads a contact's active runs for the exit checks only while it has some", async () => {
    await activateGoal();
    const list = vi.spyOn(t().store.runs, 'list');
    const activeReads = () =>
      list.mock.calls.filter(([filter]) => filter?.contactId && [filter.status].flat().includes('waiting'))
        .length;
    await t().send({ type: 'email.opened', contact });
    expect(activeReads()).toBe(0);
    await t().send({ type: 'signup', contact });
    await t().send({ type: 'email.opened', contact });
    // The signup's run was written as it started waiting, and is there for the next event.
    expect(activeReads()).toBe(2);
    expect((await run())?.status).toBe('waiting');
    list.mockRestore();
  });
});

describe('exit score changes respect the score definition', () => {
  it('an exit that sets or adjusts a score beyond its cap or floor is clamped, and its ledger row says so', async () => {
    await t().store.scoreDefinitions.upsert({
      name: 'SCORE',
      description: '',
      floor: 0,
      cap: 100,
      decay: null,
    });
    await t().store.scoreDefinitions.upsert({
      name: 'fit',
      description: '',
      floor: -10,
      cap: 50,
      decay: null,
    });
    nurtureId = await activateFlow(
      t().store,
      nurture([
        {
          kind: 'inactivity',
          id: 'stale',
          events: ['email.opened'],
          days: 30,
          scores: [
            { kind: 'set', score: 'SCORE', value: 500 },
            { kind: 'adjust', score: 'fit', delta: -40 },
          ],
        },
      ]),
    );
    await t().send({ type: 'signup', contact });
    t().clock.advance(31 * DAY);
    await t().runtime.sweep();
    expect((await run())?.status).toBe('exited');
    expect(await score('SCORE')).toBe(100);
    expect(await score('fit')).toBe(-10);
    const rows = await ledger();
    expect(rows.find((r) => r.score === 'SCORE')).toMatchObject({
      causeKind: 'exit',
      delta: 100,
      value: 100,
    });
    expect(rows.find((r) => r.score === 'fit')).toMatchObject({ causeKind: 'exit', delta: -10, value: -10 });
  });
});
