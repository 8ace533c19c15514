import { activateFlow, makeEvents, sendEvents, waitFlow } from '../lib/api.mjs';
import { checkInvariants, pendingEvents, pendingWaits, scalar, until } from '../lib/invariants.mjs';

/** Redis crashes and comes back with many waits pending: all of them fire, none before its time. */
export const name = 'Redis restarted with pending waits';
// An append-only file fsynced on every write: what an operator configures for Redis to survive a crash.
export const persistent = true;

export async function run(ctx, { short }) {
  const count = 1_000;
  // Every wait must still be pending when Redis goes down, so the waits outlast the processing of all
  // the signups: two workers on PostgreSQL on a 2-CPU machine took 9-12 s for the 1,000 (8 s was too
  // short there), SQLite about 3.
  const seconds = short ? 20 : 40;
  const api = await ctx.start('api');
  await activateFlow(api.url, waitFlow('signup', seconds, 1));
  await ctx.start('worker');
  await ctx.start('worker');
  const events = makeEvents('restart', count, count, () => 'signup');
  const db = await ctx.openDb();
  try {
    const accepted = await sendEvents(api.url, events, 250);
    await until(async () => (await pendingEvents(db)) === 0, 'every signup to start its run', 60_000);
    const waiting = await pendingWaits(db);
    const failures = [];
    if (waiting !== count) failures.push(`${waiting} waits pending before the restart, expected ${count}`);
    const firstDue = (await db.get('SELECT min(due_at) AS t FROM waits')).t;
    if (Date.now() >= firstDue) failures.push('the first wait was due before Redis went down');

    await ctx.redis.restart('SIGKILL');
    await until(
      async () => (await pendingWaits(db)) === 0,
      'every wait to fire after the restart',
      (seconds + 60) * 1000,
    );

    const fired = await scalar(db, "SELECT count(*) AS n FROM waits WHERE status = 'fired'");
    const early = await scalar(db, 'SELECT count(*) AS n FROM waits WHERE fired_at < due_at');
    const lateness = (await db.get('SELECT max(fired_at - due_at) AS ms FROM waits')).ms;
    const completed = await scalar(db, "SELECT count(*) AS n FROM runs WHERE status = 'completed'");
    if (fired !== count) failures.push(`${fired} of ${count} waits fired`);
    if (early > 0) failures.push(`${early} waits fired before their time`);
    if (completed !== count) failures.push(`${completed} of ${count} runs completed`);
    const result = await checkInvariants(db, accepted);
    if (result.ledgerTotal !== count)
      failures.push(`the ledger holds ${result.ledgerTotal} points, expected ${count}`);
    return {
      eventsSent: events.length,
      ...result,
      failures: [...failures, ...result.failures],
      facts: { 'waits fired': fired, early, 'latest firing (ms after due)': lateness },
      busy: ctx.busyCount(),
    };
  } finally {
    await db.close();
  }
}
