import type { FlowReport, ReportBranch } from '@scoreflow/api';
import { flow, node } from '@scoreflow/flow/testing';
import { activateFlow, DAY, publishVersion } from '@scoreflow/runtime/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing.js';

/**
 * A pricing email tested against a plain one, with a fifth of the readers held out; the goal is a
 * purchase (+50 SCORE from the second flow) within a week.
 */
const pricingTest = (variantB: string) =>
  flow(
    [
      node('clicked', 'trigger.event', { event: 'link.clicked' }),
      {
        ...node('test', 'control.abTest', {
          variants: [
            { name: 'Price in subject', percent: 40 },
            { name: variantB, percent: 40 },
          ],
          holdout: 20,
        }),
        label: 'Subject line test',
      },
      node('a', 'action.addTag', { tag: 'A' }),
      node('b', 'action.addTag', { tag: 'B' }),
    ],
    ['clicked>test', 'test:A>a', 'test:B>b'],
    {
      name: 'Pricing email',
      exits: [{ kind: 'goal', id: 'bought', score: 'SCORE', op: '>=', value: 50, conversionDays: 7 }],
    },
  );

const purchases = flow(
  [
    node('bought', 'trigger.event', { event: 'purchase' }),
    node('add', 'action.adjustScore', { score: 'SCORE', delta: 50 }),
  ],
  ['bought>add'],
  { name: 'Purchases' },
);

const readers = Array.from({ length: 60 }, (_, i) => `reader${i}@example.com`);

