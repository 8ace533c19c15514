/** Migration 21 (`active_runs_index`) on PostgreSQL: see the SQLite migration of the same number. */
export const activeRunsIndex = `
DROP INDEX runs_by_contact_flow_status;
CREATE INDEX runs_active_by_contact_flow ON runs (contact_id, flow_id)
  WHERE status IN ('running', 'waiting');
`;
