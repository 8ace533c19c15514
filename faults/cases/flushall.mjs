import { activateFlow, makeEvents, pointsFlow, sendEvents, waitFlow } from '../lib/api.mjs';
import { checkInvariants, pendingEvents, pendingWaits, scalar, until } from '../lib/invariants.mjs';

/**
 * Redis loses everything (FLUSHALL) twice: once under running workers with waits pending (the periodic
 * reconciler notices the missing sentinel and re-queues them), once with events queued and no worker
 * running (the next worker's boot pass queues them again from SQLite).
 */
export const name = 'Redis FLUSHALL (the reconciler rebuilds)';

export async function run(ctx, { short }) {
  const signups = short ? 200 : 1_000;
  const clicks = short ? 200 : 1_000;
  const seconds = short ? 6 : 15;
  const api = await ctx.start('api');
  await activateFlow(api.url, waitFlow('signup', seconds, 1));
  await activateFlow(api.url, pointsFlow('email.clicked', 3));
  let worker = await ctx.start('worker');
  const db = await ctx.openDb();
  const redis = ctx.redis.client();
  const failures = [];
  try {
    // 1. Waits pending, workers running, Redis flushed.
    const waitEvents = makeEvents('flush-wait', signups, signups, () => 'signup');
    const accepted = await sendEvents(api.url, waitEvents);
    await until(async () => (await pendingEvents(db)) === 0, 'every signup to start its run', 60_000);
    await redis.flushall();
    // Due after `seconds`, found by a reconciler pass every 2 s: a generous bound, not a timing assertion.
    try {
      await until(async () => (await pendingWaits(db)) === 0, 'every wait to fire', (seconds + 15) * 1000);
    } catch {
      failures.push(
        `${await pendingWaits(db)} of ${signups} waits never fired under the running worker after FLUSHALL ` +
          '(its reconcile schedule lived in Redis and was flushed with everything else)',
      );
    }
    const firedLive = signups - (await pendingWaits(db));

    // 2. Events queued while no worker runs, then Redis flushed: only SQLite still knows them.
    await worker.stop('SIGTERM');
    const clickEvents = makeEvents('flush-click', clicks, 40, () => 'email.clicked');
    accepted.push(...(await sendEvents(api.url, clickEvents)));
    await redis.flushall();
    worker = await ctx.start('worker');
    await until(
      async () => (await pendingEvents(db)) === 0,
      'every click to be processed after FLUSHALL',
      60_000,
    );
    await until(
      async () => (await pendingWaits(db)) === 0,
      'every wait to fire once a worker booted',
      60_000,
    );

    const early = await scalar(db, 'SELECT count(*) AS n FROM waits WHERE fired_at < due_at');
    if (early > 0) failures.push(`${early} waits fired before their time`);
    const result = await checkInvariants(db, accepted);
    const expected = signups + clicks * 3;
    if (result.ledgerTotal !== expected)
      failures.push(`the ledger holds ${result.ledgerTotal} points, expected ${expected}`);
    return {
      eventsSent: signups + clicks,
      ...result,
      failures: [...failures, ...result.failures],
      facts: { 'waits fired under the running worker': firedLive, early },
      busy: ctx.busyCount(),
    };
  } finally {
    redis.disconnect();
    await db.close();
  }
}
