/** A short id not in `taken`; ids are opaque, only unique within one document. */
export function newId(prefix: string, taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `${prefix}${Math.random().toString(36).slice(2, 8)}`;
    if (!taken.has(id)) return id;
  }
}
