import { activateFlow, call, makeEvents, pointsFlow, sendEvents } from '../lib/api.mjs';
import { checkInvariants, pendingEvents, until } from '../lib/invariants.mjs';

/**
 * Redis dies while clients keep sending events: every POST answers promptly, 202 (durable in SQLite,
 * processed once Redis is back) or 503, and never hangs.
 */
export const name = 'Redis down during ingestion';
export const persistent = true;

// Ingestion waits up to 1 s for Redis before answering from SQLite alone; a hang is anything far beyond.
const HANG_MS = 3_000;
const SENDERS = 8;

export async function run(ctx, { short }) {
  const outageMs = short ? 3_000 : 15_000;
  const api = await ctx.start('api');
  await activateFlow(api.url, pointsFlow('email.clicked', 3));
  await activateFlow(api.url, pointsFlow('email.opened', 1));
  await ctx.start('worker');
  const db = await ctx.openDb();
  const failures = [];
  try {
    const before = makeEvents('down-before', 200, 40);
    const accepted = await sendEvents(api.url, before);

    await ctx.redis.stop('SIGKILL');
    const answers = [];
    let sent = before.length;
    const stopAt = Date.now() + outageMs;
    await Promise.all(
      Array.from({ length: SENDERS }, async (_, s) => {
        for (let i = 0; Date.now() < stopAt; i++) {
          const event = {
            id: `down-${s}-${i}`,
            type: 'email.clicked',
            contact: { email: `down-${i % 20}@example.com` },
          };
          sent++;
          try {
            const res = await call(api.url, 'POST', '/api/events', event, HANG_MS + 2_000);
            answers.push({ id: event.id, status: res.status, ms: res.ms });
          } catch (err) {
            answers.push({ id: event.id, status: 0, ms: HANG_MS + 2_000, error: String(err) });
          }
        }
      }),
    );
    const hung = answers.filter((a) => a.status === 0 || a.ms > HANG_MS);
    const slow503 = answers.filter((a) => a.status === 503 && a.ms > 1_500);
    const other = answers.filter((a) => a.status !== 202 && a.status !== 503 && a.status !== 0);
    if (answers.length === 0) failures.push('no request was made while Redis was down');
    if (hung.length > 0) failures.push(`${hung.length} requests hung (no answer within ${HANG_MS} ms)`);
    if (slow503.length > 0) failures.push(`${slow503.length} requests took over 1.5 s to be refused`);
    if (other.length > 0)
      failures.push(`${other.length} requests answered ${[...new Set(other.map((a) => a.status))]}`);
    const during = answers.filter((a) => a.status === 202).map((a) => a.id);
    accepted.push(...during);

    await ctx.redis.start();
    // Events accepted while Redis was away are queued again by the reconciler, at the latest 30 s later.
    await until(
      async () => (await pendingEvents(db)) === 0,
      'events accepted during the outage to be processed',
      90_000,
    );
    const result = await checkInvariants(db, accepted);
    const refused = answers.filter((a) => a.status === 503).length;
    return {
      eventsSent: sent,
      ...result,
      failures: [...failures, ...result.failures],
      facts: {
        'accepted while down': during.length,
        'refused (503)': refused,
        'slowest answer (ms)': Math.max(0, ...answers.map((a) => a.ms)),
      },
      busy: ctx.busyCount(),
    };
  } finally {
    await db.close();
  }
}
