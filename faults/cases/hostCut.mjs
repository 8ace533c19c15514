import { activateFlow, makeEvents, pointsFlow, sendEvents } from '../lib/api.mjs';
import { checkInvariants, openDb, pendingEvents, until } from '../lib/invariants.mjs';

/**
 * The API and two workers on three separate hosts (network namespaces with veth links to the machine
 * where Redis listens). Mid-batch, one worker host drops off the network: no signal, no closed socket,
 * its connections just go silent. Its job locks expire, the other worker takes its jobs over, and
 * nothing is lost or applied twice (the dropped worker may still finish a job locally; the event's
 * status in the database makes the second attempt a no-op).
 */
export const name = 'a worker host drops off the network mid-batch (API and workers on separate hosts)';
export const hosts = ['api', 'workerA', 'workerB'];

export async function run(ctx, { short }) {
  const count = short ? 400 : 2_000;
  const api = await ctx.start('api', {}, 'api');
  await activateFlow(api.url, pointsFlow('email.clicked', 3));
  await activateFlow(api.url, pointsFlow('email.opened', 1));
  const dropped = await ctx.start('worker', {}, 'workerA');
  await ctx.start('worker', {}, 'workerB');

  const events = makeEvents('cut', count, 40);
  const sending = sendEvents(api.url, events, 100);
  const db = openDb(ctx.dbFile);
  try {
    await until(
      () => db.prepare("SELECT count(*) AS n FROM events WHERE status = 'processed'").get().n >= count / 5,
      'a fifth processed',
      60_000,
      5,
    );
    await ctx.cut('workerA');
    const processedAtCut = db.prepare("SELECT count(*) AS n FROM events WHERE status = 'processed'").get().n;
    const accepted = await sending;
    await until(() => pendingEvents(db) === 0, 'every event to be processed by the remaining host', 90_000);
    const result = checkInvariants(db, accepted);
    if (dropped.child.exitCode !== null) result.failures.push('the dropped worker exited instead of hanging');
    const counts = await ctx.eventJobCounts();
    if (counts.failed > 0) result.failures.push(`${counts.failed} event jobs failed`);
    if (processedAtCut >= accepted.length)
      result.failures.push('the host was cut after the batch, not during it');
    const facts = { 'processed after the cut': accepted.length - processedAtCut };
    return { eventsSent: events.length, accepted: accepted.length, ...result, facts, busy: ctx.busyCount() };
  } finally {
    db.close();
  }
}
