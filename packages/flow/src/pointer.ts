/**
 * An RFC 6901 JSON pointer from a path of keys and indexes (a diagnostic's or a zod issue's `path`),
 * so errors can say where in a document or request body the problem is.
 */
export function toJsonPointer(path: readonly PropertyKey[] | undefined): string {
  if (!path || path.length === 0) return '';
  return `/${path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}
