import { createRunControl } from '@scoreflow/runtime';
import { activateFlow, flows } from '@scoreflow/runtime/testing';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { tokenHeaders, useTestApp } from '../testing.js';

const WRITE_KEY = 'wk_merge_test';
const basic = { authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}` };
const t = useTestApp({
  runtime: { now: Date.now },
  deps: (rt) => ({
    runControl: createRunControl({ store: rt.store, queues: rt.runtime.queues }),
    segmentWriteKeys: [WRITE_KEY],
  }),
});

/** Two contacts with SCORE 30 and 25, made by events as in production. */
async function twoContacts(prefix: string) {
  const rt = t.runtime();
  await activateFlow(rt.store, flows.points(`${prefix}.thirty`, 30));
  await activateFlow(rt.store, flows.points(`${prefix}.twentyfive`, 25));
  // One after the other: B's ledger row is then the newer, whichever worker takes which event.
  await rt.send({ type: `${prefix}.thirty`, contact: { email: `${prefix}@example.com` } });
  await rt.send({ type: `${prefix}.twentyfive`, contact: { email: `${prefix}.b@example.com` } });
  const find = async (email: string) => (await rt.store.contacts.findByEmail(email))?.id as string;
  return { a: await find(`${prefix}@example.com`), b: await find(`${prefix}.b@example.com`) };
}

describe('POST /api/contacts/:id/merge', () => {
  it.each([
    ['admin', 200],
    ['marketer', 200],
    ['support', 403],
  ] as const)('as %s: %i', async (role, status) => {
    const { a, b } = await twoContacts(role);
    const res = await request(t.bare())
      .post(`/api/contacts/${a}/merge`)
      .set(await tokenHeaders(t.store(), role))
      .send({ from: b });
    expect(res.status).toBe(status);
    if (status !== 200) {
      expect(await t.store().contacts.get(b)).toBeDefined();
      return;
    }
    expect(res.body.contact.id).toBe(a);
    expect(res.body.merged.scores).toEqual([{ score: 'SCORE', into: 30, from: 25, value: 55 }]);
    // B's id answers with A's record; A's ledger keeps B's row, labelled.
    const redirected = await request(t.app()).get(`/api/contacts/${b}`);
    expect(redirected.body).toMatchObject({ id: a, scores: { SCORE: 55 } });
    const ledger = await request(t.app()).get(`/api/contacts/${a}/ledger`);
    expect(ledger.body.items.map((r: { causeKind: string; mergedFrom: string | null }) => r)).toEqual([
      expect.objectContaining({ causeKind: 'merge', delta: 0, value: 55, actor: expect.any(String) }),
      expect.objectContaining({ causeKind: 'flow', delta: 25, mergedFrom: b }),
      expect.objectContaining({ causeKind: 'flow', delta: 30, mergedFrom: null }),
    ]);
  });

  it('refuses without credentials, an unknown or the same contact, and one merged already', async () => {
    const { a, b } = await twoContacts('refused');
    expect((await request(t.bare()).post(`/api/contacts/${a}/merge`).send({ from: b })).status).toBe(401);
    const merge = (id: string, from: string) =>
      request(t.app()).post(`/api/contacts/${id}/merge`).send({ from });
    expect((await merge(a, 'nobody')).status).toBe(404);
    expect((await merge(a, a)).status).toBe(400);
    expect((await merge(a, b)).status).toBe(200);
    expect((await merge(a, b)).status).toBe(409);
    expect((await request(t.app()).post(`/api/contacts/${a}/merge`).send({})).status).toBe(400);
  });
});

describe('Segment alias', () => {
  it('merges the contact of previousId into the one of userId; later events with previousId land there', async () => {
    const rt = t.runtime();
    await activateFlow(rt.store, flows.points('page', 10));
    await rt.send(
      { type: 'page', contact: { externalId: 'old-id' } },
      { type: 'page', contact: { externalId: 'user-1', email: 'eve@example.com' } },
    );
    const previous = (await rt.store.contacts.findByExternalId('old-id'))?.id as string;
    const user = (await rt.store.contacts.findByExternalId('user-1'))?.id as string;
    const res = await request(t.bare())
      .post('/v1/alias')
      .set(basic)
      .send({ messageId: 'alias-1', previousId: 'old-id', userId: 'user-1' });
    expect(res.status).toBe(200);
    await rt.until(
      async () => (await rt.store.events.get('seg-alias-1'))?.status === 'processed',
      'the alias',
    );
    expect(await rt.store.contacts.get(previous)).toBeUndefined();
    expect(await rt.store.scores.get(user, 'SCORE')).toBe(20);
    expect((await rt.store.merges.get(previous))?.intoId).toBe(user);

    await rt.send({ type: 'page', contact: { externalId: 'old-id' } });
    expect(await rt.store.scores.get(user, 'SCORE')).toBe(30);
    expect(await rt.store.contacts.list()).toHaveLength(1);
  });
});
