import { beforeEach, describe, expect, it } from 'vitest';
import { activateFlow, DAY, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();
beforeEach(async () => {
  await activateFlow(t().store, flows.points('email.clicked', 10));
  await activateFlow(t().store, flows.points('pricing.viewed', 40));
});

const contact = { email: 'ines@example.com' };
const id = async () => (await t().store.contacts.findByEmail(contact.email))?.id ?? '';
const score = async () => t().store.scores.get(await id(), 'SCORE');
const decayRows = async () =>
  (await t().store.ledger.listForContact(await id())).filter((r) => r.causeKind === 'decay' && r.delta !== 0);
const define = (
  decay: Parameters<ReturnType<typeof t>['store']['scoreDefinitions']['upsert']>[0]['decay'],
  floor: number | null = null,
) => t().store.scoreDefinitions.upsert({ name: 'SCORE', description: '', floor, cap: null, decay });

describe('score decay policies', () => {
  it('expire: points expire N days after they were earned, each once', async () => {
    await define({ kind: 'expire', days: 30 });
    await t().send({ type: 'email.clicked', contact });
    t().clock.advance(20 * DAY);
    await t().send({ type: 'email.clicked', contact });
    expect(await score()).toBe(20);

    t().clock.advance(10 * DAY + 1);
    await t().runtime.sweep();
    expect(await score()).toBe(10);
    await t().runtime.sweep();
    expect(await score()).toBe(10);

    t().clock.advance(20 * DAY);
    await t().runtime.sweep();
    expect(await score()).toBe(0);
    expect((await decayRows()).map((r) => r.delta)).toEqual([-10, -10]);
    expect(await t().store.ledger.sumForContact(await id(), 'SCORE')).toBe(0);
  });

  it('percent: drops P % per full period of inactivity, once per period even when the clock jumps', async () => {
    await define({
      kind: 'percent',
      percent: 50,
      periodDays: 7,
      events: ['email.clicked', 'pricing.viewed'],
    });
    await t().send({ type: 'pricing.viewed', contact }, { type: 'pricing.viewed', contact });
    expect(await score()).toBe(80);

    t().clock.advance(6 * DAY);
    await t().runtime.sweep();
    expect(await score()).toBe(80);

    t().clock.advance(9 * DAY); // day 15: two full periods
    await t().runtime.sweep();
    await t().runtime.sweep();
    expect(await score()).toBe(20);

    t().clock.advance(7 * DAY); // day 22: the third period
    await t().runtime.sweep();
    expect(await score()).toBe(10);
    expect((await decayRows()).map((r) => r.value)).toEqual([10, 20, 40]);
    expect(await t().store.ledger.sumForContact(await id(), 'SCORE')).toBe(10);
  });

  it('reset: after N days without engagement the score is reset once, and engagement restarts the window', async () => {
    await define({ kind: 'reset', days: 30, value: 0, events: ['email.clicked'] });
    await t().send({ type: 'email.clicked', contact }, { type: 'email.clicked', contact });
    t().clock.advance(29 * DAY);
    await t().runtime.sweep();
    expect(await score()).toBe(20);
    t().clock.advance(DAY);
    await t().runtime.sweep();
    await t().runtime.sweep();
    expect(await score()).toBe(0);
    expect(await decayRows()).toEqual([
      expect.objectContaining({ delta: -20, value: 0, note: expect.stringMatching(/30 days/) }),
    ]);

    await t().send({ type: 'email.clicked', contact });
    t().clock.advance(31 * DAY);
    await t().runtime.sweep();
    expect(await score()).toBe(0);
    expect(await decayRows()).toHaveLength(2);
  });

  it('a decay that crosses a threshold downwards fires the score-threshold flow', async () => {
    await define({ kind: 'reset', days: 30, value: 0, events: ['email.clicked'] });
    await activateFlow(
      t().store,
      flows.chain(
        'Cooled down',
        ['trigger.scoreThreshold', { score: 'SCORE', value: 20, direction: 'down' }],
        ['action.addTag', { tag: 'cold' }],
      ),
    );
    await t().send({ type: 'pricing.viewed', contact });
    expect(await t().store.tags.list(await id())).toEqual([]);
    t().clock.advance(30 * DAY);
    await t().runtime.sweep();
    expect(await t().store.tags.list(await id())).toEqual(['cold']);
  });
});
