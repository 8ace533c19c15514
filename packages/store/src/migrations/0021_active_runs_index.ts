import type { Migration } from './types.js';

/**
 * The re-entry check ("is this contact in this flow now?") reads the contact's active runs in the
 * flow. Nearly every run of a lead-scoring flow ends in the job that starts it, so an index of every
 * run by contact, flow and status grew by one entry per run for lookups that only ever want the few
 * running or waiting ones. A partial index holds those alone: an ended run is never written to it.
 * Queries name its condition literally (`runs.ts`, `activeRun`): a database only uses a partial index
 * when the query's own condition implies the index's, and a bound list of statuses does not.
 */
export const activeRunsIndex: Migration = {
  version: 21,
  name: 'active_runs_index',
  up(db) {
    db.exec(`
      DROP INDEX runs_by_contact_flow_status;
      CREATE INDEX runs_active_by_contact_flow ON runs (contact_id, flow_id)
        WHERE status IN ('running', 'waiting');
    `);
  },
};
