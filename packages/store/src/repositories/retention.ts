import type { LegacyRepositoryContext } from './context.js';

export interface PruneReport {
  steps: number;
  events: number;
  outbox: number;
}

/**
 * Deletes what grows without bound and is only needed for a while: steps of ended runs, processed
 * events and delivered outbox rows older than the cutoff. The score ledger is kept (it explains every
 * score), and so is each contact's newest event of each type, so inactivity windows and decay keep
 * measuring from the real last engagement.
 */
export interface RetentionRepository {
  pruneBefore(cutoffMs: number, batch?: number): PruneReport;
  /** Checkpoints the WAL into the main file and returns free pages to the file system, a little at a time. */
  compact(pages?: number): void;
}

export function createRetentionRepository({ db }: LegacyRepositoryContext): RetentionRepository {
  const deleteSteps = db.prepare<[number, number]>(
    `DELETE FROM run_steps WHERE rowid IN (
       SELECT s.rowid FROM run_steps AS s JOIN runs AS r ON r.id = s.run_id
       WHERE s.ended_at < ? AND r.status NOT IN ('running', 'waiting') LIMIT ?)`,
  );
  const deleteEvents = db.prepare<[number, number]>(
    `DELETE FROM events WHERE rowid IN (
       SELECT e.rowid FROM events AS e
       WHERE e.occurred_at < ? AND e.status <> 'pending'
         AND EXISTS (SELECT 1 FROM events AS newer
                     WHERE newer.contact_id = e.contact_id AND newer.type = e.type
                       AND (newer.occurred_at > e.occurred_at
                            OR (newer.occurred_at = e.occurred_at AND newer.rowid > e.rowid)))
       LIMIT ?)`,
  );
  const deleteOutbox = db.prepare<[number, number]>(
    `DELETE FROM outbox WHERE rowid IN (
       SELECT rowid FROM outbox WHERE status = 'delivered' AND delivered_at < ? LIMIT ?)`,
  );
  // Batches keep each write transaction short, so workers are never blocked for long.
  const drain = (statement: typeof deleteSteps, cutoff: number, batch: number) => {
    let total = 0;
    for (;;) {
      const { changes } = db.transaction(() => statement.run(cutoff, batch)).immediate();
      total += changes;
      if (changes < batch) return total;
    }
  };
  return {
    pruneBefore(cutoffMs, batch = 5_000) {
      return {
        steps: drain(deleteSteps, cutoffMs, batch),
        events: drain(deleteEvents, cutoffMs, batch),
        outbox: drain(deleteOutbox, cutoffMs, batch),
      };
    },
    compact(pages = 1_000) {
      // The vacuum's page moves go through the WAL; the checkpoint after it is what shrinks the file.
      db.pragma(`incremental_vacuum(${Math.trunc(pages)})`);
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}
