import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing.js';

const ctx = useTestApp();

/** Three contacts with SCORE 10, 55 and 90 (new, MQL, SQL under the default bands). */
async function seed() {
  const store = ctx.store();
  const ids: string[] = [];
  for (const email of ['low@example.com', 'mid@example.com', 'top@example.com']) {
    ids.push((await store.contacts.upsertByIdentity({ email })).contact.id);
  }
  for (const [i, value] of [10, 55, 90].entries()) await store.scores.set(ids[i] as string, 'SCORE', value);
  await store.contacts.setEngagementLevel(ids[0] as string, 'engaged');
  await store.events.insert({
    id: 'e1',
    type: 'page.viewed',
    contactId: ids[1] as string,
    occurredAt: 1_000,
  });
  return ids;
}

const emails = (body: { items: { email: string }[] }) => body.items.map((c) => c.email);

describe('GET /api/contacts (the list)', () => {
  it('answers each contact with its scores, their bands, engagement and last activity, and the total', async () => {
    await seed();
    const res = await request(ctx.app()).get('/api/contacts?sort=score&order=desc&limit=2').expect(200);
    expect(res.body.total).toBe(3);
    expect(emails(res.body)).toEqual(['top@example.com', 'mid@example.com']);
    expect(res.body.items[1]).toMatchObject({
      scores: [{ name: 'SCORE', value: 55, band: 'MQL' }],
      engagementLevel: null,
      lastActivityAt: new Date(1_000).toISOString(),
    });
    const next = await request(ctx.app()).get('/api/contacts?sort=score&order=desc&limit=2&offset=2');
    expect(next.body.items[0]).toMatchObject({
      email: 'low@example.com',
      scores: [{ band: 'new' }],
      engagementLevel: 'engaged',
    });
  });

  it('sorts by engagement level and by email in the order asked for', async () => {
    await seed();
    const engaged = await request(ctx.app()).get('/api/contacts?sort=engagement&order=desc').expect(200);
    expect(emails(engaged.body)[0]).toBe('low@example.com');
    const byEmail = await request(ctx.app()).get('/api/contacts?sort=email&order=asc').expect(200);
    expect(emails(byEmail.body)).toEqual(['low@example.com', 'mid@example.com', 'top@example.com']);
  });

  it('refuses a sort key outside the whitelist as a problem naming the parameter', async () => {
    await seed();
    const res = await request(ctx.app()).get('/api/contacts?sort=email%20DESC%3B--').expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/sort');
    await request(ctx.app()).get('/api/contacts?order=sideways').expect(400);
  });

  it('finds one contact by email in the same shape', async () => {
    await seed();
    const res = await request(ctx.app()).get('/api/contacts?email=TOP@example.com').expect(200);
    expect(res.body).toMatchObject({
      total: 1,
      items: [{ email: 'top@example.com', scores: [{ band: 'SQL' }] }],
    });
  });
});
