/** Migration 17 (`frequency_caps`) on PostgreSQL: the workspace's settings and each email's category. */
export const frequencyCaps = `
CREATE TABLE workspace_settings (
  key        text PRIMARY KEY,
  value      text NOT NULL CHECK (value::json IS NOT NULL),
  updated_at bigint NOT NULL
);
ALTER TABLE outbox ADD COLUMN category text;
`;
