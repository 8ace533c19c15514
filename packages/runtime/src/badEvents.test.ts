import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activateFlow, createTestRuntime, flows, type TestRuntime } from './testing/harness.js';

let t: TestRuntime;
beforeEach(async () => {
  t = await createTestRuntime();
  await t.runtime.start();
});
afterEach(async () => {
  await t.close();
});

describe('a bad event never stops the events behind it', () => {
  it('an event naming two different contacts fails for good with the reason; the next events are processed', async () => {
    activateFlow(t.store, flows.points('email.clicked', 10));
    await t.send(
      { type: 'email.clicked', contact: { email: 'a@example.com', externalId: 'crm-a' } },
      { type: 'email.clicked', contact: { email: 'b@example.com', externalId: 'crm-b' } },
    );
    const [bad] = await t.ingest([
      { type: 'email.clicked', contact: { email: 'a@example.com', externalId: 'crm-b' } },
    ]);
    const after = await t.send({ type: 'email.clicked', contact: { email: 'b@example.com' } });
    await t.until(() => t.store.events.get(bad?.id ?? '')?.status === 'failed', 'the bad event to fail');

    expect(t.store.events.get(bad?.id ?? '')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/another|different|already/i),
    });
    expect(t.store.events.get(after[0]?.id ?? '')?.status).toBe('processed');
    const a = t.store.contacts.findByEmail('a@example.com')?.id ?? '';
    const b = t.store.contacts.findByEmail('b@example.com')?.id ?? '';
    expect(t.store.scores.get(a, 'SCORE')).toBe(10);
    expect(t.store.scores.get(b, 'SCORE')).toBe(20);
    // Failed for good: not retried, so nothing is applied later either.
    const failed = await t.runtime.queues.events.getJobCounts('failed');
    expect(failed.failed).toBe(1);
  });
});
