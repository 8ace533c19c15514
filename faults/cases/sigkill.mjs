import { activateFlow, makeEvents, pointsFlow, sendEvents } from '../lib/api.mjs';
import { checkInvariants, openDb, pendingEvents, until } from '../lib/invariants.mjs';

/** A worker killed with SIGKILL in the middle of a batch: its jobs are retried once its lock expires. */
export const name = 'SIGKILL a worker mid-batch';

export async function run(ctx, { short }) {
  const count = short ? 400 : 2_000;
  const api = await ctx.start('api');
  await activateFlow(api.url, pointsFlow('email.clicked', 3));
  await activateFlow(api.url, pointsFlow('email.opened', 1));
  const victim = await ctx.start('worker');
  await ctx.start('worker');

  const events = makeEvents('kill', count, 40);
  const sending = sendEvents(api.url, events, 100);
  const db = openDb(ctx.dbFile);
  try {
    // Kill once the victim is surely holding jobs: some processed, many still pending.
    await until(
      () => db.prepare("SELECT count(*) AS n FROM events WHERE status = 'processed'").get().n >= count / 5,
      'a fifth processed',
      60_000,
      5,
    );
    const { signal } = await victim.stop('SIGKILL');
    if (signal !== 'SIGKILL') throw new Error(`the worker ended with ${signal}, not SIGKILL`);
    const accepted = await sending;
    await ctx.start('worker');
    await until(() => pendingEvents(db) === 0, 'every event to be processed', 90_000);
    const result = checkInvariants(db, accepted);
    const counts = await ctx.eventJobCounts();
    if (counts.failed > 0) result.failures.push(`${counts.failed} event jobs failed`);
    return { eventsSent: events.length, accepted: accepted.length, ...result, busy: ctx.busyCount() };
  } finally {
    db.close();
  }
}
