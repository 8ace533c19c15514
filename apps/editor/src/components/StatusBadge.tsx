/** A run, step or delivery status as a coloured pill; the class carries the status for styling and tests. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge run-status status-${status}`} data-testid="status">
      {status}
    </span>
  );
}
