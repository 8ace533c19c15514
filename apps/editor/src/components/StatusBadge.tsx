/**
 * Step statuses in the words run and delivery statuses use, so a step reads "failed" beside a run
 * "failed", not "error".
 */
const WORDS: Record<string, string> = { ok: 'succeeded', error: 'failed', not_sent: 'not sent' };

/** A run, step or delivery status as a coloured pill; the class carries the status for styling and tests. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge run-status status-${status}`} data-testid="status" data-status={status}>
      {WORDS[status] ?? status}
    </span>
  );
}
