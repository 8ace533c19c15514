/** Epoch milliseconds as a local date and time. */
export const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString());
