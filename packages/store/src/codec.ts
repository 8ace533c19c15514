// Conversions between row values and record values, shared by the repository files. Rows keep times as
// INTEGER epoch milliseconds (sortable, compact, index-friendly); records show ISO-8601 strings.

/** Epoch milliseconds as an ISO-8601 string. */
export const toIso = (ms: number): string => new Date(ms).toISOString();

/** Nullable variant of {@link toIso}. */
export const toIsoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms));

/**
 * JSON text for a JSON column. `undefined` becomes `null` so that a column always holds valid JSON
 * (columns carry `CHECK (json_valid(...))`).
 */
export const toJson = (value: unknown): string => JSON.stringify(value ?? null);

/** Parses a JSON column written by {@link toJson}. */
export const fromJson = <T = unknown>(text: string): T => JSON.parse(text) as T;
