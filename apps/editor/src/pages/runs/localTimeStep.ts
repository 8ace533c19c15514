/**
 * What a step on the contact's clock recorded, as one sentence: a send the flow's window held, a
 * wait until a day and time or a date, or a date wait that went on at once. The moments are already
 * worded by the server in the contact's time zone ("Mon 2026-03-30 09:00 Europe/Paris"), so they read
 * the same for everyone looking at the run.
 */
export function localTimeSentence(output: unknown): string | null {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return null;
  const o = output as Record<string, unknown>;
  const text = (key: string) => (typeof o[key] === 'string' ? (o[key] as string) : undefined);
  const window = text('outsideWindow');
  const waitsUntil = text('waitsUntil');
  if (window !== undefined)
    return `Outside the send window ${window}${waitsUntil ? ` — waits until ${waitsUntil}` : ''}`;
  const until = text('until');
  const wentOn = text('wentOn');
  if (wentOn !== undefined) {
    // The date that was past, or the attribute that held none: the sentence alone does not say which.
    const which = until ?? text('attribute');
    return `Went on at once: ${wentOn}${which ? ` (${which})` : ''}`;
  }
  if (until !== undefined) return `Waits until ${until}`;
  return null;
}
