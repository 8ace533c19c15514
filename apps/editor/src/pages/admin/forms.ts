/** An ISO timestamp from the API as a local date and time. */
export const when = (iso: string | null) => (iso === null ? '—' : new Date(iso).toLocaleString());
