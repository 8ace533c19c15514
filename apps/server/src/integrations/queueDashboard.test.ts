import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { asAdmin, useTestApp } from '../testing.js';

const { app, runtime: t } = useTestApp({
  runtime: true,
  start: false,
  deps: (t) => ({ queues: t.runtime.queues }),
});

describe('bull-board at /admin/queues', () => {
  it('serves the dashboard and shows the real queues with their waiting jobs', async () => {
    // Workers are not started: the ingested event stays waiting in its queue.
    await t().ingest([{ id: 'dash-1', type: 'page.viewed', contact: { email: 'a@example.com' } }]);
    const page = await request(app()).get('/admin/queues').expect(200);
    expect(page.text).toMatch(/<div id="root"/);
    const api = await request(app())
      .get('/admin/queues/api/queues')
      .query({ activeQueue: 'events' })
      .expect(200);
    const names = api.body.queues.map((q: { name: string }) => q.name).sort();
    expect(names).toEqual(['deliveries', 'events', 'maintenance', 'waits']);
    const events = api.body.queues.find((q: { name: string }) => q.name === 'events');
    expect(events.counts.waiting).toBe(1);
  });

  it('is not mounted without queues', async () => {
    const bare = await asAdmin(createApp({ store: t().store, logger: pino({ level: 'silent' }) }), t().store);
    await request(bare).get('/admin/queues/api/queues').expect(404);
  });
});
