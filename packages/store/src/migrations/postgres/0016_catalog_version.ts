/**
 * Migration 16 (`catalog_version`) on PostgreSQL: score definitions move the counter of migration 14
 * too, through the same function, so the catalog kept in memory (repositories/catalog.ts) holds them.
 */
export const catalogVersion = `
CREATE TRIGGER score_definitions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON score_definitions
  FOR EACH STATEMENT EXECUTE FUNCTION scoreflow_trigger_index_changed();
`;
