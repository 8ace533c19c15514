/**
 * Migration 14 (`trigger_index_version`) on PostgreSQL: the counter the trigger index cache checks, moved by
 * one statement-level trigger (SQLite has row-level ones only; either way every change moves it).
 */
export const triggerIndexVersion = `
CREATE TABLE trigger_index_version (
  id      integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);

CREATE FUNCTION scoreflow_trigger_index_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO trigger_index_version (id, version) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET version = trigger_index_version.version + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER flow_triggers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON flow_triggers
  FOR EACH STATEMENT EXECUTE FUNCTION scoreflow_trigger_index_changed();
`;
