/** "a, b,, c" -> ["a", "b", "c"] */
export function parseNames(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A typed value from a form: numbers and true/false become themselves, anything else stays text. */
export function parseScalar(text: string): string | number | boolean {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/**
 * "name = value" lines (scores, attributes) into an object; returns the first bad line instead when
 * one does not parse, so the panel can point at it. Values are data, never evaluated.
 */
export function parsePairs<T>(
  text: string,
  value: (raw: string) => T | undefined,
): { ok: true; value: Record<string, T> } | { ok: false; line: string } {
  const out: Record<string, T> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    const v = eq > 0 ? value(line.slice(eq + 1)) : undefined;
    if (!key || v === undefined) return { ok: false, line: line.trim() };
    out[key] = v;
  }
  return { ok: true, value: out };
}

/** A finite number or undefined. */
export function parseNumber(raw: string): number | undefined {
  const n = raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isFinite(n) ? n : undefined;
}
