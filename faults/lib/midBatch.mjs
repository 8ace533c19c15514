import { activateFlow, makeEvents, pointsFlow, sendEvents } from './api.mjs';
import { checkInvariants, pendingEvents, scalar, until } from './invariants.mjs';

const processed = (db) => scalar(db, "SELECT count(*) AS n FROM events WHERE status = 'processed'");

/**
 * The shape of the worker-loss cases: an API and two workers (on the named hosts, when the case has
 * them), two scoring flows, events sent in batches of 100; once a fifth is processed, `interrupt`
 * takes the victim worker away (a signal, a cut link) while the rest are still being sent. Then every
 * event must be processed and the invariants hold. Returns the case's result.
 */
export async function interruptMidBatch(ctx, { short, name, hosts = {}, interrupt }) {
  const count = short ? 400 : 2_000;
  const api = await ctx.start('api', {}, hosts.api);
  await activateFlow(api.url, pointsFlow('email.clicked', 3));
  await activateFlow(api.url, pointsFlow('email.opened', 1));
  const victim = await ctx.start('worker', {}, hosts.victim);
  await ctx.start('worker', {}, hosts.survivor);

  const events = makeEvents(name, count, 40);
  const sending = sendEvents(api.url, events, 100);
  const db = await ctx.openDb();
  try {
    // Interrupt once the victim is surely holding jobs: some processed, many still pending.
    await until(async () => (await processed(db)) >= count / 5, 'a fifth processed', 60_000, 5);
    const atInterrupt = await processed(db);
    const failures = (await interrupt(victim)) ?? [];
    const accepted = await sending;
    await until(async () => (await pendingEvents(db)) === 0, 'every event to be processed', 90_000);
    const result = await checkInvariants(db, accepted);
    result.failures.push(...failures);
    if (atInterrupt >= accepted.length)
      result.failures.push('the interruption came after the batch, not during it');
    const counts = await ctx.eventJobCounts();
    if (counts.failed > 0) result.failures.push(`${counts.failed} event jobs failed`);
    return {
      eventsSent: events.length,
      accepted: accepted.length,
      ...result,
      facts: { 'processed after the interruption': accepted.length - atInterrupt },
      busy: ctx.busyCount(),
      victim,
    };
  } finally {
    await db.close();
  }
}
