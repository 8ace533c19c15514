import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../testing.js';

const ctx = useTestApp();

describe('score definitions API', () => {
  it('lists SCORE by default, creates and updates a score with a decay policy', async () => {
    const initial = await request(ctx.app()).get('/api/scores').expect(200);
    expect(initial.body.items.map((s: { name: string }) => s.name)).toEqual(['SCORE']);

    const created = await request(ctx.app())
      .put('/api/scores/product_interest')
      .send({ floor: 0, cap: 100, decay: { kind: 'reset', days: 30 } })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'product_interest',
      floor: 0,
      cap: 100,
      decay: { kind: 'reset', days: 30, value: 0, events: ['email.opened', 'email.clicked'] },
    });
    await request(ctx.app()).put('/api/scores/product_interest').send({ cap: 50 }).expect(200);
    const got = await request(ctx.app()).get('/api/scores/product_interest').expect(200);
    expect(got.body).toMatchObject({ cap: 50, decay: null });
  });

  it('refuses an invalid definition with every problem, and deleting SCORE', async () => {
    const res = await request(ctx.app())
      .put('/api/scores/x')
      .send({ floor: 10, cap: 5, decay: { kind: 'percent', percent: 150, periodDays: 0 } })
      .expect(400);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(expect.arrayContaining(['/decay/percent', '/decay/periodDays']));
    await request(ctx.app()).delete('/api/scores/SCORE').expect(409);
    await request(ctx.app()).delete('/api/scores/nope').expect(404);
  });
});
