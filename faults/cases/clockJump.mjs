import { pointsFlow, waitFlow } from '../lib/api.mjs';
import { POSTGRES_URL, readerOf } from '../lib/database.mjs';
import { checkInvariants } from '../lib/invariants.mjs';

/**
 * The clock jumps forward. Done in-process with the runtime's test harness, whose clock is controllable
 * (its SQLite file and queues are real; Redis is this case's own): a jump short of a wait fires nothing,
 * a jump past it fires each wait once, and score decay is applied once per elapsed period however often
 * the sweep runs after the jump.
 */
export const name = 'Clock jumped forward';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function run(ctx, { short }) {
  const contacts = short ? 50 : 500;
  // The harness reads REDIS_URL when it is loaded: point it at this case's private Redis first.
  process.env.REDIS_URL = ctx.redis.url;
  // And its store at the suite's PostgreSQL server when the suite runs on PostgreSQL.
  if (ctx.store === 'postgres') process.env.SCOREFLOW_TEST_POSTGRES = POSTGRES_URL;
  const { activateFlow, createTestRuntime } = await import('@scoreflow/runtime/testing');
  const { processWait } = await import('@scoreflow/runtime');
  const t = await createTestRuntime();
  const failures = [];
  if (t.store.dialect !== ctx.store) failures.push(`the harness ran on ${t.store.dialect}, not ${ctx.store}`);
  try {
    await t.runtime.start();
    await activateFlow(t.store, waitFlow('signup', 3600, 16));
    await activateFlow(t.store, pointsFlow('pricing.viewed', 40));
    await t.store.scoreDefinitions.upsert({
      name: 'SCORE',
      description: '',
      floor: null,
      cap: null,
      decay: { kind: 'percent', percent: 50, periodDays: 7, events: ['pricing.viewed'] },
    });
    const events = [];
    for (let c = 0; c < contacts; c++) {
      const contact = { email: `clock-${c}@example.com` };
      events.push(
        { id: `clock-s-${c}`, type: 'signup', contact },
        { id: `clock-p-${c}-0`, type: 'pricing.viewed', contact },
        { id: `clock-p-${c}-1`, type: 'pricing.viewed', contact },
      );
    }
    const results = [];
    for (let i = 0; i < events.length; i += 300) results.push(...(await t.send(...events.slice(i, i + 300))));
    const accepted = results.filter((r) => r.status === 'accepted').map((r) => r.id);
    const waits = await t.store.waits.listPending(100_000);
    if (waits.length !== contacts) failures.push(`${waits.length} waits pending, expected ${contacts}`);

    // A jump short of the wait: the reconciler finds nothing due, and a wait job delivered now is early.
    t.clock.advance(HOUR - 1_000);
    await t.runtime.reconcile();
    const earlyResults = await Promise.all(waits.map((w) => processWait(t.runtime.deps, w.id)));
    const early = earlyResults.filter((r) => r.status !== 'early').length;
    if (early > 0) failures.push(`${early} waits fired before their time after a 59-minute jump`);

    // Past the wait: the reconciler promotes every delayed job; each fires once.
    t.clock.advance(1_000);
    await t.runtime.reconcile();
    await t.until(
      async () => (await t.store.waits.listPending(100_000)).length === 0,
      'every wait to fire',
      30_000,
    );
    const againResults = await Promise.all(waits.map((w) => processWait(t.runtime.deps, w.id)));
    const twice = againResults.filter((r) => r.status !== 'skipped').length;
    if (twice > 0) failures.push(`${twice} waits resumed their run a second time`);

    // Decay: 96 points each; a jump of 15 days is two full periods (96 → 24) however often the sweep
    // runs, then one more period (→ 12).
    t.clock.advance(15 * DAY);
    await t.runtime.sweep();
    await t.runtime.sweep();
    await t.runtime.sweep();
    t.clock.advance(7 * DAY);
    await t.runtime.sweep();
    await t.runtime.sweep();
    let wrongScore = 0;
    let wrongRows = 0;
    for (let c = 0; c < contacts; c++) {
      const id = (await t.store.contacts.findByEmail(`clock-${c}@example.com`))?.id ?? '';
      // 40 + 40 from pricing views, +16 from the wait, then 96 → 48 → 24 → 12.
      if ((await t.store.scores.get(id, 'SCORE')) !== 12) wrongScore++;
      const decay = (await t.store.ledger.listForContact(id)).filter(
        (r) => r.causeKind === 'decay' && r.delta !== 0,
      );
      if (decay.length !== 3) wrongRows++;
    }
    if (wrongScore > 0) failures.push(`${wrongScore} contacts do not hold 12 after three decay periods`);
    if (wrongRows > 0) failures.push(`${wrongRows} contacts do not have exactly three decay ledger rows`);

    const result = await checkInvariants(readerOf(t.store.db, t.store.dialect), accepted, {
      runsPerEvent: 1,
      graceMs: 0,
    });
    return {
      eventsSent: events.length,
      ...result,
      appliedTwice: result.appliedTwice + twice + wrongRows,
      failures: [...failures, ...result.failures],
      facts: { 'waits fired': waits.length, early: early },
    };
  } finally {
    await t.close();
  }
}
