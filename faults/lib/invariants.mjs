/** Polls `predicate` until it holds; fails naming `what` after `ms`. */
export async function until(predicate, what, ms = 60_000, every = 100) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** One number from the database: the `n` of the first row of `text`. */
export const scalar = async (db, text, ...params) => Number((await db.get(text, ...params))?.n ?? 0);

export const pendingEvents = (db) => scalar(db, "SELECT count(*) AS n FROM events WHERE status = 'pending'");
export const pendingWaits = (db) => scalar(db, "SELECT count(*) AS n FROM waits WHERE status = 'pending'");

/**
 * The invariants every case ends with, read from the database (a reader from database.mjs):
 * - every accepted event is processed, and started exactly `runsPerEvent` runs (none lost, none twice);
 * - no flow step wrote its score change twice (one ledger row per run and node);
 * - every score equals the sum of its ledger rows;
 * - no run is stuck: none running, none waiting on a wait that is due but still pending.
 * Returns the figures; `failures` lists what broke.
 */
export async function checkInvariants(db, acceptedIds, { runsPerEvent = 1, graceMs = 5_000 } = {}) {
  const failures = [];
  // Two grouped reads, not two queries per event: runs.trigger_event_id has no index, and a full-size
  // case checks a hundred thousand events.
  const statusOf = new Map((await db.all('SELECT id, status FROM events')).map((r) => [r.id, r.status]));
  const runsOf = new Map(
    (
      await db.all(
        'SELECT trigger_event_id AS id, count(*) AS n FROM runs WHERE trigger_event_id IS NOT NULL GROUP BY 1',
      )
    ).map((r) => [r.id, Number(r.n)]),
  );
  let lost = 0;
  let appliedTwice = 0;
  for (const id of acceptedIds) {
    const runs = runsOf.get(id) ?? 0;
    if (statusOf.get(id) !== 'processed' || runs < runsPerEvent) lost++;
    if (runs > runsPerEvent) appliedTwice++;
  }
  if (lost > 0) failures.push(`${lost} accepted events were not processed (or started no run)`);
  if (appliedTwice > 0) failures.push(`${appliedTwice} events started more runs than their flows`);

  const doubleSteps = await scalar(
    db,
    `SELECT count(*) AS n FROM (SELECT run_id, node_id FROM score_ledger WHERE cause_kind = 'flow'
     GROUP BY run_id, node_id HAVING count(*) > 1) AS twice`,
  );
  if (doubleSteps > 0) failures.push(`${doubleSteps} flow steps wrote their score change twice`);
  appliedTwice += doubleSteps;

  const mismatched = await db.all(
    `SELECT s.contact_id, s.name, s.value, coalesce(l.total, 0) AS total FROM scores s
       LEFT JOIN (SELECT contact_id, score, sum(delta) AS total FROM score_ledger GROUP BY contact_id, score) l
         ON l.contact_id = s.contact_id AND l.score = s.name
       WHERE abs(s.value - coalesce(l.total, 0)) > 1e-9`,
  );
  if (mismatched.length > 0) failures.push(`${mismatched.length} scores differ from their ledger sums`);

  const running = await scalar(db, "SELECT count(*) AS n FROM runs WHERE status = 'running'");
  const overdue = await scalar(
    db,
    "SELECT count(*) AS n FROM waits WHERE status = 'pending' AND due_at < ?",
    Date.now() - graceMs,
  );
  if (running > 0) failures.push(`${running} runs are stuck in "running"`);
  if (overdue > 0) failures.push(`${overdue} waits are overdue by more than ${graceMs} ms`);
  const ledgerTotal = await scalar(db, 'SELECT coalesce(sum(delta), 0) AS n FROM score_ledger');
  return { lost, appliedTwice, stuck: running + overdue, ledgerTotal, failures };
}
