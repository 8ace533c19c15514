import type { DatabaseSummary } from '@scoreflow/store';

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;

/** The lines both commands end with: what the database holds, so an operator can tell it is the right one. */
export function describeDatabase(summary: DatabaseSummary): string {
  const width = Math.max(...Object.keys(summary.rows).map((t) => t.length));
  const rows = Object.entries(summary.rows).map(
    ([table, n]) => `  ${table.padEnd(width)}  ${n.toLocaleString('en-US').padStart(12)}`,
  );
  return [
    `${summary.file}: ${mib(summary.bytes)}, schema version ${summary.schemaVersion}, integrity ok`,
    ...rows,
    `  pending at the time of the copy: ${summary.pendingEvents} events, ${summary.pendingWaits} waits, ` +
      `${summary.pendingDeliveries} deliveries`,
  ].join('\n');
}

/** Prints `message` to stderr and exits with `code`: the commands' only way out on failure. */
export function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
