import type { FlowDocumentInput, ReentryPolicy } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { decideReentry, readsPreviousRuns } from './reentry.js';
import { activateFlow, DAY } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

/** trigger → +1 → wait 1 day: each run stays active (waiting) after its event. */
const waitingFlow = (reentry: ReentryPolicy): FlowDocumentInput =>
  flow(
    [
      node('t', 'trigger.event', { event: 'link.clicked' }),
      node('a', 'action.adjustScore', { score: 'SCORE', delta: 1 }),
      node('w', 'control.wait', { seconds: 86_400 }),
    ],
    ['t>a', 'a>w'],
    { name: `re-entry ${reentry.mode}`, reentry },
  );

const t = useTestRuntime({ concurrency: 8 });

const click = () => ({ type: 'link.clicked', contact: { email: 'grace@example.com' } });
const runsOf = (flowId: string) => t().store.runs.list({ flowId, limit: 100 });
const firstRunEnded = (flowId: string) => async () => (await runsOf(flowId))[0]?.status === 'completed';

describe('re-entry policies, on events processed at the same time', () => {
  it('always: every event starts a run, even while earlier runs are active', async () => {
    const flowId = await activateFlow(t().store, waitingFlow({ mode: 'always' }));
    await t().send(click(), click());
    expect(await runsOf(flowId)).toHaveLength(2);
  });

  it('once: two simultaneous events, one run; later events never enter again', async () => {
    const flowId = await activateFlow(t().store, waitingFlow({ mode: 'once' }));
    await t().send(click(), click());
    expect(await runsOf(flowId)).toHaveLength(1);
    t().clock.advance(2 * DAY);
    await t().runtime.reconcile();
    await t().until(firstRunEnded(flowId), 'the wait to end the run');
    await t().send(click());
    expect(await runsOf(flowId)).toHaveLength(1);
  });

  it('afterExit: no second run while the first is active, a new one after it ended', async () => {
    const flowId = await activateFlow(t().store, waitingFlow({ mode: 'afterExit' }));
    await t().send(click(), click());
    expect(await runsOf(flowId)).toHaveLength(1);
    t().clock.advance(2 * DAY);
    await t().runtime.reconcile();
    await t().until(firstRunEnded(flowId), 'the wait to end the run');
    await t().send(click());
    expect(await runsOf(flowId)).toHaveLength(2);
  });

  it('cooldown: again only once the cooldown since the previous entry has passed', async () => {
    const flowId = await activateFlow(t().store, waitingFlow({ mode: 'cooldown', seconds: 3600 }));
    await t().send(click(), click());
    expect(await runsOf(flowId)).toHaveLength(1);
    t().clock.advance(3599_000);
    await t().send(click());
    expect(await runsOf(flowId)).toHaveLength(1);
    t().clock.advance(1_000);
    await t().send(click());
    expect(await runsOf(flowId)).toHaveLength(2);
  });
});

describe('re-entry policies, on one job entering a flow twice', () => {
  it('once: a flow started twice by one event (two of its triggers match it) is entered once', async () => {
    // trigger → +1, twice: both triggers match the click, so one job starts the flow twice, and its first
    // run has ended by the time the second asks whether the contact has been in the flow.
    const flowId = await activateFlow(
      t().store,
      flow(
        [
          node('t1', 'trigger.event', { event: 'link.clicked' }),
          node('t2', 'trigger.event', { event: 'link.clicked' }),
          node('a', 'action.adjustScore', { score: 'SCORE', delta: 1 }),
        ],
        ['t1>a', 't2>a'],
        { name: 'entered once', reentry: { mode: 'once' } },
      ),
    );
    await t().send(click());
    expect(await runsOf(flowId)).toMatchObject([{ status: 'completed' }]);
    const contact = await t().store.contacts.findByEmail('grace@example.com');
    expect(await t().store.scores.get(contact?.id ?? '', 'SCORE')).toBe(1);
  });
});

describe('decideReentry', () => {
  const none = { any: false, active: false, lastStartedAt: undefined };
  const activeRun = { any: true, active: true, lastStartedAt: 1_000 };
  const endedRun = { any: true, active: false, lastStartedAt: 1_000 };
  it('explains every refusal', () => {
    expect(decideReentry({ mode: 'once' }, none, 0)).toEqual({ enter: true });
    expect(decideReentry({ mode: 'once' }, endedRun, 5_000)).toMatchObject({
      enter: false,
      reason: expect.stringMatching(/once/),
    });
    expect(decideReentry({ mode: 'afterExit' }, activeRun, 5_000)).toMatchObject({ enter: false });
    expect(decideReentry({ mode: 'afterExit' }, endedRun, 5_000)).toEqual({ enter: true });
    expect(decideReentry({ mode: 'always' }, activeRun, 5_000)).toEqual({ enter: true });
    expect(decideReentry({ mode: 'cooldown', seconds: 10 }, endedRun, 10_999)).toMatchObject({
      enter: false,
    });
    expect(decideReentry({ mode: 'cooldown', seconds: 10 }, endedRun, 11_000)).toEqual({ enter: true });
  });

  it('has earlier runs read for every policy that looks at them, and only for those', () => {
    const policies = [
      { mode: 'always' },
      { mode: 'once' },
      { mode: 'afterExit' },
      { mode: 'cooldown', seconds: 10 },
    ] as const;
    for (const policy of policies) {
      // A policy whose decision moves with the earlier runs must have them read.
      const looks = [none, activeRun, endedRun].some(
        (runs) => decideReentry(policy, runs, 5_000).enter !== decideReentry(policy, none, 5_000).enter,
      );
      expect({ policy, reads: readsPreviousRuns(policy) }).toEqual({ policy, reads: looks });
    }
  });
});
