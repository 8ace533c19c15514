import { DEFAULT_GRADING, type ScoringModelInput } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { createRunControl } from './runControl.js';
import { activateFlow, flows } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();

const model: ScoringModelInput = {
  name: 'Lead model',
  score: 'ENGAGE',
  fitScore: 'FIT',
  fitRules: [
    { id: 'vp', attribute: 'jobTitle', op: 'contains', value: 'VP', points: 50 },
    { id: 'big', attribute: 'companySize', op: 'gte', value: 200, points: 20 },
    { id: 'fr', attribute: 'country', op: 'eq', value: 'FR', points: -30 },
  ],
  grading: DEFAULT_GRADING,
};

const contact = (attributes: Record<string, unknown> = {}) => ({ email: 'grade@example.com', attributes });
const id = async () => (await t().store.contacts.findByEmail('grade@example.com'))?.id ?? '';
const fit = async () => (await t().store.scores.get(await id(), 'FIT')) ?? 0;
const gradeLists = async () =>
  (await t().store.lists.list(await id())).filter((l) => l.startsWith('Lead model: grade '));
const fitLedger = async () =>
  (await t().store.ledger.listForContact(await id(), { score: 'FIT' }))
    .map((row) => ({ kind: row.causeKind, delta: row.delta, note: row.note }))
    .reverse();
const tags = async () => (await t().store.tags.list(await id())).sort();

describe('fit rules', () => {
  it('count while their attribute matches, each start and stop in the ledger naming the rule', async () => {
    await t().store.scoringModels.create(model);
    await t().send({ type: 'page.viewed', contact: contact({ jobTitle: 'VP Sales', companySize: 500 }) });
    expect(await fit()).toBe(70);
    await t().send({ type: 'page.viewed', contact: contact({ jobTitle: 'Intern', country: 'FR' }) });
    expect(await fit()).toBe(-10);
    expect(await fitLedger()).toEqual([
      { kind: 'fit', delta: 50, note: 'Fit rule met: jobTitle contains "VP": +50 (Lead model)' },
      { kind: 'fit', delta: 20, note: 'Fit rule met: companySize >= 200: +20 (Lead model)' },
      {
        kind: 'fit',
        delta: -50,
        note: 'Fit rule no longer met: jobTitle contains "VP": +50 (Lead model)',
      },
      { kind: 'fit', delta: -30, note: 'Fit rule met: country is "FR": -30 (Lead model)' },
    ]);
    // An attribute no rule reads changes nothing.
    await t().send({ type: 'page.viewed', contact: contact({ plan: 'pro' }) });
    expect((await fitLedger()).length).toBe(4);
  });

  it('a flow setting an attribute applies them too, and an edited rule moves the score by the difference', async () => {
    const saved = await t().store.scoringModels.create(model);
    await activateFlow(
      t().store,
      flows.chain(
        'promote',
        ['trigger.event', { event: 'promoted' }],
        ['action.setAttribute', { attribute: 'jobTitle', value: 'VP Marketing' }],
      ),
    );
    await t().send({ type: 'promoted', contact: contact() });
    expect(await fit()).toBe(50);
    const rules = (model.fitRules ?? []).map((r) => (r.id === 'vp' ? { ...r, points: 35 } : r));
    await t().store.scoringModels.update(saved.id, { ...model, fitRules: rules });
    await t().send({ type: 'page.viewed', contact: contact({ jobTitle: 'VP Marketing', companySize: 10 }) });
    // companySize changed, so the model's rules are looked at again: the VP rule now gives 35.
    expect(await fit()).toBe(35);
  });
});

describe('fit after a merge', () => {
  it('is what the rules give the survivor, not the two fit scores added up, and the grade list is one', async () => {
    await t().store.scoringModels.create(model);
    await t().send({ type: 'page.viewed', contact: contact({ jobTitle: 'VP Sales' }) });
    await t().send({
      type: 'page.viewed',
      contact: { email: 'other@example.com', attributes: { jobTitle: 'VP Ops', companySize: 300 } },
    });
    const other = (await t().store.contacts.findByEmail('other@example.com'))?.id as string;
    expect(await t().store.scores.get(other, 'FIT')).toBe(70);
    const control = createRunControl({ store: t().store, queues: t().runtime.queues });
    await control.merge({ intoId: await id(), fromId: other, actor: 'support@example.com' });
    // The survivor keeps its job title and gains the company size: 50 + 20, not 50 + 70.
    expect(await fit()).toBe(70);
    expect((await fitLedger()).at(-1)).toMatchObject({ kind: 'fit', delta: -50 });
    expect(await gradeLists()).toEqual(['Lead model: grade A4']);
    // From here each rule counts once: losing the title takes its 50 back.
    await t().send({ type: 'page.viewed', contact: contact({ jobTitle: 'Intern' }) });
    expect(await fit()).toBe(20);
  });
});

describe('grades', () => {
  it('follow both scores into the grade lists and fire grade-changed triggers into the chosen grades', async () => {
    await t().store.scoringModels.create(model);
    await activateFlow(t().store, flows.points('demo.booked', 60, 'ENGAGE'));
    await activateFlow(
      t().store,
      flow(
        [
          node('t', 'trigger.gradeChanged', { model: 'Lead model', fit: ['A'], engagement: ['1', '2'] }),
          node('a', 'action.addTag', { tag: 'hot' }),
        ],
        ['t>a'],
        { name: 'into A1/A2' },
      ),
    );
    await activateFlow(
      t().store,
      flow(
        [
          node('t', 'trigger.event', { event: 'check' }),
          node('c', 'condition.grade', { model: 'Lead model', fit: ['A', 'B'], engagement: ['1', '2'] }),
          node('y', 'action.addTag', { tag: 'good grade' }),
          node('n', 'action.addTag', { tag: 'poor grade' }),
        ],
        ['t>c', 'c:yes>y', 'c:no>n'],
        { name: 'check grade' },
      ),
    );
    await t().send({ type: 'check', contact: contact() });
    // A new contact starts at D4.
    expect(await gradeLists()).toEqual(['Lead model: grade D4']);
    expect(await tags()).toEqual(['poor grade']);
    await t().send({ type: 'demo.booked', contact: contact({ jobTitle: 'VP Sales' }) });
    expect(await gradeLists()).toEqual(['Lead model: grade B2']);
    expect(await tags()).toEqual(['poor grade']);
    await t().send({ type: 'check', contact: contact({ companySize: 1000 }) });
    expect(await gradeLists()).toEqual(['Lead model: grade A2']);
    expect(await tags()).toEqual(['good grade', 'hot', 'poor grade']);
  });

  it('apply-fit brings contacts that did not change since the rules were saved up to date', async () => {
    await t().send({ type: 'page.viewed', contact: contact({ jobTitle: 'VP Sales' }) });
    await t().send({ type: 'page.viewed', contact: { email: 'other@example.com', attributes: { x: 1 } } });
    const saved = await t().store.scoringModels.create(model);
    expect(await fit()).toBe(0);
    const control = createRunControl({ store: t().store, queues: t().runtime.queues });
    expect(await control.applyFit(saved.id)).toEqual({ contacts: 2, changed: 1 });
    expect(await fit()).toBe(50);
    expect(await gradeLists()).toEqual(['Lead model: grade B4']);
    // Applying again changes nothing.
    expect(await control.applyFit(saved.id)).toEqual({ contacts: 2, changed: 0 });
  });
});
