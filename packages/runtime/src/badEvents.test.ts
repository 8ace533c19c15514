import { Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { eventJobId, QUEUE_NAMES } from './queues.js';
import { activateFlow, createTestRuntime, flows, TEST_REDIS_URL } from './testing/harness.js';
import { useTestRuntime } from './testing/useTestRuntime.js';

const t = useTestRuntime();

const statusOf = async (eventId: string) => (await t().store.events.get(eventId))?.status;
const contactIdOf = async (email: string) => (await t().store.contacts.findByEmail(email))?.id ?? '';

describe('a bad event never stops the events behind it', () => {
  it('an event naming two different contacts fails for good with the reason; the next events are processed', async () => {
    await activateFlow(t().store, flows.points('email.clicked', 10));
    await t().send(
      { type: 'email.clicked', contact: { email: 'a@example.com', externalId: 'crm-a' } },
      { type: 'email.clicked', contact: { email: 'b@example.com', externalId: 'crm-b' } },
    );
    const [bad] = await t().ingest([
      { type: 'email.clicked', contact: { email: 'a@example.com', externalId: 'crm-b' } },
    ]);
    const after = await t().send({ type: 'email.clicked', contact: { email: 'b@example.com' } });
    await t().until(async () => (await statusOf(bad?.id ?? '')) === 'failed', 'the bad event to fail');

    expect(await t().store.events.get(bad?.id ?? '')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/another|different|already/i),
    });
    expect(await statusOf(after[0]?.id ?? '')).toBe('processed');
    const a = await contactIdOf('a@example.com');
    const b = await contactIdOf('b@example.com');
    expect(await t().store.scores.get(a, 'SCORE')).toBe(10);
    expect(await t().store.scores.get(b, 'SCORE')).toBe(20);
    // Failed for good: not retried, so nothing is applied later either.
    const failed = await t().runtime.queues.events.getJobCounts('failed');
    expect(failed.failed).toBe(1);
  });
});

describe('an event whose timestamp processing cannot use', () => {
  // As ingestion stored them before it checked timestamps: beyond what a date can hold either way, and
  // a representable time far in the future.
  it.each([
    ['9e15', 9e15],
    ['-9e15', -9e15],
    ['year 2100', Date.UTC(2100, 0, 1)],
  ])(
    'stored at %s, it fails for good with the reason; the next event of the contact is processed',
    async (_, occurredAt) => {
      await activateFlow(t().store, flows.points('email.clicked', 10));
      await t().send({ type: 'email.clicked', contact: { email: 'a@example.com' } });
      const contactId = await contactIdOf('a@example.com');
      await t().store.events.insert({
        id: 'bad-time',
        type: 'email.clicked',
        payload: { contact: { email: 'a@example.com' }, properties: {} },
        occurredAt,
      });
      await t().runtime.queues.events.add(
        'event',
        { eventId: 'bad-time' },
        { jobId: eventJobId('bad-time') },
      );
      const [after] = await t().send({ type: 'email.clicked', contact: { email: 'a@example.com' } });
      await t().until(async () => (await statusOf('bad-time')) !== 'pending', 'the bad event to end');

      expect(await t().store.events.get('bad-time')).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/timestamp .* must be between 2000-01-01T00:00:00.000Z and 24 hours/),
        // Linked to its contact, so support finds it, and why, among the contact's events.
        contactId,
      });
      expect(await statusOf(after?.id ?? '')).toBe('processed');
      expect(await t().store.scores.get(contactId, 'SCORE')).toBe(20);
      const events = await t().store.events.listForContact(contactId);
      expect(events.find((e) => e.id === 'bad-time')?.status).toBe('failed');
      // Not retried, and the reconciler's full pass has nothing pending to queue again.
      expect((await t().runtime.queues.events.getJobCounts('failed')).failed).toBe(1);
      expect(await t().store.events.listPending()).toEqual([]);
      expect(await t().runtime.reconcile(true)).toMatchObject({ events: 0, failedEvents: 0 });
    },
  );
});

describe('an event whose job gave up without the event saying so', () => {
  it('is failed for good by the reconciler with the job reason, and is not queued again', async () => {
    // No workers: the job fails outside the handler, as one does that stalled too often or whose
    // failure could not be written.
    const u = await createTestRuntime();
    try {
      await u.store.events.insert({
        id: 'gave-up',
        type: 'email.clicked',
        payload: { contact: { email: 'a@example.com' }, properties: {} },
      });
      await u.runtime.queues.events.add(
        'event',
        { eventId: 'gave-up' },
        { jobId: eventJobId('gave-up'), attempts: 1 },
      );
      const worker = new Worker(QUEUE_NAMES.events, null, {
        connection: { url: TEST_REDIS_URL },
        prefix: u.prefix,
      });
      const job = await worker.getNextJob('manual');
      await job?.moveToFailed(new Error('job stalled more than allowable limit'), 'manual');
      await worker.close();
      expect(await (await u.runtime.queues.events.getJob(eventJobId('gave-up')))?.isFailed()).toBe(true);

      await u.runtime.reconcile(true); // the boot pass, which re-adds without looking at jobs
      u.clock.advance(31_000);
      expect(await u.runtime.reconcile()).toMatchObject({ events: 0, failedEvents: 1 });
      expect(await u.store.events.get('gave-up')).toMatchObject({
        status: 'failed',
        error: 'processing gave up: job stalled more than allowable limit',
      });
      expect(await u.runtime.reconcile()).toMatchObject({ events: 0, failedEvents: 0 });
      expect(await u.store.events.listPending()).toEqual([]);
    } finally {
      await u.close();
    }
  });
});
