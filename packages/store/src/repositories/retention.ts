import { sql } from 'kysely';
import type { RepositoryContext } from './context.js';

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
  pruneBefore(cutoffMs: number, batch?: number): Promise<PruneReport>;
  /**
   * SQLite: checkpoints the WAL into the main file and returns free pages to the file system, a little
   * at a time. PostgreSQL: nothing to do, autovacuum reclaims the space of deleted rows.
   */
  compact(pages?: number): Promise<void>;
}

export function createRetentionRepository({ db, dialect }: RepositoryContext): RetentionRepository {
  const deleteSteps = (cutoff: number, batch: number) =>
    db()
      .deleteFrom('run_steps')
      .where('rowid', 'in', (eb) =>
        eb
          .selectFrom('run_steps as s')
          .innerJoin('runs as r', 'r.id', 's.run_id')
          .select('s.rowid')
          .where('s.ended_at', '<', cutoff)
          .where('r.status', 'not in', ['running', 'waiting'])
          .limit(batch),
      )
      .executeTakeFirstOrThrow();
  const deleteEvents = (cutoff: number, batch: number) =>
    db()
      .deleteFrom('events')
      .where('rowid', 'in', (eb) =>
        eb
          .selectFrom('events as e')
          .select('e.rowid')
          .where('e.occurred_at', '<', cutoff)
          .where('e.status', '<>', 'pending')
          // The contact's newer event of the same type, which stays: the newest one never goes.
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('events as newer')
                .select(sql.lit(1).as('one'))
                .whereRef('newer.contact_id', '=', 'e.contact_id')
                .whereRef('newer.type', '=', 'e.type')
                .where((eb) =>
                  eb.or([
                    eb('newer.occurred_at', '>', eb.ref('e.occurred_at')),
                    eb.and([
                      eb('newer.occurred_at', '=', eb.ref('e.occurred_at')),
                      eb('newer.rowid', '>', eb.ref('e.rowid')),
                    ]),
                  ]),
                ),
            ),
          )
          .limit(batch),
      )
      .executeTakeFirstOrThrow();
  const deleteOutbox = (cutoff: number, batch: number) =>
    db()
      .deleteFrom('outbox')
      .where('rowid', 'in', (eb) =>
        eb
          .selectFrom('outbox')
          .select('rowid')
          .where('status', '=', 'delivered')
          .where('delivered_at', '<', cutoff)
          .limit(batch),
      )
      .executeTakeFirstOrThrow();
  // Batches keep each write short, so workers are never blocked for long.
  const drain = async (
    statement: (cutoff: number, batch: number) => Promise<{ numDeletedRows: bigint }>,
    cutoff: number,
    batch: number,
  ) => {
    let total = 0;
    for (;;) {
      const deleted = Number((await statement(cutoff, batch)).numDeletedRows);
      total += deleted;
      if (deleted < batch) return total;
    }
  };
  return {
    async pruneBefore(cutoffMs, batch = 5_000) {
      return {
        steps: await drain(deleteSteps, cutoffMs, batch),
        events: await drain(deleteEvents, cutoffMs, batch),
        outbox: await drain(deleteOutbox, cutoffMs, batch),
      };
    },
    async compact(pages = 1_000) {
      if (dialect !== 'sqlite') return;
      // The vacuum's page moves go through the WAL; the checkpoint after it is what shrinks the file.
      await sql.raw(`PRAGMA incremental_vacuum(${Math.trunc(pages)})`).execute(db());
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db());
    },
  };
}
