/**
 * Rows per multi-row statement and ids per `IN (...)` in the store's batch writes (an import): well
 * under both databases' limits on bound values (PostgreSQL 65,535; SQLite 32,766), and few enough
 * that one statement stays a modest amount of work.
 */
export const BATCH_ROWS = 500;

/** `items` in consecutive slices of at most `size` ({@link BATCH_ROWS} unless told). */
export function batches<T>(items: readonly T[], size = BATCH_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Rows per multi-row statement of one job's writes (its runs, their steps, its ledger rows): the five runs of an
 * event of the lead-scoring shape and their 20 steps are one statement each, and the prepared
 * statements, one per row count, stay few.
 */
export const JOB_BATCH_ROWS = 32;
