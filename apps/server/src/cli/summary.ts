import { type DatabaseSummary, displayLocation, isPostgresUrl } from '@scoreflow/store';

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

/**
 * The backup and the restore copy the SQLite file in DATA_DIR; with DATABASE_URL set there is none,
 * and PostgreSQL has its own tools, which also copy a database in use consistently.
 */
export function refuseOnPostgres(command: 'backup' | 'restore', databaseLocation: string): void {
  if (!isPostgresUrl(databaseLocation)) return;
  const instead =
    command === 'backup'
      ? 'Use pg_dump instead (pg_dump --format=custom --file=scoreflow.dump "$DATABASE_URL")'
      : 'Use pg_restore instead: stop every Scoreflow process, restore into an empty database ' +
        '(pg_restore --no-owner --dbname="$DATABASE_URL" scoreflow.dump), then delete the ' +
        "installation's keys in Redis or start with a new QUEUE_PREFIX";
  fail(
    `${command} refused: DATABASE_URL is set, so the database is PostgreSQL ` +
      `(${displayLocation(databaseLocation)}), and this command only copies the SQLite file in DATA_DIR.\n` +
      `${instead}; see "Backups" in docs/deploy.md.`,
  );
}

/** Prints `message` to stderr and exits with `code`: the commands' only way out on failure. */
export function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
