import { activateFlow, call, pointsFlow } from '../lib/api.mjs';
import { checkInvariants, pendingEvents, scalar, until } from '../lib/invariants.mjs';

/**
 * One API process and two worker processes write the same SQLite file for a while (ingestion, flow
 * runs, manual score edits, reads): no client ever sees SQLITE_BUSY or a 5xx.
 */
export const name = 'API + two workers writing one database';

const BATCH = 25;
const PAUSE_MS = 200;

export async function run(ctx, { short }) {
  const durationMs = short ? 10_000 : 180_000;
  const api = await ctx.start('api');
  await activateFlow(api.url, pointsFlow('email.clicked', 3));
  await activateFlow(api.url, pointsFlow('email.opened', 1));
  await ctx.start('worker');
  await ctx.start('worker');
  const db = await ctx.openDb();
  const accepted = [];
  const bad = [];
  let requests = 0;
  let sent = 0;
  const stopAt = Date.now() + durationMs;
  const record = (what, res) => {
    requests++;
    if (res.status >= 500 || /SQLITE_BUSY/.test(res.text))
      bad.push(`${what}: ${res.status} ${res.text.slice(0, 200)}`);
    return res;
  };
  try {
    const ingest = async (s) => {
      for (let b = 0; Date.now() < stopAt; b++) {
        const events = Array.from({ length: BATCH }, (_, i) => ({
          id: `busy-${s}-${b}-${i}`,
          type: i % 3 === 0 ? 'email.clicked' : 'email.opened',
          contact: { email: `busy-${(b * BATCH + i) % 200}@example.com` },
        }));
        sent += events.length;
        const res = record('batch', await call(api.url, 'POST', '/api/events/batch', { events }));
        if (res.status === 202)
          for (const r of JSON.parse(res.text).results) if (r.status === 'accepted') accepted.push(r.id);
        // Paced below what two workers process, so the case measures contention, not a growing backlog.
        await new Promise((r) => setTimeout(r, PAUSE_MS));
      }
    };
    // Manual edits write score and ledger rows from the API process while the workers write theirs.
    const edit = async () => {
      while (Date.now() < stopAt) {
        const list = record('contacts', await call(api.url, 'GET', '/api/contacts?limit=100'));
        const items = list.status === 200 ? JSON.parse(list.text).items : [];
        for (const contact of items.slice(0, 20)) {
          record(
            'edit',
            await call(api.url, 'POST', `/api/contacts/${contact.id}/scores/SCORE`, {
              delta: 1,
              note: 'fault suite',
            }),
          );
          record('ledger', await call(api.url, 'GET', `/api/contacts/${contact.id}/ledger`));
        }
        record('runs', await call(api.url, 'GET', '/api/runs?limit=100'));
        if (items.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
    };
    await Promise.all([ingest(0), ingest(1), ingest(2), ingest(3), edit(), edit()]);
    await until(async () => (await pendingEvents(db)) === 0, 'every event to be processed', 120_000);
    const result = await checkInvariants(db, accepted);
    const edits = await scalar(db, "SELECT count(*) AS n FROM score_ledger WHERE cause_kind = 'manual'");
    const failures = [...result.failures];
    if (bad.length > 0) failures.push(`${bad.length} requests failed, first: ${bad[0]}`);
    if (edits === 0)
      failures.push('no manual edit was written: the API process never wrote alongside the workers');
    return {
      eventsSent: sent,
      ...result,
      failures,
      facts: { requests, 'manual edits': edits, '5xx or SQLITE_BUSY': bad.length },
      busy: ctx.busyCount(),
    };
  } finally {
    await db.close();
  }
}
