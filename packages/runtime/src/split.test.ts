import { flow, node } from '@scoreflow/flow/testing';
import { expect, it } from 'vitest';
import { activateFlow } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();

/** An A/B test that contacts may enter every time they click: half tagged "A", half "B". */
const abTest = () =>
  flow(
    [
      node('t', 'trigger.event', { event: 'link.clicked' }),
      node('s', 'condition.split', { percent: 50 }),
      node('a', 'action.addTag', { tag: 'A' }),
      node('b', 'action.addTag', { tag: 'B' }),
    ],
    ['t>s', 's:yes>a', 's:no>b'],
    { name: 'Subject line test', reentry: { mode: 'always' } },
  );

const emails = Array.from({ length: 12 }, (_, i) => `reader${i}@example.com`);

it('keeps a contact on its branch of a split each time it enters the flow again', async () => {
  const flowId = await activateFlow(t().store, abTest());
  for (let round = 0; round < 3; round++) {
    await t().send(...emails.map((email) => ({ type: 'link.clicked', contact: { email } })));
  }
  const runs = await t().store.runs.list({ flowId, limit: 100 });
  expect(runs).toHaveLength(emails.length * 3);
  const groups = new Map<string, string[]>();
  for (const email of emails) {
    const contact = await t().store.contacts.findByEmail(email);
    const tags = await t().store.tags.list(contact?.id ?? '');
    // Bucketed by run, each of its three runs would pick a branch of its own: both tags for most.
    expect(tags.length, `${email} has ${tags.join(' and ')}`).toBe(1);
    groups.set(tags[0] ?? '', [...(groups.get(tags[0] ?? '') ?? []), email]);
  }
  // Both groups exist (12 contacts all on one side would happen 1 time in 2,048).
  expect([...groups.keys()].sort()).toEqual(['A', 'B']);
  // Every run of a contact shows the same bucket on its split step.
  for (const run of runs) {
    const split = (await t().store.steps.listForRun(run.id)).find((s) => s.nodeId === 's');
    const first = runs.find((r) => r.contactId === run.contactId);
    const firstSplit = (await t().store.steps.listForRun(first?.id ?? '')).find((s) => s.nodeId === 's');
    expect(split?.output).toEqual(firstSplit?.output);
  }
});
