import { activateFlow, makeEvents, pointsFlow, sendEvents } from '../lib/api.mjs';
import { checkInvariants, pendingEvents, scalar, until } from '../lib/invariants.mjs';

/** SIGTERM while jobs are in flight: the worker finishes what it holds, exits 0, and leaves no job active. */
export const name = 'SIGTERM with jobs in flight';

const processed = (db) => scalar(db, "SELECT count(*) AS n FROM events WHERE status = 'processed'");

export async function run(ctx, { short }) {
  const count = short ? 400 : 2_000;
  const api = await ctx.start('api');
  await activateFlow(api.url, pointsFlow('email.clicked', 3));
  await activateFlow(api.url, pointsFlow('email.opened', 1));
  const worker = await ctx.start('worker');
  const events = makeEvents('term', count, 40);
  const db = await ctx.openDb();
  try {
    const accepted = await sendEvents(api.url, events, 100);
    await until(async () => (await processed(db)) >= count / 5, 'a fifth processed', 60_000, 5);
    const { code } = await worker.stop('SIGTERM');
    const atStop = await processed(db);
    const failures = [];
    if (code !== 0) failures.push(`the worker exited with ${code}, not 0`);
    if (!/"msg":"stopped"/.test(worker.output())) failures.push('the worker did not log "stopped"');
    // Nothing left active: a job the worker dropped would sit in "active" until another worker's stall check.
    const afterStop = await ctx.eventJobCounts();
    if (afterStop.active > 0) failures.push(`${afterStop.active} event jobs were left active after SIGTERM`);
    if (atStop >= count) failures.push('every event was processed before SIGTERM: no job was in flight');

    await ctx.start('worker');
    await until(
      async () => (await pendingEvents(db)) === 0,
      'the rest to be processed by a new worker',
      90_000,
    );
    const result = await checkInvariants(db, accepted);
    const counts = await ctx.eventJobCounts();
    if (counts.failed > 0) failures.push(`${counts.failed} event jobs failed`);
    return {
      eventsSent: events.length,
      ...result,
      failures: [...failures, ...result.failures],
      facts: { 'processed at SIGTERM': atStop },
      busy: ctx.busyCount(),
    };
  } finally {
    await db.close();
  }
}