describe('the flow report', () => {
  const ctx = useTestApp({ runtime: true });

  it('counts entries, goal conversion within the window, and each A/B test branch against the holdout, per version', async () => {
    const t = ctx.runtime();
    const flowId = await activateFlow(t.store, pricingTest('Plain subject'));
    await activateFlow(t.store, purchases);
    const click = (emails: readonly string[]) =>
      t.send(...emails.map((email) => ({ type: 'link.clicked', contact: { email } })));
    const buy = (emails: readonly string[]) =>
      t.send(...emails.map((email) => ({ type: 'purchase', contact: { email } })));

    // Day 0: everyone enters version 1. Day 2: the first 30 buy, inside the week. Day 12: ten more buy,
    // too late for their first entry.
    await click(readers);
    t.clock.advance(2 * DAY);
    await buy(readers.slice(0, 30));
    t.clock.advance(10 * DAY);
    await buy(readers.slice(30, 40));

    // Version 2 renames variant B; everyone enters again, the 40 buyers already at the goal.
    await publishVersion(t.store, flowId, pricingTest('Plain subject, shorter'));
    await click(readers);

    // Which branch each reader took, from what the flow did to them (held-out readers got nothing).
    const branchOf = new Map<string, string>();
    for (const email of readers) {
      const contact = await t.store.contacts.findByEmail(email);
      const tags = await t.store.tags.list(contact?.id ?? '');
      expect(tags.length, `${email} keeps one branch on re-entry`).toBeLessThanOrEqual(1);
      branchOf.set(email, tags[0] ?? 'holdout');
    }
    const inBranch = (branch: string, emails: readonly string[]) =>
      emails.filter((e) => branchOf.get(e) === branch).length;
    // All three groups exist (with 60 readers an empty one happens about once in a million).
    for (const branch of ['A', 'B', 'holdout']) expect(inBranch(branch, readers)).toBeGreaterThan(0);

    const res = await request(ctx.app()).get(`/api/flows/${flowId}/report`).expect(200);
    const report = res.body as FlowReport;
    expect(report.flowName).toBe('Pricing email');
    expect(report.goal).toEqual({
      score: 'SCORE',
      op: '>=',
      value: 50,
      conversionDays: 7,
      label: 'SCORE >= 50 within 7 days',
    });
    // Version 1: 30 of 60 converted within the week (the ten late buyers do not count). Version 2: the
    // 40 who had bought were at the goal when they entered.
    expect(report.versions).toEqual([
      expect.objectContaining({ version: 1, entered: 60, converted: 30, conversionRate: 0.5, completed: 60 }),
      expect.objectContaining({
        version: 2,
        entered: 60,
        converted: 40,
        completed: 60,
        active: 0,
        exited: 0,
      }),
    ]);
    expect(report.total).toMatchObject({ entered: 120, converted: 70, failed: 0, cancelled: 0 });

    expect(report.tests).toHaveLength(1);
    const [test] = report.tests;
    expect(test?.nodeName).toBe('Subject line test');
    const expected = (branch: string) => {
      const entered = 2 * inBranch(branch, readers);
      const converted = inBranch(branch, readers.slice(0, 30)) + inBranch(branch, readers.slice(0, 40));
      return { branch, entered, converted, conversionRate: converted / entered };
    };
    expect(test?.branches).toEqual([
      expect.objectContaining({ ...expected('A'), name: 'A: Price in subject', percent: 40 }),
      expect.objectContaining({ ...expected('B'), name: 'B: Plain subject, shorter', percent: 40 }),
      expect.objectContaining({ ...expected('holdout'), name: 'Holdout', percent: 20, upliftPoints: null }),
    ]);
    const rateOf = (branch: string) => test?.branches.find((b) => b.branch === branch)?.conversionRate ?? 0;
    const uplift = (b: ReportBranch | undefined) => b?.upliftPoints;
    expect(uplift(test?.branches[0])).toBeCloseTo((rateOf('A') - rateOf('holdout')) * 100, 2);
    // Per version: each version's entries are everyone once.
    expect(test?.versions.map((v) => [v.version, v.branches.reduce((n, b) => n + b.entered, 0)])).toEqual([
      [1, 60],
      [2, 60],
    ]);
    // Each version names its branches as it ran.
    expect(test?.versions.map((v) => v.branches.find((b) => b.branch === 'B')?.name)).toEqual([
      'B: Plain subject',
      'B: Plain subject, shorter',
    ]);
    const v1Holdout = test?.versions[0]?.branches.find((b) => b.branch === 'holdout');
    expect(v1Holdout).toMatchObject({
      entered: inBranch('holdout', readers),
      converted: inBranch('holdout', readers.slice(0, 30)),
    });

    // The live canvas asks for the tests alone: the same branches, without the entries' query.
    const testsOnly = (await request(ctx.app()).get(`/api/flows/${flowId}/report?parts=tests`).expect(200))
      .body;
    expect(testsOnly.tests).toEqual(report.tests);
    expect(testsOnly.versions).toEqual([]);
    await request(ctx.app()).get(`/api/flows/${flowId}/report?parts=some`).expect(400);

    // Held-out runs end at the test with nothing done, saying why on the step.
    const holdoutReader = readers.find((e) => branchOf.get(e) === 'holdout') ?? '';
    const contact = await t.store.contacts.findByEmail(holdoutReader);
    const [run] = await t.store.runs.list({ flowId, contactId: contact?.id ?? '', limit: 1 });
    const steps = await t.store.steps.listForRun(run?.id ?? '');
    expect(steps.map((s) => s.nodeId)).toEqual(['clicked', 'test']);
    expect(steps[1]?.output).toMatchObject({ branch: 'holdout', holdout: 20 });
  });

  it('counts entries without conversion for a flow without a goal, and answers 404 for an unknown flow', async () => {
    const t = ctx.runtime();
    const flowId = await activateFlow(t.store, { ...purchases, settings: { name: 'No goal' } });
    await t.send({ type: 'purchase', contact: { email: 'ada@example.com' } });
    const res = await request(ctx.app()).get(`/api/flows/${flowId}/report`).expect(200);
    expect(res.body).toMatchObject({
      goal: null,
      total: { entered: 1, converted: 0, conversionRate: null, completed: 1 },
      tests: [],
    });
    const missing = await request(ctx.app()).get('/api/flows/nope/report').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
