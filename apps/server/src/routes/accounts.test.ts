import { DEFAULT_GRADING } from '@scoreflow/flow';
import { createRunControl } from '@scoreflow/runtime';
import { activateFlow, flows } from '@scoreflow/runtime/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { tokenHeaders, useTestApp } from '../testing.js';

const t = useTestApp({
  runtime: { now: Date.now },
  deps: (rt) => ({ runControl: createRunControl({ store: rt.store, queues: rt.runtime.queues }) }),
});

const visits = async (...emails: [string, Record<string, unknown>?][]) => {
  const rt = t.runtime();
  await rt.send(...emails.map(([email, attributes]) => ({ type: 'visit', contact: { email, attributes } })));
};
const idOf = async (email: string) => (await t.store().contacts.findByEmail(email))?.id as string;

describe('accounts API', () => {
  it('lists accounts by score and shows one with what each contact adds, under the score’s aggregate', async () => {
    await activateFlow(t.store(), flows.points('visit', 10));
    await visits(
      ['ann@acme.test'],
      ['ann@acme.test'],
      ['bob@acme.test'],
      ['cy@gmail.com'],
      ['eve@initech.test'],
    );
    const list = await request(t.app()).get('/api/accounts').expect(200);
    expect(list.body).toEqual({
      score: 'SCORE',
      aggregate: 'sum',
      total: 2,
      items: [
        { key: 'acme.test', name: 'acme.test', contacts: 2, score: 30 },
        { key: 'initech.test', name: 'initech.test', contacts: 1, score: 10 },
      ],
    });
    const one = await request(t.app()).get('/api/accounts/acme.test').expect(200);
    expect(one.body).toMatchObject({ key: 'acme.test', contacts: 2, score: 30, aggregate: 'sum' });
    expect(one.body.members).toEqual([
      { contactId: await idOf('ann@acme.test'), email: 'ann@acme.test', value: 20, contribution: 20 },
      { contactId: await idOf('bob@acme.test'), email: 'bob@acme.test', value: 10, contribution: 10 },
    ]);

    await request(t.app()).put('/api/scores/SCORE').send({ name: 'SCORE', account: 'max' }).expect(200);
    const max = await request(t.app()).get('/api/accounts/acme.test?score=SCORE').expect(200);
    expect(max.body).toMatchObject({ score: 20, aggregate: 'max' });
    expect(max.body.members.map((m: { contribution: number }) => m.contribution)).toEqual([20, 0]);
    await request(t.app()).put('/api/scores/SCORE').send({ name: 'SCORE', account: 'average' }).expect(200);
    const average = await request(t.app()).get('/api/accounts/acme.test').expect(200);
    expect(average.body.score).toBe(15);

    const missing = await request(t.app()).get('/api/accounts/gmail.com').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body.detail).toMatch(/gmail\.com/);
    // The contact says which account it is in; a free-mail contact is in none.
    const ann = await request(t.app())
      .get(`/api/contacts/${await idOf('ann@acme.test')}`)
      .expect(200);
    expect(ann.body.account).toEqual({ key: 'acme.test', name: 'acme.test' });
    const cy = await request(t.app())
      .get(`/api/contacts/${await idOf('cy@gmail.com')}`)
      .expect(200);
    expect(cy.body.account).toBeNull();
  });
});

describe('grades and fit rules over the API', () => {
  const model = {
    name: 'Lead model',
    fitRules: [{ id: 'vp', attribute: 'jobTitle', op: 'contains', value: 'VP', points: 45 }],
    grading: DEFAULT_GRADING,
  };

  it('show the grade on the contact and the list, and apply-fit brings older contacts up to date', async () => {
    await activateFlow(t.store(), flows.points('visit', 60));
    await visits(['vp@acme.test', { jobTitle: 'VP Sales' }]);
    const created = await request(t.app()).post('/api/scoring-models').send(model).expect(201);
    const id = await idOf('vp@acme.test');
    // Saved after the contact's last change: its fit is not computed yet.
    const before = await request(t.app()).get(`/api/contacts/${id}`).expect(200);
    expect(before.body.grades).toEqual([
      { model: 'Lead model', grade: 'D2', fitScore: 'FIT', fit: 0, score: 'SCORE', engagement: 60 },
    ]);
    const support = await tokenHeaders(t.store(), 'support');
    await request(t.bare()).post(`/api/scoring-models/${created.body.id}/apply-fit`).set(support).expect(403);
    const applied = await request(t.app())
      .post(`/api/scoring-models/${created.body.id}/apply-fit`)
      .expect(200);
    expect(applied.body).toEqual({ contacts: 1, changed: 1 });
    const after = await request(t.app()).get(`/api/contacts/${id}`).expect(200);
    expect(after.body.grades[0]).toMatchObject({ grade: 'B2', fit: 45 });
    expect(after.body.lists).toContain('Lead model: grade B2');
    const list = await request(t.app()).get('/api/contacts').expect(200);
    expect(list.body.items[0].grades[0].grade).toBe('B2');
    const ledger = await request(t.app()).get(`/api/contacts/${id}/ledger?score=FIT`).expect(200);
    expect(ledger.body.items[0]).toMatchObject({ causeKind: 'fit', delta: 45 });

    // The backtest says what a draft with another rule would change.
    const draft = {
      ...model,
      fitRules: [...model.fitRules, { id: 'plan', attribute: 'plan', op: 'exists', points: 30 }],
    };
    // A second visit: SCORE 120 (engagement 1).
    await visits(['vp@acme.test', { plan: 'pro' }]);
    const backtest = await request(t.app())
      .post(`/api/scoring-models/${created.body.id}/backtest`)
      .send({ days: 30, model: draft })
      .expect(200);
    expect(backtest.body.fit).toMatchObject({
      score: 'FIT',
      changed: 1,
      gradesMoved: 1,
      gradeTransitions: [{ from: 'B1', to: 'A1', count: 1 }],
      movements: [{ email: 'vp@acme.test', fitNow: 45, fitModel: 75, gradeNow: 'B1', gradeModel: 'A1' }],
    });
  });

  it('refuses apply-fit for a model without rules or grades', async () => {
    const created = await request(t.app()).post('/api/scoring-models').send({ name: 'Plain' }).expect(201);
    const res = await request(t.app()).post(`/api/scoring-models/${created.body.id}/apply-fit`).expect(409);
    expect(res.body.detail).toMatch(/no attribute rules and no grades/);
  });
});
